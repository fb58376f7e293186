"""`git+<url>[#branch]`: output/ becomes the whole tree of a branch (gh-pages by default).

Everything happens in a temporary bare repository: fetch the branch, hash the output
files into it, build a tree with a temporary index, commit it on top of the fetched
head and push. The user's working tree, index and current branch are never touched.
Same tree as the branch already has: no commit, no push.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wom_site.deploy.plan import DeployError, Plan, compare
from wom_site.diagnostics import place

DEFAULT_BRANCH = "gh-pages"
SCHEMES = ("https", "http", "ssh", "git", "file")
SCP_LIKE = re.compile(r"(?:[A-Za-z0-9._~+][^@/:\s]*@)?[A-Za-z0-9][A-Za-z0-9.\-]*:(?!//).*")  # git@github.com:me/site.git
BRANCH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._/\-]*")


@dataclass(frozen=True)
class GitTarget:
    url: str
    branch: str = DEFAULT_BRANCH

    @classmethod
    def parse(cls, target: str) -> "GitTarget":
        url, _, branch = target.removeprefix("git+").partition("#")
        if not url:
            raise DeployError(f"{place(target)}: expected git+<repository url>[#branch]")
        if url.startswith("-") or "::" in url.split("/", 1)[0]:  # an option, or git's ext:: / fd:: transports
            raise DeployError(f"{place(target)}: not a repository URL (expected https://, ssh://, git@host:path or a path)")
        if "://" in url:
            if url.split("://", 1)[0].lower() not in SCHEMES:
                raise DeployError(f"{place(target)}: git+ takes {', '.join(s + '://' for s in SCHEMES)}, "
                                  "host:path or an absolute path")
        elif SCP_LIKE.match(url) is None:
            path = Path(url).expanduser()
            if not path.is_absolute():
                raise DeployError(f"{place(target)}: give a repository on this machine as an absolute path")
            url = str(path.resolve())  # so the temporary repository finds it
        branch = branch or DEFAULT_BRANCH
        if not BRANCH.fullmatch(branch) or ".." in branch or branch.endswith((".lock", "/", ".")) or "//" in branch:
            raise DeployError(f"{place(target)}: {branch!r} is not a branch name git accepts")
        return cls(url, branch)

    def local_path(self) -> Path | None:
        """Where the repository is, when it is on this machine (a path or a file:// URL)."""
        if self.url.startswith("/"):
            return Path(self.url)
        if self.url.lower().startswith("file://"):
            return Path(unquote(urlsplit(self.url).path))
        return None

    def local_repository(self) -> Path | None:
        """The git folder of a repository on this machine (a bare one, or a clone's .git)."""
        path = self.local_path()
        if path is None:
            return None
        for candidate in (path, path / ".git"):
            if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
                return candidate
        return None


def deploy(files: dict[str, Path], target: str, extra: dict[str, bytes], dry_run: bool, message: str, report) -> Plan:
    """files: output/ (site path -> file); extra: files only the branch gets (.nojekyll, CNAME)."""
    spec = GitTarget.parse(target)
    with tempfile.TemporaryDirectory(prefix="wom-deploy-git-") as tmp:
        repo = _Repo(Path(tmp) / "repo.git")
        head = repo.fetch(spec)
        local = repo.hash_files(files, extra)
        plan = compare(target, {p: blob for p, (blob, _) in local.items()}, repo.blobs(head) if head else {})
        if dry_run or not plan.changes:
            return plan
        tree = repo.write_tree(local)
        commit = repo.commit(tree, head, message)
        report(f"pushing a new commit to {spec.url} (branch {spec.branch})")
        repo.push(spec, commit)
        return plan


class _Repo:
    def __init__(self, git_dir: Path):
        self.git_dir = git_dir
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in ("GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS")}
        self.env.setdefault("GIT_TERMINAL_PROMPT", "0")  # fail instead of waiting for a password
        self.run("init", "--quiet", "--bare", str(git_dir), git_dir=False)

    def run(self, *args: str, input: bytes | None = None, env: dict | None = None, git_dir: bool = True) -> str:
        command = ["git", *(["--git-dir", str(self.git_dir)] if git_dir else []), *args]
        try:
            result = subprocess.run(command, input=input, capture_output=True, env=env or self.env, timeout=600)
        except FileNotFoundError:
            raise DeployError("git: not installed; install git to deploy to a git+ target") from None
        if result.returncode != 0:
            raise _GitFailed(args[0], result.stderr.decode(errors="replace"))
        return result.stdout.decode()

    def fetch(self, spec: GitTarget) -> str | None:
        """The branch's current commit, fetched into the temporary repository (None: a new branch)."""
        try:
            listed = self.run("ls-remote", "--heads", "--", spec.url, f"refs/heads/{spec.branch}")
            if not listed.strip():
                return None
            self.run("fetch", "--quiet", "--no-tags", "--depth=1", "--", spec.url, f"refs/heads/{spec.branch}")
        except _GitFailed as failed:
            raise DeployError(f"{spec.url}: cannot reach the git repository: {failed.reason}") from None
        return self.run("rev-parse", "FETCH_HEAD^{commit}").strip()

    def blobs(self, commit: str) -> dict[str, str]:
        listing = self.run("ls-tree", "-r", "-z", "--full-tree", commit)
        blobs = {}
        for record in filter(None, listing.split("\0")):
            meta, path = record.split("\t", 1)
            blobs[path] = meta.split()[2] + ":" + meta.split()[0]
        return blobs

    def hash_files(self, files: dict[str, Path], extra: dict[str, bytes]) -> dict[str, tuple[str, str]]:
        """site path -> (blob id:mode, mode), the objects written into the temporary repository."""
        names = [*files, *extra]
        sources: list[Path | bytes] = [*files.values(), *extra.values()]
        result = {}
        for name, source, blob in zip(names, sources, self._import_blobs(sources), strict=True):
            mode = "100755" if isinstance(source, Path) and os.access(source, os.X_OK) else "100644"
            result[name] = (f"{blob}:{mode}", mode)
        return result

    def _import_blobs(self, sources: list[Path | bytes]) -> list[str]:
        """Blob ids of the sources' bytes, written by one `git fast-import` as counted data with marks.

        No list of paths ever reaches git: a file name holding a line break followed by
        /etc/passwd must not make git read that host file (it did with --stdin-paths)."""
        if not sources:
            return []
        marks = self.git_dir / "wom-marks"
        command = ["git", "--git-dir", str(self.git_dir), "fast-import", "--quiet", "--done", f"--export-marks={marks}"]
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors, env=self.env)
            try:
                for mark, source in enumerate(sources, 1):
                    data = source if isinstance(source, bytes) else _read_regular(source)
                    process.stdin.write(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
                process.stdin.write(b"done\n")
            except BrokenPipeError:
                pass  # fast-import stopped early: its reason is in `errors`
            finally:
                process.stdin.close()
                if process.wait(timeout=600) != 0:
                    errors.seek(0)
                    raise _GitFailed("fast-import", errors.read().decode(errors="replace"))
        ids = dict(line.split(" ", 1) for line in marks.read_text().splitlines() if line)
        return [ids[f":{mark}"] for mark in range(1, len(sources) + 1)]

    def write_tree(self, local: dict[str, tuple[str, str]]) -> str:
        env = dict(self.env, GIT_INDEX_FILE=str(self.git_dir / "wom-index"))
        lines = "".join(f"{mode} {blob.split(':')[0]}\t{path}\0" for path, (blob, mode) in sorted(local.items()))
        self.run("update-index", "--add", "-z", "--index-info", input=lines.encode(), env=env)
        return self.run("write-tree", env=env).strip()

    def commit(self, tree: str, parent: str | None, message: str) -> str:
        env = dict(self.env)
        name = self._config("user.name") or "wom deploy"  # the user's identity when git knows it, else wom's
        email = self._config("user.email") or "wom-deploy@localhost"
        for role in ("AUTHOR", "COMMITTER"):
            env.setdefault(f"GIT_{role}_NAME", name)
            env.setdefault(f"GIT_{role}_EMAIL", email)
        return self.run("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message, env=env).strip()

    def _config(self, key: str) -> str:
        try:
            return self.run("config", "--get", key).strip()
        except _GitFailed:
            return ""

    def push(self, spec: GitTarget, commit: str) -> None:
        try:
            self.run("push", "--quiet", "--", spec.url, f"{commit}:refs/heads/{spec.branch}")
        except _GitFailed as failed:
            raise DeployError(f"{spec.url}: the push to {spec.branch} was rejected: {failed.reason} (nothing was changed there)") from None


def _read_regular(path: Path) -> bytes:
    """The bytes of an output file, which must be a regular file (not a link, a FIFO or a device)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise DeployError(f"{path}: cannot be read: {error.strerror} (only regular files the build wrote are deployed)") from None
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DeployError(f"{path}: is not a regular file; wom deploys only files the build wrote")
        return f.read()


class _GitFailed(Exception):
    def __init__(self, command: str, stderr: str):
        lines = [line.strip() for line in stderr.splitlines() if line.strip()]
        reasons = [line for line in lines if line.startswith(("fatal:", "error:", "remote:", "!"))] or lines
        self.reason = (reasons[0] if reasons else f"git {command} failed").removeprefix("fatal: ").removeprefix("error: ")
        super().__init__(self.reason)
