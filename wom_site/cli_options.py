"""The `wom` command line's words: every command, its options and --help texts with examples.

cli.py runs the commands; this module only describes them (argparse).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import wom_site

FIRST_HOUR = """\
Your first hour with wom:
  wom init my-site && cd my-site          create a site that builds at once
  wom new story "Rosa's new bike"          write a draft story: fill in the customer's words
  wom serve --drafts                      preview at http://127.0.0.1:8000/, reloading on every save
  wom check                               what would share badly: titles, images, links
  wom deploy ~/public_html                publish: a folder, user@host:/path, s3://bucket, git+URL

Every command: wom --help. One command, with examples: wom COMMAND --help.
"""

EXAMPLES = {
    "build": "  wom build\n  wom build --drafts --output /tmp/preview\n  wom build --base-url https://example.org/shop/blog/",
    "check": "  wom check\n  wom check --format json > report.json",
    "serve": "  wom serve --open\n  wom serve --drafts --future --port 8080",
    "init": "  wom init my-site && cd my-site && wom serve",
    "new": ('  wom new story "How Rosa got her van back"\n  wom new next "Oil the chain"   # the kind the rhythm says is due\n'
            '  wom new tip "Oil the chain before winter"\n  wom new page "Opening hours"'),
    "import": "  wom import jekyll ~/old-blog my-site\n  wom import wordpress export.xml my-site --download-images",
    "kit": "  wom kit rosa\n  wom kit content/stories/rosa.md --source my-site",
    "rhythm": "  wom rhythm\n  WOM_NOW=2026-12-24 wom rhythm --source my-site",
    "deploy": ("  wom deploy ~/public_html --dry-run\n  wom deploy deploy@example.com:/var/www/site\n"
               "  wom deploy git+git@github.com:me/my-site.git\n  wom deploy production   # a name under site.yaml's deploy:"),
}


def _command(commands, name: str, **kwargs) -> argparse.ArgumentParser:
    """A subcommand whose --help ends with examples."""
    return commands.add_parser(name, epilog="examples:\n" + EXAMPLES[name],
                               formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)


class _Parser(argparse.ArgumentParser):
    """argparse, with its complaint in the form of every problem line: `--port: invalid int value:
    'x'`, `wom new: the following arguments are required: title` (after the usage, exit status 2).
    Subcommands' parsers are made of the same class."""

    def error(self, message: str):
        self.print_usage()
        head, sep, rest = message.partition(": ")
        if head.startswith("argument ") and sep:
            line = f"{head.removeprefix('argument ')}: {rest}"
        elif head == "unrecognized arguments" and sep:
            line = f"{rest}: not an option of this command (`wom COMMAND --help` lists each command's options)"
        else:
            line = f"{self.prog}: {message}"
        self.exit(2, line + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wom", description="Build word-of-mouth sites from Markdown stories and tips.",
                                     epilog=FIRST_HOUR, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"wom-site {wom_site.__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _building_commands(commands)
    _writing_commands(commands)
    _deploy_command(commands)
    return parser


def _building_commands(commands) -> None:
    """build, check and serve: the commands that build the site."""
    build = _command(commands, "build", help="build the site into output/", description="Build the site into its output folder.")
    _build_arguments(build)
    build.add_argument("--output", type=Path, help="output folder (default: site.yaml's output, 'output')")
    build.add_argument("--quiet", action="store_true", help="print errors only")
    build.add_argument("--verbose", action="store_true", help="list every warning (many of one kind are otherwise summed up)")
    build.add_argument("--no-cache", action="store_true", help="ignore and do not write .wom-cache/")
    build.add_argument("--keep-going", action="store_true",
                       help="publish every post that builds, list the others with the reason (exit status 1)")

    check = _command(commands, "check", help="report how ready the built site is to be shared",
                                description="Build the site, then check every page's share tags, images and links.")
    _build_arguments(check)
    check.add_argument("--output", type=Path, help="output folder (default: site.yaml's output)")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--no-build", action="store_true", help="check the existing output without building")
    check.add_argument("--verbose", action="store_true", help="list every finding (many of one kind are otherwise summed up)")
    serve = _command(commands, "serve", help="preview the site; rebuild and reload on save",
                                description="Build into .wom-cache/serve/ (never output/), serve it, rebuild on every save "
                                            "and reload open pages.")
    serve.add_argument("--source", type=Path, default=Path("."), help="the site folder holding site.yaml (default: .)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--drafts", action="store_true", help="include drafts and stories awaiting approval")
    serve.add_argument("--future", action="store_true", help="include posts dated in the future")
    serve.add_argument("--open", action="store_true", help="open the site in the browser")


def _writing_commands(commands) -> None:
    """init, new, import, kit and rhythm: the commands that help write the site."""
    init = _command(commands, "init", help="create a new site in DIR", description="Create a new site that builds at once.")
    init.add_argument("directory", type=Path)
    init.add_argument("--language", default="en", metavar="LANG",
                      help="the site's language (de, ja, ar, pt-BR...): site.yaml's language, menu and description in it")

    new = _command(commands, "new", help="write a new story, tip or page", description="Write content/<kind>/<slug>.md with its front matter filled in.")
    new.add_argument("kind", choices=["story", "tip", "page", "next"], help="next: the kind the posting rhythm says is due first")
    new.add_argument("title")
    new.add_argument("--source", type=Path, default=Path("."), help="the site folder (default: .)")

    imp = _command(commands, "import", help="make a wom site from a Jekyll, Hugo, Pelican or WordPress site",
                              description="Make a wom site in DEST from another generator's site folder, or from a "
                                          "WordPress export (WXR) file. Running it again over its own result is safe.")
    imp.add_argument("kind", choices=["jekyll", "hugo", "pelican", "wordpress"])
    imp.add_argument("source", type=Path, help="the site's folder (for wordpress: the export .xml file)")
    imp.add_argument("dest", type=Path, nargs="?", default=Path("."), help="the new site's folder (default: .)")
    imp.add_argument("--download-images", action="store_true",
                     help="wordpress: download the export's images (http(s) only, bounded in size and number)")

    kit = _command(commands, "kit", help="print a story's share-kit address and a message for its customer",
                              description="Print the address of a story's share kit (/stories/<slug>/kit/) and a short "
                                          "message to send the customer.")
    kit.add_argument("story", help="the story's slug or file, such as rosa or content/stories/rosa.md")
    kit.add_argument("--source", type=Path, default=Path("."), help="the site folder holding site.yaml (default: .)")
    kit.add_argument("--base-url", help="override site.yaml's base_url")

    rhythm = _command(commands, "rhythm", help="show the posting rhythm: the last months, gaps, what is due next",
                      description="Show, per collection, the posts of the last months, the gaps longer than site.yaml's "
                                  "rhythm, the customers featured, and when the next post is due.")
    rhythm.add_argument("--source", type=Path, default=Path("."), help="the site folder (default: .)")


def _deploy_command(commands) -> None:
    deploy = _command(commands, "deploy", help="build, then publish the site to TARGET",
                                 description="Build the site, then publish output/ to TARGET, uploading only what changed.")
    deploy.add_argument("target", help="a name under site.yaml's deploy:, or git+URL[#branch], s3://bucket[/prefix], user@host:/path, a folder or file:// URL")
    deploy.add_argument("--source", type=Path, default=Path("."), help="the site folder holding site.yaml (default: .)")
    deploy.add_argument("--dry-run", action="store_true", help="print what would be uploaded and deleted; change nothing")
    deploy.add_argument("--yes", action="store_true", help="allow deleting more than half of what the target holds")
    deploy.add_argument("--no-build", action="store_true", help="publish output/ as it is, without building first")
    deploy.add_argument("--endpoint-url", help="S3-compatible service (MinIO, Cloudflare R2, Backblaze B2)")
    _no_wait_argument(deploy)


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), help="the site folder holding site.yaml (default: .)")
    parser.add_argument("--drafts", action="store_true", help="include drafts and stories awaiting approval")
    parser.add_argument("--future", action="store_true", help="include posts dated in the future")
    parser.add_argument("--base-url", help="override site.yaml's base_url")
    _no_wait_argument(parser)


def _no_wait_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-wait", action="store_true",
                        help="fail at once (exit status 1) when another wom is writing the same output folder or target")
