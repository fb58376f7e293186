"""`wom deploy` against real components: a bare git repository, moto's S3 server over HTTP,
local folders and the rsync binary; plus the host files and the workflow `wom init` writes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import boto3
import pytest
import yaml

from conftest import BASIC_SITE, post
from helpers import free_port

STORY = post("Rosa's bread bike", "2026-01-05", body="Rosa bakes.", aliases="[/old/rosa/]")
TIP = post("Winter riding", "2026-01-10", body="Use lights.", redirect_from="/2019/winter.html")


def site_files():
    return {"content/stories/rosa.md": STORY, "content/tips/winter.md": TIP, "content/pages/about.md": "---\ntitle: About\n---\n\nUs.\n"}


def published(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*")
            if p.is_file() and p.name not in (".wom-output", ".wom-deploy")}


def git(*args: str, cwd: Path | None = None) -> str:
    command = ["git", "-c", "user.name=Tester", "-c", "user.email=t@example.org", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


# --- git+ ---------------------------------------------------------------------------

@pytest.fixture
def remote(tmp_path) -> Path:
    path = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(path))
    return path


def branch_files(remote: Path, branch: str = "gh-pages") -> dict[str, bytes]:
    names = git("--git-dir", str(remote), "ls-tree", "-r", "--name-only", branch).split("\n")
    return {n: subprocess.run(["git", "--git-dir", str(remote), "show", f"{branch}:{n}"], capture_output=True, check=True).stdout
            for n in names if n}


def test_git_deploy_makes_output_the_branch_and_leaves_the_users_repo_alone(make_site, wom, remote):
    site = make_site(site_files(), config=BASIC_SITE + f"hosting:\n  cname: www.example.org\ndeploy:\n  pages: git+{remote}\n")
    (site / ".gitignore").write_text("output/\n.wom-cache/\n")
    git("init", "--quiet", "-b", "main", cwd=site)
    git("add", "-A", cwd=site)
    git("commit", "--quiet", "-m", "site", cwd=site)
    (site / "content/pages/about.md").write_text("---\ntitle: About\n---\n\nUs, edited but not committed.\n")
    before = (git("status", "--porcelain", cwd=site), git("rev-parse", "HEAD", cwd=site), git("branch", "--list", cwd=site))

    result = wom("deploy", "pages", "--source", str(site), check=True)
    assert "deployed to git+" in result.stdout
    expected = published(site / "output") | {".nojekyll": b"", "CNAME": b"www.example.org\n"}
    assert branch_files(remote) == expected
    assert (git("status", "--porcelain", cwd=site), git("rev-parse", "HEAD", cwd=site), git("branch", "--list", cwd=site)) == before
    assert not (site / ".git/index.lock").exists()

    again = wom("deploy", "pages", "--source", str(site), check=True)
    assert "up to date" in again.stdout
    assert git("--git-dir", str(remote), "rev-list", "--count", "gh-pages").strip() == "1"

    (site / "content/tips/winter.md").unlink()
    wom("deploy", "pages", "--source", str(site), check=True)
    assert git("--git-dir", str(remote), "rev-list", "--count", "gh-pages").strip() == "2"
    files = branch_files(remote)
    assert "tips/winter/index.html" not in files and files == published(site / "output") | {".nojekyll": b"", "CNAME": b"www.example.org\n"}


def test_git_dry_run_pushes_nothing_and_branch_can_be_chosen(make_site, wom, remote):
    site = make_site(site_files())
    dry = wom("deploy", f"git+{remote}#site", "--source", str(site), "--dry-run", check=True)
    assert "upload index.html" in dry.stdout and "nothing was changed" in dry.stdout
    assert git("--git-dir", str(remote), "branch", "--list").strip() == ""
    wom("deploy", f"git+{remote}#site", "--source", str(site), "--no-build", check=True)
    assert "index.html" in branch_files(remote, "site") and "CNAME" not in branch_files(remote, "site")


def test_git_push_rejected_and_unreachable_remote_are_one_line_errors(make_site, wom, remote, tmp_path):
    site = make_site(site_files())
    hook = remote / "hooks/pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are closed' >&2\nexit 1\n")
    hook.chmod(0o755)
    rejected = wom("deploy", f"git+{remote}", "--source", str(site))
    assert rejected.returncode == 1 and "rejected" in rejected.stderr and "Traceback" not in rejected.stderr
    missing = wom("deploy", f"git+{tmp_path / 'nowhere.git'}", "--source", str(site), "--no-build")
    assert missing.returncode == 1 and "cannot reach the git repository" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


# --- s3:// via moto's server ----------------------------------------------------------

@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch, tmp_path, request):
    """A fresh bucket on the moto server, and the dummy credentials `wom deploy` will find."""
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
                       "AWS_CONFIG_FILE": str(tmp_path / "none"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
                       "AWS_EC2_METADATA_DISABLED": "true"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    bucket = request.node.name.replace("_", "-")[:50].strip("-")
    client.create_bucket(Bucket=bucket)
    return client, bucket, s3_endpoint


def objects(client, bucket: str) -> dict[str, str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {o["Key"]: o["ETag"] for page in pages for o in page.get("Contents", [])}


def test_s3_deploy_types_caching_redeploy_and_pruning(make_site, wom, s3):
    client, bucket, endpoint = s3
    site = make_site(site_files())
    first = wom("deploy", f"s3://{bucket}/www", "--endpoint-url", endpoint, "--source", str(site), check=True)
    files = published(site / "output")
    assert f"uploaded {len(files)}, unchanged 0, deleted 0" in first.stdout
    assert set(objects(client, bucket)) == {f"www/{p}" for p in files}
    page = client.head_object(Bucket=bucket, Key="www/stories/rosa/index.html")
    assert page["ContentType"] == "text/html; charset=utf-8" and page["CacheControl"] == "public, max-age=300"
    css = next(p for p in files if p.startswith("css/site.") and p.endswith(".css"))
    head = client.head_object(Bucket=bucket, Key=f"www/{css}")
    assert head["ContentType"] == "text/css; charset=utf-8"
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    assert client.head_object(Bucket=bucket, Key="www/feeds/all.xml")["ContentType"] == "application/atom+xml; charset=utf-8"
    assert client.head_object(Bucket=bucket, Key="www/favicon.ico")["ContentType"] == "image/x-icon"
    body = client.get_object(Bucket=bucket, Key="www/stories/rosa/index.html")["Body"].read()
    assert body == files["stories/rosa/index.html"]

    again = wom("deploy", f"s3://{bucket}/www", "--endpoint-url", endpoint, "--source", str(site), check=True)
    assert f"uploaded 0, unchanged {len(files)}, deleted 0" in again.stdout

    (site / "content/tips/winter.md").unlink()
    before = objects(client, bucket)
    dry = wom("deploy", f"s3://{bucket}/www", "--endpoint-url", endpoint, "--source", str(site), "--dry-run", check=True)
    assert "delete tips/winter/index.html" in dry.stdout and "upload index.html" in dry.stdout
    assert objects(client, bucket) == before
    pruned = wom("deploy", f"s3://{bucket}/www", "--endpoint-url", endpoint, "--source", str(site), "--no-build", check=True)
    assert "deleted" in pruned.stdout and "deleted 0" not in pruned.stdout
    assert set(objects(client, bucket)) == {f"www/{p}" for p in published(site / "output")}
    assert objects(client, bucket)["www/index.html"] != before["www/index.html"]


def test_s3_refuses_to_delete_more_than_half_without_yes(make_site, wom, s3):
    client, bucket, endpoint = s3
    site = make_site(site_files())
    for i in range(100):
        client.put_object(Bucket=bucket, Key=f"old-site/page-{i}.html", Body=b"old")
    refused = wom("deploy", f"s3://{bucket}", "--endpoint-url", endpoint, "--source", str(site))
    assert refused.returncode == 1 and "refusing to delete 100 of the 100 objects" in refused.stderr
    assert set(objects(client, bucket)) == {f"old-site/page-{i}.html" for i in range(100)}
    wom("deploy", f"s3://{bucket}", "--endpoint-url", endpoint, "--source", str(site), "--no-build", "--yes", check=True)
    assert not any(key.startswith("old-site/") for key in objects(client, bucket))


def test_s3_errors_name_the_problem(make_site, wom, s3, monkeypatch):
    client, bucket, endpoint = s3
    site = make_site(site_files())
    wom("build", "--source", str(site), check=True)
    nobucket = wom("deploy", "s3://no-such-bucket", "--endpoint-url", endpoint, "--source", str(site), "--no-build")
    assert nobucket.returncode == 1 and "no bucket named 'no-such-bucket'" in nobucket.stderr
    closed = free_port()
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # no backoff between retries against a closed port
    down = wom("deploy", f"s3://{bucket}", "--endpoint-url", f"http://127.0.0.1:{closed}", "--source", str(site), "--no-build")
    assert down.returncode == 1 and ": cannot be reached: " in down.stderr
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    nocreds = wom("deploy", f"s3://{bucket}", "--endpoint-url", endpoint, "--source", str(site), "--no-build")
    assert nocreds.returncode == 1 and "no AWS credentials found" in nocreds.stderr
    for result in (nobucket, down, nocreds):
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert objects(client, bucket) == {}


# --- local folders and rsync ----------------------------------------------------------

def test_local_mirror_is_exact_marked_and_pruned(make_site, wom, tmp_path):
    site = make_site(site_files())
    mirror = tmp_path / "www" / "site"
    wom("deploy", mirror.as_uri(), "--source", str(site), check=True)
    assert published(mirror) == published(site / "output") and (mirror / ".wom-deploy").is_file()
    assert not (mirror / ".wom-output").exists()
    inode = (mirror / "index.html").stat().st_ino
    again = wom("deploy", str(mirror), "--source", str(site), check=True)
    assert "up to date" in again.stdout and (mirror / "index.html").stat().st_ino == inode
    (site / "content/tips/winter.md").unlink()
    wom("deploy", str(mirror), "--source", str(site), check=True)
    assert not (mirror / "tips/winter").exists() and (mirror / "stories/rosa/index.html").is_file()
    assert sorted(p.name for p in mirror.parent.iterdir()) == [".site.wom-lock", "site"]  # its lock; no staging left beside it


def test_local_mirror_refuses_folders_it_does_not_own(make_site, wom, tmp_path):
    site = make_site(site_files())
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine")
    refused = wom("deploy", str(theirs), "--source", str(site))
    assert refused.returncode == 2 and "no earlier wom deploy wrote it" in refused.stderr
    assert [p.name for p in theirs.iterdir()] == ["notes.txt"]
    for target in (site, site / "content", site / "output", Path("/")):
        result = wom("deploy", str(target), "--source", str(site), "--no-build")
        assert result.returncode == 2 and "refusing to deploy into" in result.stderr, (target, result.stderr)
    assert (site / "content/stories/rosa.md").is_file()


def test_a_local_deploy_inside_the_site_is_refused_in_a_deploys_words(make_site, wom):
    site = make_site(site_files())
    for inside in (site / "content" / "www", site / ".git" / "www", site / "static" / "deep" / "www"):
        result = wom("deploy", str(inside), "--source", str(site))
        assert result.returncode == 2, result.stderr
        assert f"{inside.resolve()}: refusing to deploy inside {site / inside.relative_to(site).parts[0]}" in result.stderr
        assert "write the site" not in result.stderr and not inside.exists()
    home = wom("deploy", str(site), "--source", str(site), "--no-build")
    assert f"{site}: refusing to deploy into it: it holds your own files\n" == home.stderr


def test_rsync_target_without_the_binary_is_a_clear_error(make_site, wom, tmp_path, monkeypatch):
    site = make_site(site_files())
    wom("build", "--source", str(site), check=True)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = wom("deploy", "deploy@example.invalid:/srv/www", "--source", str(site), "--no-build")
    assert result.returncode == 1 and "needs the rsync program, which is not installed" in result.stderr


@pytest.mark.skipif(not shutil.which("rsync"), reason="rsync is not installed")
def test_rsync_mirrors_and_plans(make_site, wom, tmp_path):
    from wom_site.deploy import rsync
    from wom_site.deploy.plan import output_files

    site = make_site(site_files())
    wom("build", "--source", str(site), check=True)
    output = site / "output"
    files = output_files(output)
    dest = tmp_path / "dest"
    dest.mkdir()
    dry = rsync.deploy(files, str(dest), output, dry_run=True, yes=False)
    assert set(dry.upload) == set(files) and list(dest.iterdir()) == []
    plan = rsync.deploy(files, str(dest), output, dry_run=False, yes=False)
    assert plan.upload.index("index.html") > plan.upload.index("robots.txt")  # pages after assets
    assert published(dest) == published(output) and (dest / ".wom-deploy").is_file()
    (dest / "stale.html").write_text("old")
    again = rsync.deploy(files, str(dest), output, dry_run=False, yes=False)
    assert again.upload == () and again.delete == ("stale.html",) and not (dest / "stale.html").exists()
    assert rsync.is_remote("deploy@host:/srv/www") and rsync.is_remote("host:www") and not rsync.is_remote("./out:x")


@pytest.mark.skipif(not shutil.which("rsync"), reason="rsync is not installed")
def test_rsync_leaves_a_folder_it_did_not_write_alone(make_site, wom, tmp_path):
    site = make_site(site_files())
    wom("build", "--source", str(site), check=True)
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "index.html").write_text("someone else's site")
    from wom_site.deploy import rsync
    from wom_site.deploy.plan import DeployError, output_files

    with pytest.raises(DeployError, match="not empty and no earlier wom deploy wrote it"):
        rsync.deploy(output_files(site / "output"), str(theirs), site / "output", dry_run=False, yes=True)
    assert [p.name for p in theirs.iterdir()] == ["index.html"] and (theirs / "index.html").read_text() == "someone else's site"


@pytest.mark.skipif(not shutil.which("rsync"), reason="rsync is not installed")
def test_rsync_refuses_to_delete_more_than_half_without_yes(make_site, wom, tmp_path, monkeypatch):
    # host:path goes through the remote shell; this stand-in for ssh runs rsync's server side here
    shell = tmp_path / "fake-ssh"
    shell.write_text('#!/bin/sh\nwhile [ $# -gt 0 ]; do case "$1" in -l|-p) shift 2;; -*) shift;; *) break;; esac; done\n'
                     'shift\nexec sh -c "$*"\n')
    shell.chmod(0o755)
    monkeypatch.setenv("RSYNC_RSH", str(shell))
    site = make_site(site_files())
    dest = tmp_path / "dest"
    dest.mkdir()
    target = f"fakehost:{dest}"
    first = wom("deploy", target, "--source", str(site), check=True)
    assert f"deployed to {target}" in first.stdout and (dest / "index.html").is_file()
    for i in range(100):
        (dest / f"old-{i}.html").write_text("old")
    refused = wom("deploy", target, "--source", str(site), "--no-build")
    assert refused.returncode == 1, refused.stderr
    assert "refusing to delete 100 of the " in refused.stderr and "run again with --yes" in refused.stderr
    assert len(list(dest.glob("old-*.html"))) == 100
    dry = wom("deploy", target, "--source", str(site), "--no-build", "--dry-run", check=True)
    assert "would delete 100" in dry.stdout and len(list(dest.glob("old-*.html"))) == 100
    wom("deploy", target, "--source", str(site), "--no-build", "--yes", check=True)
    assert not list(dest.glob("old-*.html")) and published(dest) == published(site / "output")


# --- the build side: refusal on errors, host files, the workflow ---------------------------

def test_deploy_refuses_a_site_with_build_errors_and_unknown_targets(make_site, wom, remote):
    site = make_site({"content/stories/bad.md": "---\ntitle: [unclosed\n---\nBody\n"})
    failed = wom("deploy", f"git+{remote}", "--source", str(site))
    assert failed.returncode == 1 and "content/stories/bad.md" in failed.stderr and "nothing was deployed" in failed.stderr
    assert git("--git-dir", str(remote), "branch", "--list").strip() == ""
    unknown = wom("deploy", "production", "--source", str(site), "--no-build")
    assert unknown.returncode == 1 and "production: unknown deploy target" in unknown.stderr
    nothing = wom("deploy", f"git+{remote}", "--source", str(site), "--no-build")
    assert nothing.returncode == 1 and "run `wom build` first" in nothing.stderr


def test_netlify_gets_headers_and_redirects(make_site, wom):
    site = make_site(site_files(), config=BASIC_SITE + "hosting:\n  netlify: true\n")
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    redirects = (out / "_redirects").read_text().splitlines()
    assert "/old/rosa/ /stories/rosa/ 301!" in redirects and "/2019/winter.html /tips/winter/ 301!" in redirects
    assert (out / "old/rosa/index.html").is_file()  # the HTML redirect page exists for every host
    headers = (out / "_headers").read_text()
    rules = _header_rules(headers)
    everything = rules["/*"]
    assert everything["X-Content-Type-Options"] == "nosniff" and everything["Referrer-Policy"]
    assert "Permissions-Policy" in everything
    csp = dict(part.strip().split(" ", 1) for part in everything["Content-Security-Policy"].split(";"))
    assert csp["script-src"].startswith("'self'") and "'unsafe-inline'" not in csp["script-src"]
    assert csp["object-src"] == "'none'"
    css = next(p.relative_to(out).as_posix() for p in (out / "css").glob("site.*.css"))
    assert rules[f"/{css}"]["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "/index.html" not in rules


def _header_rules(text: str) -> dict[str, dict[str, str]]:
    rules, current = {}, None
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if not line.startswith(" "):
            current = rules.setdefault(line.strip(), {})
        else:
            name, value = line.strip().split(": ", 1)
            current[name] = value
    return rules


def test_cloudflare_redirects_and_no_host_files_by_default(make_site, wom):
    flare = make_site(site_files(), config=BASIC_SITE + "hosting:\n  cloudflare: true\n", name="flare")
    wom("build", "--source", str(flare), check=True)
    assert "/old/rosa/ /stories/rosa/ 301" in (flare / "output/_redirects").read_text().splitlines()
    plain = make_site(site_files(), name="plain")
    wom("build", "--source", str(plain), check=True)
    assert not (plain / "output/_headers").exists() and not (plain / "output/_redirects").exists()


def test_every_alias_has_a_redirect_page_and_a_rule_at_the_same_path(make_site, wom):
    from urllib.parse import unquote

    story = post("Rosa", "2026-01-05", aliases='["/old rosa/", "old/bread", "/2019/rosa.html"]')
    site = make_site({"content/stories/rosa.md": story}, config=BASIC_SITE + "hosting:\n  netlify: true\n")
    wom("build", "--source", str(site), check=True)
    out = site / "output"
    rules = [line.split() for line in (out / "_redirects").read_text().splitlines() if not line.startswith("#")]
    assert [source for source, _, _ in rules] == ["/old%20rosa/", "/old/bread/", "/2019/rosa.html"]
    for source, target, code in rules:
        page = out / unquote(source).lstrip("/")
        assert (page / "index.html" if source.endswith("/") else page).is_file(), source
        assert (target, code) == ("/stories/rosa/", "301!")


def test_init_writes_a_pages_workflow_that_runs_daily(wom, tmp_path):
    wom("init", str(tmp_path / "new"), check=True)
    workflow = yaml.safe_load((tmp_path / "new/.github/workflows/wom.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert len(triggers["schedule"][0]["cron"].split()) == 5
    steps = [s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]]
    for action in ("actions/checkout", "actions/setup-python", "actions/configure-pages",
                   "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert any(u.startswith(action + "@") for u in steps), action
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    build_steps = workflow["jobs"]["build"]["steps"]
    assert any("wom build" in s.get("run", "") for s in build_steps)
    cache = next(s for s in build_steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"].split() == [".wom-cache", "output"] and cache["with"]["restore-keys"] == "wom-"
    assert build_steps.index(cache) < next(i for i, s in enumerate(build_steps) if "wom build" in s.get("run", ""))
