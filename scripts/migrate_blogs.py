"""Build real blogs of other generators with wom and print the share of their posts published.

    python scripts/migrate_blogs.py [--import] NAME:KIND:PATH ...
    python scripts/migrate_blogs.py              # the excerpts in tests/fixtures/blogs/

KIND is jekyll, hugo or pelican; PATH a clone of the blog's repository (or the fixture).
Without --import the posts are copied unedited into content/stories/ of a fresh site and
built with `wom build --keep-going`; with it, the site is made by `wom import KIND PATH`.
A post counts as published when its page exists and shows none of the other generator's
syntax as text (outside code). Run from the repository root.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "blogs"
MARKDOWN = (".md", ".markdown")
SITE = 'title: "Migrated"\nbase_url: "https://example.org/"\ntimezone: UTC\n'
# What a page must not show as text: Liquid, Hugo shortcodes, Pelican link markers
LEFT = re.compile(r"\{%-?\s*\w+.*?%\}|\{\{[<%].*?[>%]\}\}|\{\{-?\s+[A-Za-z_][\w.]*(?:\s*\|[^}]*)?\s*-?\}\}"
                  r"|\{(?:filename|static|attach)\}|\|(?:filename|static|attach)\|")


POST_SECTIONS = {"post", "posts", "blog", "news", "articles", "article"}
TRANSLATION = re.compile(r"\.[a-z]{2}(-[a-z]{2,4})?\.(md|markdown)$", re.I)


def posts_of(kind: str, blog: Path) -> list[tuple[Path, Path, bool]]:
    """(file, path below the posts folder, is a post) of every post and page of the blog, with
    the files beside them (bundles' images). Hugo's translations (x.fr.md, content/fr/) are
    left out: languages are another matter."""
    if kind == "jekyll":
        roots = [p for p in blog.rglob("_posts") if p.is_dir() and "node_modules" not in p.parts]
    else:
        roots = [p for p in blog.rglob("content") if p.is_dir() and "node_modules" not in p.parts and "themes" not in p.parts]
        roots = [r / "en" if (r / "en").is_dir() else r for r in roots]
    found = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if not path.is_file() or any(part.startswith((".", "_")) for part in rel.parts) or TRANSLATION.search(path.name):
                continue
            folders = {part.lower() for part in rel.parts[:-1]}
            post = kind == "jekyll" or (kind == "hugo" and bool(folders & POST_SECTIONS)) \
                or (kind == "pelican" and "pages" not in folders and rel.parts[0] not in ("extra", "static", "images"))
            found.append((path, rel, post))
    return found


def copy_site(kind: str, blog: Path, site: Path) -> int:
    """Posts into content/stories/, pages into content/pages/, and Jekyll's _config.yml beside
    site.yaml (its values are what posts print as {{ site.x }}), as a person moving would."""
    (site / "content" / "stories").mkdir(parents=True)
    (site / "site.yaml").write_text(SITE, encoding="utf-8")
    if kind == "jekyll":  # the site's root is the folder that holds _posts
        roots = [blog] + [p.parent for p in sorted(blog.rglob("_posts")) if "node_modules" not in p.parts]
        config = next((r / n for r in roots for n in ("_config.yml", "_config.yaml") if (r / n).is_file()), None)
        if config is not None:
            shutil.copyfile(config, site / config.name)
    count = 0
    for path, rel, post in posts_of(kind, blog):
        target = site / "content" / ("stories" if post else "pages") / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        count += post and path.suffix.lower() in MARKDOWN
    return count


def wom(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wom_site", *args], capture_output=True, text=True, cwd=ROOT)


def published(site: Path) -> tuple[int, list[str]]:
    """Posts whose page was written, and the pages that show another generator's syntax."""
    sys.path.insert(0, str(ROOT))
    from wom_site.build import BuildOptions, build

    result = build(BuildOptions(source=site, keep_going=True, drafts=True, future=True, use_cache=False))
    dirty, clean = [], 0
    for page in result.site.posts if result.site else []:
        html = (result.output_dir / (page.site_path + "index.html" if page.site_path.endswith("/") else page.site_path)).read_text("utf-8")
        text = re.sub(r"<(pre|code)\b.*?</\1>", "", html, flags=re.S)
        left = LEFT.findall(text)
        if left:
            dirty.append(f"{page.entry.source}: {left[0][:60]}")
        else:
            clean += 1
    return clean, dirty


def run(name: str, kind: str, blog: Path, use_import: bool) -> tuple[int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if use_import:
            done = wom("import", kind, str(blog), str(site))
            if done.returncode not in (0, 1):
                print(f"{name}: wom import failed: {done.stderr.strip()[-300:]}")
                return 0, 0
            total = sum(1 for path, _, post in posts_of(kind, blog) if post and path.suffix.lower() in MARKDOWN)
        else:
            total = copy_site(kind, blog, site)
        build = wom("build", "--keep-going", "--drafts", "--future", "--no-cache", "--source", str(site), "--quiet")
        clean, dirty = published(site)
        share = clean / total if total else 0
        print(f"{name:24} {kind:8} {clean:4}/{total:<4} posts published clean ({share:.0%}), wom build exit {build.returncode}")
        for line in dirty[:5]:
            print(f"    shows as text: {line}")
        return clean, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--import", dest="use_import", action="store_true", help="make each site with `wom import`")
    parser.add_argument("blogs", nargs="*", help="NAME:KIND:PATH (default: every fixture)")
    args = parser.parse_args()
    blogs = [b.split(":", 2) for b in args.blogs] or [(d.name, d.name.split("-")[0], str(d)) for d in sorted(FIXTURES.iterdir())]
    clean = total = 0
    for name, kind, path in blogs:
        c, t = run(name, kind, Path(path), args.use_import)
        clean, total = clean + c, total + t
    print(f"{'all':24} {'':8} {clean:4}/{total:<4} ({clean / total if total else 0:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
