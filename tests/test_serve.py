"""`wom serve`: the real preview server on a free port, against sites built in tmp_path."""

from __future__ import annotations

import datetime as dt
import http.client
import io
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BASIC_SITE, REPO, post, wom_env
from browser import chromium_browser, require_chromium
from helpers import free_port, meta_property, png, soup
from wom_site.serve import Preview, ServeOptions
from wom_site.serve import preview as preview_module
from wom_site.serve.paths import resolve
from wom_site.serve.server import content_type, is_loopback_name
from wom_site.serve.watcher import is_scratch

HOSTILE = 'Rosa\'s <script>alert("x")</script> & "bread"'


def site_files() -> dict:
    return {
        "content/stories/rosa.md": post("Rosa's bakery", "2026-01-05", body="The first version."),
        "content/stories/hostile.md": post(HOSTILE, "2026-01-06", body="Text.", image="images/cover.png",
                                           image_alt="A cover & more"),
        "content/stories/images/cover.png": png(),
        "content/pages/about.md": "---\ntitle: About us\n---\n\nWe fix bikes.\n",
        "secret.txt": "SECRET-IN-SITE\n",
    }


@pytest.fixture
def preview(make_site):
    running = []

    def start(files: dict | None = None, config: str = BASIC_SITE, site: Path | None = None, **options) -> Preview:
        site = site or make_site(site_files() if files is None else files, config)
        (site / ".wom-cache").mkdir(exist_ok=True)
        (site / ".wom-cache" / "secret.txt").write_text("SECRET-IN-CACHE\n")
        running_preview = Preview(ServeOptions(source=site, port=0, **options), out=io.StringIO())
        running_preview.start()
        threading.Thread(target=running_preview.serve_forever, daemon=True).start()
        running.append(running_preview)
        return running_preview

    yield start
    for running_preview in running:
        running_preview.server.shutdown()
        running_preview.close()


def get(p: Preview, target: str, method: str = "GET", headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", p.port, timeout=10)
    conn.request(method, target, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def raw(p: Preview, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", p.port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and len(b"".join(chunks)) > 4096:
                break
    return b"".join(chunks)


def save(path: Path, text: str) -> None:
    """Save as many editors do: write a scratch file, rename it over the original. Tests that
    count reloads save this way, so that a loaded machine cannot let a build read a file between
    truncation and write (test_a_save_caught_half_written_shows_no_errors covers that case, and
    test_saving_a_post_sends_one_reload_and_serves_the_new_text plain writes)."""
    scratch = path.with_name(f".{path.name}.tmp")
    scratch.write_text(text)
    os.replace(scratch, path)


class Events:
    """An EventSource, as a test sees it: (event, data) pairs in arrival order."""

    def __init__(self, p: Preview, page: str = ""):
        self.conn = http.client.HTTPConnection("127.0.0.1", p.port, timeout=30)
        self.conn.request("GET", "/__wom/events" + (f"?page={page}" if page else ""))
        self.response = self.conn.getresponse()
        assert self.response.getheader("Content-Type").startswith("text/event-stream")
        self.queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.hello = self.next("hello")

    def _read(self) -> None:
        event, data = "message", ""
        try:
            for line in iter(self.response.fp.readline, b""):
                text = line.decode().rstrip("\n")
                if text.startswith("event: "):
                    event = text[7:]
                elif text.startswith("data: "):
                    data = text[6:]
                elif text == "" and data:
                    self.queue.put((event, json.loads(data)))
                    event, data = "message", ""
        except (OSError, ValueError):
            pass

    def next(self, kind: str, timeout: float = 15) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            event, data = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            if event == kind:
                return data
            if event in ("reload", "css", "failed") and kind in ("reload", "css", "failed"):
                raise AssertionError(f"expected {kind}, got {event}: {data}")

    def quiet(self, seconds: float) -> list:
        time.sleep(seconds)
        seen = []
        while not self.queue.empty():
            seen.append(self.queue.get_nowait())
        return seen

    def close(self) -> None:
        self.conn.close()


def test_serves_pages_with_types_clean_urls_and_404(preview):
    p = preview()
    status, headers, body = get(p, "/stories/rosa/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b"The first version." in body
    assert get(p, "/stories/rosa/", "HEAD")[0] == 200
    status, headers, _ = get(p, "/css/site.css")  # stable name in preview
    assert status == 200 and headers["content-type"].startswith("text/css")
    assert get(p, "/feeds/all.xml")[1]["content-type"].startswith("application/xml")
    status, headers, _ = get(p, "/stories/images/cover.png")
    assert status == 200 and headers["content-type"] == "image/png"
    status, headers, _ = get(p, "/stories/rosa?x=1")
    assert status == 301 and headers["location"] == "/stories/rosa/?x=1"
    status, headers, body = get(p, "/no/such/page/")
    assert status == 404 and b"Page not found" in body and headers["content-type"].startswith("text/html")
    # a folder without index.html is not listed
    status, _, body = get(p, "/stories/images/")
    assert status == 404 and b"cover.png" not in body


def test_stylesheets_and_images_are_revalidated_pages_never_kept(preview):
    p = preview({**site_files(), "themes/default/static/css/site.css": "main { color: black; }\n"})
    events = Events(p)
    _, headers, _ = get(p, "/stories/rosa/")
    assert headers["cache-control"] == "no-store" and "etag" not in headers
    _, headers, body = get(p, "/css/site.css")
    assert headers["cache-control"] == "no-cache" and headers["etag"] and b"black" in body
    status, again, body = get(p, "/css/site.css", headers={"If-None-Match": headers["etag"]})
    assert status == 304 and body == b"" and again["etag"] == headers["etag"]
    (p.site_dir / "themes/default/static/css/site.css").write_text("main { color: teal; }\n")
    events.next("css")
    status, changed, body = get(p, "/css/site.css", headers={"If-None-Match": headers["etag"]})
    assert status == 200 and b"teal" in body and changed["etag"] != headers["etag"]
    events.close()


@pytest.mark.parametrize("target", [
    "/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/secret.txt",
    "/..%2fsecret.txt", "/..%2F..%2Fsecret.txt", "/stories/..%5c..%5csecret.txt", "/%252e%252e/secret.txt",
    "//etc/passwd", "/%00", "/.wom-output", "/stories/%2e%2e/%2e%2e/%2e%2e/secret.txt",
])
def test_never_serves_outside_the_built_folder(preview, target):
    p = preview()
    answer = raw(p, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{p.port}\r\nConnection: close\r\n\r\n".encode())
    status = int(answer.split(b" ", 2)[1])
    assert status in (400, 404), answer[:200]
    assert b"SECRET" not in answer


def test_absolute_uri_request_targets_are_refused(preview):
    p = preview()
    for target in ("http://evil/", "http://127.0.0.1/secret.txt", "*", "secret.txt"):
        answer = raw(p, f"GET {target} HTTP/1.1\r\nHost: evil\r\nConnection: close\r\n\r\n".encode())
        assert answer.startswith(b"HTTP/1.1 400"), (target, answer[:100])


def test_resolve_maps_paths_under_the_base_path(tmp_path):
    (tmp_path / "stories" / "a").mkdir(parents=True)
    (tmp_path / "stories" / "a" / "index.html").write_text("a")
    assert resolve(tmp_path, "/repo/", "/").location == "/repo/"
    assert resolve(tmp_path, "/repo/", "/repo").location == "/repo/"
    assert resolve(tmp_path, "/repo/", "/repo/stories/a/").file == tmp_path / "stories/a/index.html"
    assert resolve(tmp_path, "/repo/", "/repo/stories/a").location == "/repo/stories/a/"
    assert resolve(tmp_path, "/repo/", "/stories/a/").status == 404
    assert resolve(tmp_path, "/", "/stories/%61/").file == tmp_path / "stories/a/index.html"
    assert resolve(tmp_path, "/", "/%ff").status == 400
    assert resolve(tmp_path, "/my%20site/", "/my%20site/stories/a/").file == tmp_path / "stories/a/index.html"
    assert resolve(tmp_path, "/my%20site/", "/my%20site/stories/a").location == "/my%20site/stories/a/"


def test_one_rule_names_loopback_for_the_bind_address_and_host_headers(make_site):
    site = make_site(site_files())
    for name, loopback in [("localhost", True), ("app.localhost", True), ("127.0.0.1", True), ("::1", True),
                           ("[::1]", True), ("0.0.0.0", False), ("192.168.1.20", False), ("localhost.example.com", False)]:
        assert is_loopback_name(name) is loopback, name
        assert Preview(ServeOptions(source=site, host=name)).state.loopback_only is loopback, name


def test_the_preview_and_deploys_read_one_table_of_types():
    from wom_site.policy import content_type as published_type

    for name in ("a.html", "a.css", "a.mjs", "a.json", "a.png", "a.woff2", "a.webmanifest", "a.pdf", "a.nosuchtype"):
        assert content_type(Path("/built/stories") / name) == published_type(name), name
    assert content_type(Path("/built/x/page.HTML")) == "text/html; charset=utf-8"
    assert content_type(Path("/built/feeds/all.xml")) == "application/xml; charset=utf-8"  # as a browser reads it


def test_only_local_host_names_are_answered(preview):
    """Exactly a loopback name or address with this server's port: DNS rebinding sends any name."""
    p = preview()
    port = p.port
    for host, status in (("evil.example", b"400"), (f"127.0.0.1:{port}", b"200"), (f"localhost:{port}", b"200"),
                         (f"[::1]:{port}", b"200"), (f"app.localhost:{port}", b"200"), (f"127.1.2.3:{port}", b"200"),
                         (f"127.0.0.1.nip.io:{port}", b"400"), (f"127.evil.example:{port}", b"400"),
                         (f"localhost.evil.example:{port}", b"400"), (f"evil.example#.localhost:{port}", b"400"),
                         (f"127.0.0.1:{port + 1}", b"400"), ("localhost", b"400"), (f"localhost:{port}x", b"400"),
                         (f"[::1]:{port}:{port}", b"400"), (f"0x7f.1:{port}", b"400"), (f"2130706433:{port}", b"400")):
        answer = raw(p, f"GET /stories/rosa/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        assert answer.split(b" ", 2)[1] == status, host


def test_long_request_lines_and_headers_are_answered_414_and_431(preview):
    p = preview()
    host = f"Host: 127.0.0.1:{p.port}\r\n"
    for request, status in ((f"GET /{'a' * 65000} HTTP/1.1\r\n{host}\r\n", b"414"),
                            (f"GET /{'a' * 8300} HTTP/1.1\r\n{host}\r\n", b"414"),
                            (f"GET /{'a' * 5000} HTTP/1.1\r\n{host}Connection: close\r\n\r\n", b"404"),
                            (f"GET / HTTP/1.1\r\n{host}X-Big: {'b' * 20000}\r\n\r\n", b"431"),
                            (f"GET / HTTP/1.1\r\n{host}" + "".join(f"X-{i}: 1\r\n" for i in range(150)) + "\r\n", b"431"),
                            (f"GET / HTTP/1.1\r\n{host}X-Huge: {'c' * 70000}\r\n\r\n", b"431")):
        answer = raw(p, request.encode())
        assert answer.split(b" ", 2)[1] == status, (request[:40], answer[:80])
    assert get(p, "/stories/rosa/")[0] == 200  # still serving


def test_base_url_path_is_served_locally_and_share_tags_keep_base_url(preview):
    p = preview(config=BASIC_SITE.replace("https://example.org/", "https://example.org/repo/"))
    status, headers, _ = get(p, "/")
    assert status == 301 and headers["location"] == "/repo/"
    status, _, body = get(p, "/repo/stories/rosa/")
    assert status == 200 and b'href="/repo/stories/"' in body
    page = BeautifulSoup(body, "html.parser")
    assert meta_property(page, "og:url") == "https://example.org/repo/stories/rosa/"
    assert get(p, "/repo/css/site.css")[0] == 200
    assert p.url.endswith("/repo/")


def test_restarting_on_an_unchanged_site_still_serves_under_the_base_path(preview):
    first = preview(config=BASIC_SITE.replace("https://example.org/", "https://example.org/repo/"))
    first.server.shutdown()
    first.close()
    again = preview(site=first.site_dir)  # the same site, nothing changed since: the build returns early
    assert "(0 written," in again.out.getvalue()
    assert again.state.base_path == "/repo/" and again.state.base_url == "https://example.org/repo/"
    assert again.url.endswith("/repo/")
    status, _, body = get(again, "/repo/stories/rosa/")
    assert status == 200 and b'href="/repo/stories/"' in body
    assert get(again, "/")[1]["location"] == "/repo/"
    assert get(again, "/stories/rosa/")[0] == 404


def test_script_is_injected_only_into_served_html_and_output_is_never_written(preview):
    p = preview()
    _, _, body = get(p, "/stories/rosa/")
    assert b'id="wom-reload"' in body and b"/__wom/events" in body
    assert b"/__wom/share?path=/stories/rosa/" in body
    _, _, css = get(p, "/css/site.css")
    assert b"wom-reload" not in css
    built = p.site_dir / ".wom-cache" / "serve"
    pages = list(built.rglob("*.html"))
    assert pages and not any(b"wom-reload" in f.read_bytes() or b"__wom" in f.read_bytes() for f in pages)
    assert not (p.site_dir / "output").exists()


def test_saving_a_post_sends_one_reload_and_serves_the_new_text(preview):
    p = preview()
    events = Events(p)
    path = p.site_dir / "content/stories/rosa.md"
    path.write_text(post("Rosa's bakery", "2026-01-05", body="The second version."))
    events.next("reload")
    assert b"The second version." in get(p, "/stories/rosa/")[2]
    builds = p.builds

    # Vim: probe file 4913, rename to a ~ backup, write anew, drop the backup; plus its swap file
    (p.site_dir / "content/stories/4913").write_text("")
    (p.site_dir / "content/stories/4913").unlink()
    (p.site_dir / "content/stories/.rosa.md.swp").write_bytes(b"swap")
    path.rename(p.site_dir / "content/stories/rosa.md~")
    path.write_text(post("Rosa's bakery", "2026-01-05", body="The third version."))
    (p.site_dir / "content/stories/rosa.md~").unlink()
    events.next("reload")
    # an atomic save: write a temporary file, rename it over the post
    temp = p.site_dir / "content/stories/.rosa.md.tmp123"
    temp.write_text(post("Rosa's bakery", "2026-01-05", body="The fourth version."))
    os.replace(temp, path)
    events.next("reload")
    # ("index": the search index is remade after a save, serve/indexer.py; it reloads nothing)
    assert [e for e in events.quiet(0.3) if e[0] not in ("hello", "index")] == []
    assert p.builds == builds + 2
    assert b"The fourth version." in get(p, "/stories/rosa/")[2]

    # scratch files alone never rebuild
    (p.site_dir / "content/stories/.rosa.md.swp").write_bytes(b"more swap")
    (p.site_dir / "content/stories/notes.md~").write_text("backup")
    assert [e for e in events.quiet(0.3) if e[0] != "index"] == [] and p.builds == builds + 2
    events.close()


def test_the_post_a_browser_shows_is_rendered_first_then_the_rebuild_keeps_it(preview, monkeypatch):
    monkeypatch.setattr(preview_module, "QUICK_GRACE_SECONDS", 10)  # the rebuild waits for the page's fetch
    p = preview()
    viewer, elsewhere = Events(p, page="/stories/rosa/"), Events(p, page="/about/")
    builds = p.builds
    save(p.site_dir / "content/stories/rosa.md", post("Rosa's bakery", "2026-01-05", body="Seen at once."))
    quick = viewer.next("reload")
    assert quick["keep"] == [] and p.builds == builds and list(p.state.quick) == ["/stories/rosa/"]
    status, _, body = get(p, "/stories/rosa/")  # served before the full rebuild starts
    assert status == 200 and b"Seen at once." in body and b'id="wom-reload"' in body
    final = viewer.next("reload")
    assert final == {"build": quick["build"] + 1, "keep": ["/stories/rosa/"]}  # the same page: no second reload
    assert p.builds == builds + 1 and p.state.quick == {}
    served = re.sub(rb"\n<!-- wom serve: .*?</script>\n", b"", body, flags=re.S)  # without the preview's snippet
    assert served == (p.output_dir / "stories/rosa/index.html").read_bytes()  # the quick look was the built page
    assert elsewhere.next("reload") == final  # other pages reload once, after the rebuild
    # the quick page, had it connected only now, would learn that it is up to date (no reload)
    late = Events(p, page="/stories/rosa/")
    assert late.hello["build"] == final["build"] and late.hello["confirmed"] == {"/stories/rosa/": quick["build"]}
    late.close()

    # new tags move the post between tag pages: no quick look, one reload after the rebuild
    save(p.site_dir / "content/stories/rosa.md", post("Rosa's bakery", "2026-01-05", body="Tagged.", tags=["bread"]))
    assert viewer.next("reload") == {"build": final["build"] + 1, "keep": []}
    assert [e for e in viewer.quiet(0.3) if e[0] == "reload"] == []

    # a quick look that the rebuild does not confirm is replaced by a second reload
    with monkeypatch.context() as guessing:
        guessing.setattr(preview_module, "quick_look", lambda *args: b"<html><body>Stale guess</body></html>")
        save(p.site_dir / "content/stories/rosa.md", post("Rosa's bakery", "2026-01-05", body="Final.", tags=["bread"]))
        assert viewer.next("reload")["keep"] == []
        assert b"Stale guess" in get(p, "/stories/rosa/")[2]
        assert viewer.next("reload")["keep"] == []
        assert b"Final." in get(p, "/stories/rosa/")[2]

    # a plain page gets its quick look too
    for _ in range(2):  # the two rebuilds above reloaded the other page
        assert elsewhere.next("reload")["keep"] == []
    save(p.site_dir / "content/pages/about.md", "---\ntitle: About us\n---\n\nWe fix bikes and trailers.\n")
    assert elsewhere.next("reload")["keep"] == []
    assert b"We fix bikes and trailers." in get(p, "/about/")[2]
    assert elsewhere.next("reload")["keep"] == ["/about/"]

    # a new title redraws the social card: the quick look's head still names the old one,
    # but what a reader sees is the same, so the page does not reload twice
    assert viewer.next("reload")["keep"] == ["/about/"]  # the plain page's rebuild reloads the viewer
    card = meta_property(BeautifulSoup(get(p, "/stories/rosa/")[2], "html.parser"), "og:image")
    save(p.site_dir / "content/stories/rosa.md", post("Rosa's new bakery", "2026-01-05", body="Final.", tags=["bread"]))
    assert viewer.next("reload")["keep"] == []
    quick_card = meta_property(BeautifulSoup(get(p, "/stories/rosa/")[2], "html.parser"), "og:image")
    assert viewer.next("reload")["keep"] == ["/stories/rosa/"]
    built = soup(p.output_dir / "stories/rosa/index.html")
    assert quick_card == card != meta_property(built, "og:image") and built.title.string.startswith("Rosa's new bakery")
    for stream in (viewer, elsewhere):
        stream.close()


def test_a_quick_look_uses_templates_as_they_are_now(preview):
    post_template = (REPO / "themes/default/templates/_post.html").read_text()
    p = preview({**site_files(), "themes/default/templates/_post.html": post_template})
    viewer = Events(p, page="/stories/rosa/")
    save(p.site_dir / "content/stories/rosa.md", post("Rosa's bakery", "2026-01-05", body="Before."))
    assert viewer.next("reload")["keep"] == []
    assert viewer.next("reload")["keep"] == ["/stories/rosa/"]  # the quick look compiled the templates
    (p.site_dir / "themes/default/templates/_post.html").write_text(
        post_template.replace("</article>", "<p>Template marker</p></article>", 1))
    assert viewer.next("reload")["keep"] == []  # a template change reloads every page
    save(p.site_dir / "content/stories/rosa.md", post("Rosa's bakery", "2026-01-05", body="After."))
    assert viewer.next("reload")["keep"] == []
    body = get(p, "/stories/rosa/")[2]
    assert b"After." in body and b"Template marker" in body  # the kept environment reloaded the template
    assert viewer.next("reload")["keep"] == ["/stories/rosa/"]
    viewer.close()


class HeldBuild:
    """hold(): the next build, once it has read the sources, waits until release() (a rebuild
    that takes long, as at 10,000 posts); `reading_done` says it got that far."""

    def __init__(self) -> None:
        self._armed, self._go, self.reading_done = threading.Event(), threading.Event(), threading.Event()

    def hold(self) -> None:
        self._go.clear()
        self.reading_done.clear()
        self._armed.set()

    def release(self) -> None:
        self._go.set()

    def wrap(self, real_build):
        def build(*args, **kwargs):
            result = real_build(*args, **kwargs)
            if self._armed.is_set():
                self._armed.clear()
                self.reading_done.set()
                assert self._go.wait(15)
            return result
        return build


@pytest.fixture
def held_build(monkeypatch) -> HeldBuild:
    held = HeldBuild()
    monkeypatch.setattr(preview_module, "build", held.wrap(preview_module.build))
    yield held
    held.release()  # a failed test must not leave the rebuild thread waiting


def test_a_save_during_a_long_rebuild_gets_its_quick_look_and_no_stale_reload(preview, held_build):
    p = preview()
    viewer = Events(p, page="/stories/rosa/")
    path = p.site_dir / "content/stories/rosa.md"
    held_build.hold()
    save(path, post("Rosa's bakery", "2026-01-05", body="Version A."))
    assert viewer.next("reload")["keep"] == []  # A's quick look; the long rebuild of A starts
    assert b"Version A." in get(p, "/stories/rosa/")[2]
    assert held_build.reading_done.wait(10)
    save(path, post("Rosa's bakery", "2026-01-05", body="Version B."))
    assert viewer.next("reload")["keep"] == []  # B's quick look, while A's rebuild still runs
    assert b"Version B." in get(p, "/stories/rosa/")[2]
    held_build.release()
    assert viewer.next("reload")["keep"] == ["/stories/rosa/"]  # A's rebuild ends: the page keeps B
    assert b"Version B." in get(p, "/stories/rosa/")[2]
    assert viewer.next("reload")["keep"] == ["/stories/rosa/"]  # B's rebuild confirms it
    assert b"Version B." in (p.output_dir / "stories/rosa/index.html").read_bytes() and p.state.quick == {}

    # a rebuild that also takes a stylesheet (or template) change reloads every page, quick look or not
    held_build.hold()
    save(path, post("Rosa's bakery", "2026-01-05", body="Version C."))
    assert viewer.next("reload")["keep"] == []  # C's quick look; C's long rebuild starts
    assert held_build.reading_done.wait(10)
    save(path, post("Rosa's bakery", "2026-01-05", body="Version D."))
    assert viewer.next("reload")["keep"] == []  # D's quick look
    queued = p._rebuilder.received
    (p.site_dir / "static/extra.css").parent.mkdir(exist_ok=True)
    (p.site_dir / "static/extra.css").write_text("main { color: teal; }\n")
    assert p._rebuilder.changed_since(queued, 10)  # the stylesheet waits beside D for the next rebuild
    held_build.release()
    assert viewer.next("reload")["keep"] == ["/stories/rosa/"]  # C's rebuild ends: D's newer quick look stays
    assert viewer.next("reload")["keep"] == []  # D's rebuild took the stylesheet too: the page reloads
    viewer.close()


def _hello_build(p: Preview, page: str) -> int:
    """The build number a tab on `page` that connects now is told (its stream then closed)."""
    events = Events(p, page=page)
    events.close()
    return events.hello["build"]


def _stamp(page: bytes) -> int:
    return int(re.search(rb"var build = (\d+);", page).group(1))


def test_a_quick_look_does_not_reload_other_pages_that_reconnect(preview, held_build):
    """A tab on another page that reconnects (after sleep, say) while a quick look is shown is
    told the number its page carries: it stays. A tab on the quick-looked page is up to date too."""
    p = preview()
    viewer = Events(p, page="/stories/rosa/")
    about = _stamp(get(p, "/about/")[2])
    held_build.hold()
    save(p.site_dir / "content/stories/rosa.md", post("Rosa's bakery", "2026-01-05", body="Quick."))
    viewer.next("reload")  # the quick look; its rebuild is held
    assert _hello_build(p, "/about/") == about
    rosa = get(p, "/stories/rosa/")[2]
    assert b"Quick." in rosa and _hello_build(p, "/stories/rosa/") == _stamp(rosa) != about
    held_build.release()
    assert viewer.next("reload")["keep"] == ["/stories/rosa/"]  # the rebuild confirms the quick look
    assert _hello_build(p, "/about/") == _stamp(get(p, "/about/")[2]) != about  # a full build reloads
    viewer.close()


def test_a_css_change_swaps_stylesheets_without_a_reload(preview):
    p = preview({**site_files(), "themes/default/static/css/site.css": "body { color: black; }\n"})
    events = Events(p)
    _, _, page_before = get(p, "/stories/rosa/")
    css = p.site_dir / "themes/default/static/css/site.css"
    css.write_text("body { color: rebeccapurple; }\n")
    assert events.next("css")["build"] == p.hub.build_id
    assert b"rebeccapurple" in get(p, "/css/site.css")[2]
    assert get(p, "/stories/rosa/")[2].replace(b"var build = 2", b"var build = 1") == page_before
    events.close()


@pytest.mark.parametrize("rest_comes", ["during the failing build", "just after it"])
def test_a_save_caught_half_written_shows_no_errors(preview, monkeypatch, rest_comes):
    """An editor that truncates the file, then writes it: a build that reads the empty file
    fails, but the rest of the save comes during that build or within a moment of its end,
    so the browser is not shown that failure."""
    real_build, written, failed = preview_module.build, threading.Event(), threading.Event()

    def build(*args, **kwargs):
        try:
            return real_build(*args, **kwargs)
        except Exception:
            failed.set()
            if rest_comes == "during the failing build":
                assert written.wait(10)  # hold the failure until the rest of the save is on disk
            raise

    monkeypatch.setattr(preview_module, "build", build)
    monkeypatch.setattr(preview_module, "FAILURE_GRACE_SECONDS", 3.0)  # a loaded machine's margin
    p = preview()
    events = Events(p, page="/stories/rosa/")
    path = p.site_dir / "content/stories/rosa.md"
    path.write_text("")  # the truncation; its build fails
    assert failed.wait(10)
    time.sleep(0.2)
    path.write_text(post("Rosa's bakery", "2026-01-05", body="The whole save."))
    time.sleep(0.2)  # the watcher hands the write to the debouncer
    written.set()
    events.next("reload")  # a "failed" first would raise
    assert b"The whole save." in get(p, "/stories/rosa/")[2]
    assert Events(p).hello["errors"] == []
    assert "sources changed during a failed build; building again" in p.out.getvalue()
    events.close()


def test_a_broken_post_shows_an_overlay_and_fixing_it_clears_it(preview):
    p = preview()
    events = Events(p)
    path = p.site_dir / "content/stories/rosa.md"
    good = path.read_text()
    save(path, "---\ntitle: [unclosed\ndate: 2026-01-05\n---\n\nBroken.\n")
    errors = events.next("failed")["errors"]
    assert errors and errors[0].startswith("content/stories/rosa.md:")
    status, _, body = get(p, "/stories/rosa/")
    assert status == 200 and b'id="wom-overlay"' in body and b"content/stories/rosa.md:" in body
    assert b"The first version." in body  # the last good build is still served
    assert "content/stories/rosa.md:" in p.out.getvalue()
    # a broken template, too
    template = p.site_dir / "themes/default/templates/story.html"
    template.parent.mkdir(parents=True)
    template.write_text('{% extends "base.html" %}{% block main %}{{ page.title | nosuchfilter }}{% endblock %}')
    assert any("story.html" in line for line in events.next("failed")["errors"])
    template.unlink()
    events.next("failed")  # the post is still broken
    save(path, good)
    events.next("reload")
    _, _, body = get(p, "/stories/rosa/")
    assert b'id="wom-overlay"' not in body and b"The first version." in body
    assert Events(p).hello["errors"] == []
    events.close()


def test_share_preview_draws_cards_from_the_built_tags(preview):
    p = preview()
    status, headers, body = get(p, "/__wom/share?path=/stories/hostile/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    text = body.decode()
    assert "<script>alert" not in text
    assert "Rosa&#x27;s &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;bread&quot;" in text
    for platform in ("X", "Facebook", "LinkedIn", "Chat app"):
        assert f"<h2>{platform}" in text
    page = BeautifulSoup(body, "html.parser")
    images = {img["src"] for img in page.select(".cards img")}
    assert images == {"/stories/images/cover.png"}  # og:image mapped back to the local file
    assert get(p, "/stories/images/cover.png")[0] == 200
    assert get(p, "/__wom/share?path=/no/such/")[0] == 404
    # the preview link on every page points here
    _, _, story = get(p, "/stories/hostile/")
    assert b'href="/__wom/share?path=/stories/hostile/"' in story


def test_share_preview_checks_are_wom_checks_findings(preview, wom):
    long = "A description that goes on and on about the bakery. " * 5  # 260 characters
    files = {**site_files(), "content/stories/long.md": post("Long", "2026-01-07", body="See [gone](/gone/).",
                                                             description=long.strip())}
    p = preview(files, config=BASIC_SITE.replace("https://", "http://"))
    _, _, body = get(p, "/__wom/share?path=/stories/long/")
    notes = [li.get_text() for li in BeautifulSoup(body, "html.parser").select(".checks li")]
    checked = wom("check", "--source", str(p.site_dir)).stdout.splitlines()
    page_lines = [line.removeprefix("stories/long/index.html: ") for line in checked if line.startswith("stories/long/index.html: ")]
    site_lines = [line.removeprefix("site.yaml: ") for line in checked if line.startswith("site.yaml: ")]
    assert "warning: description is 259 characters; previews cut it after about 200" in notes
    assert "broken internal link: /gone/" in notes
    assert "warning: base_url http://example.org/ is not https: some platforms show no preview for plain http" in notes
    assert sorted(notes) == sorted(page_lines + site_lines)  # one set of rules and limits, one wording


def test_share_preview_speaks_the_previewed_pages_language(preview):
    config = BASIC_SITE + "language: de\nlanguages:\n  ar:\n    title: \"مخبز روزا\"\n"
    files = {**site_files(), "content/stories/rosa.ar.md": post("دراجة روزا", "2026-01-05", body="نص.")}
    p = preview(files, config=config)
    _, _, body = get(p, "/__wom/share?path=/stories/rosa/")
    page = BeautifulSoup(body, "html.parser")
    assert page.html["lang"] == "de" and page.html["dir"] == "ltr"
    assert page.find("h1").get_text() == "Teilen-Vorschau: Rosa's bakery"
    assert [h.get_text() for h in page.select(".checks h2, .tags h2")] == ["Prüfungen", "Tags wie erstellt"]
    assert page.find("label").get_text().startswith("Seitenpfad") and page.find("button").get_text() == "Vorschau"
    assert "Chat-App (WhatsApp, iMessage)" in [h.get_text() for h in page.select(".platform h2")]
    _, _, body = get(p, "/__wom/share?path=/ar/stories/rosa/")  # the Arabic translation: the preview in Arabic, right to left
    page = BeautifulSoup(body, "html.parser")
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    assert page.find("h1").get_text() == "معاينة المشاركة: دراجة روزا" and page.find("button").get_text() == "معاينة"
    status, _, body = get(p, "/__wom/share?path=/nirgends/")
    assert status == 404 and "Keine erstellte Seite unter /nirgends/." in BeautifulSoup(body, "html.parser").get_text()


def test_a_missing_address_under_a_language_gets_that_languages_404(preview):
    config = BASIC_SITE.replace("https://example.org/", "https://example.org/shop/blog/") + "languages:\n  de: {}\n  ar: {}\n"
    p = preview({**site_files(), "content/stories/rosa.de.md": post("Rosas Rad", "2026-01-05", body="Text.")}, config=config)
    for target, heading in (("/shop/blog/de/nirgends/", "Seite nicht gefunden"), ("/shop/blog/ar/x/y", "الصفحة غير موجودة"),
                            ("/shop/blog/nowhere/", "Page not found"), ("/shop/blog/de/../../x", None)):
        status, _, body = get(p, target)
        if heading is None:
            assert status == 400
            continue
        assert status == 404 and BeautifulSoup(body, "html.parser").find("h1").get_text() == heading, target


def test_bursts_and_clients_that_hang_up(preview):
    p = preview({**site_files(), "content/stories/images/big.bin": os.urandom(4 * 1024 * 1024)})

    def hang_up() -> None:
        sock = socket.create_connection(("127.0.0.1", p.port))
        sock.sendall(f"GET /stories/images/big.bin HTTP/1.1\r\nHost: localhost:{p.port}\r\n\r\n".encode())
        sock.recv(100)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()  # reset mid-response

    for _ in range(5):
        hang_up()
    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(lambda i: get(p, "/stories/rosa/" if i % 2 else "/css/site.css")[0], range(300)))
    assert statuses == [200] * 300
    assert get(p, "/")[0] == 200


def test_files_a_build_never_reads_start_no_rebuild(preview):
    p = preview()
    (p.site_dir / "themes/default/templates").mkdir(parents=True)
    events = Events(p)
    events.quiet(0.6)  # whatever the new folders gave
    builds = p.builds
    (p.site_dir / "content/_drafts").mkdir()
    (p.site_dir / "content/_drafts/idea.md").write_text(post("An idea", "2026-01-07"))
    (p.site_dir / "content/stories/_notes.md").write_text("notes\n")
    assert events.quiet(0.6) == [] and p.builds == builds
    # a theme file starting with "_" is a real partial: it rebuilds
    (p.site_dir / "themes/default/templates/_mine.html").write_text("<p>mine</p>\n")
    events.next("reload")
    events.close()


def test_scratch_file_names():
    for name in ("4913", ".rosa.md.swp", "rosa.md~", ".#rosa.md", "#rosa.md#", "rosa.md.tmp", ".goutputstream-AB12"):
        assert is_scratch(name), name
    for name in ("rosa.md", "site.css", "cover.png", "site.yaml"):
        assert not is_scratch(name), name


def _start_cli(site: Path, port: int, *options: str, **env_vars: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "wom_site", "serve", "--source", str(site), "--port", str(port), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=wom_env(**env_vars))


def _serving_line(process: subprocess.Popen) -> str:
    """The `serving http://...` line a started `wom serve` prints once it is ready."""
    line = ""
    while "serving" not in line:
        line = process.stdout.readline()
        assert line or process.poll() is None, process.stderr.read()
    return line


def test_cli_port_in_use_and_ctrl_c(make_site, wom):
    site = make_site(site_files())
    port = free_port()
    first = _start_cli(site, port)
    try:
        assert f"http://127.0.0.1:{port}/" in _serving_line(first)
        second = wom("serve", "--source", str(site), "--port", str(port))
        assert second.returncode == 2
        assert second.stderr.startswith(f"127.0.0.1:{port}: already in use") and "--port" in second.stderr
        assert "Traceback" not in second.stderr
        first.send_signal(signal.SIGINT)
        out, err = first.communicate(timeout=15)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err
    assert "Traceback" not in err and "stopped" in out
    assert not (site / "output").exists()
    assert (site / ".wom-cache" / "serve" / "index.html").is_file()


def test_cli_serve_drafts_future_host_and_open(make_site, tmp_path):
    files = {**site_files(),
             "content/stories/draft.md": post("A draft", "2026-01-07", draft=True),
             "content/stories/later.md": post("Next year", "2099-01-01")}
    site, opened = make_site(files), tmp_path / "opened.txt"
    browser = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write(sys.argv[2])\" {opened} %s"
    port = free_port()
    server = _start_cli(site, port, "--host", "127.0.0.1", "--drafts", "--future", "--open", BROWSER=browser)
    try:
        assert f"http://127.0.0.1:{port}/" in _serving_line(server)
        for path in ("/stories/draft/", "/stories/later/"):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            assert conn.getresponse().status == 200, path  # --drafts and --future reach the preview
            conn.close()
        deadline = time.monotonic() + 10
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text() == f"http://127.0.0.1:{port}/"  # --open hands the URL to the browser
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=15)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0


def test_browser_page_updates_by_itself_when_the_post_is_saved(preview):
    require_chromium()
    p = preview({**site_files(), "themes/default/static/css/site.css": "main { color: rgb(0, 0, 0); }\n"})
    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{p.port}/stories/rosa/")
        assert "The first version." in page.inner_text("main")
        deadline = time.monotonic() + 10
        while p.hub.listeners == 0 and time.monotonic() < deadline:
            time.sleep(0.02)  # the page's EventSource is connected
        assert p.hub.watching("/stories/rosa/")  # it says which page it shows: a save gets a quick look
        loads = []
        page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)
        builds = p.builds
        save(p.site_dir / "content/stories/rosa.md",
            post("Rosa's bakery", "2026-01-05", body="Typed in the editor just now."))
        page.wait_for_function("document.querySelector('main').innerText.includes('Typed in the editor just now.')",
                               timeout=15000)
        while p.builds == builds and time.monotonic() < deadline + 15:
            time.sleep(0.02)  # the full rebuild after the quick look
        assert p.builds > builds
        time.sleep(0.5)
        page.wait_for_load_state("load")
        assert len(loads) == 1, loads  # one reload (the quick look): the rebuild confirmed it
        assert page.locator("#wom-overlay").count() == 0
        # a CSS edit restyles the page without reloading it
        page.evaluate("window.womNotReloaded = true")
        (p.site_dir / "themes/default/static/css/site.css").write_text("main { color: rgb(102, 51, 153); }\n")
        page.wait_for_function("getComputedStyle(document.querySelector('main')).color === 'rgb(102, 51, 153)'",
                               timeout=15000)
        assert page.evaluate("window.womNotReloaded === true")
        # a broken post shows its error over the page; the fix takes it away
        post_file = p.site_dir / "content/stories/rosa.md"
        good = post_file.read_text()
        save(post_file, "---\ntitle: [unclosed\n---\nBroken.\n")
        page.wait_for_selector("#wom-overlay", timeout=15000)
        assert "content/stories/rosa.md:" in page.inner_text("#wom-overlay")
        save(post_file, good)
        page.wait_for_selector("#wom-overlay", state="detached", timeout=15000)


def test_drafts_are_previewed_and_a_preview_never_disturbs_output(preview, wom):
    files = {**site_files(), "content/stories/draft.md": post("Not yet", "2026-01-07", body="Draft text.", draft=True)}
    p = preview(files, drafts=True)
    assert b"Draft text." in get(p, "/stories/draft/")[2]
    wom("build", "--source", str(p.site_dir), check=True)
    assert not (p.site_dir / "output/stories/draft").exists()
    events = Events(p)
    save(p.site_dir / "content/stories/draft.md", post("Not yet", "2026-01-07", body="Draft, again.", draft=True))
    events.next("reload")
    again = wom("build", "--source", str(p.site_dir), check=True)
    assert " 0 files written" in again.stdout  # the preview's builds did not spoil output/'s manifest
    events.close()


def test_drafts_scheduled_and_unapproved_posts_wear_a_badge_in_preview_only(preview, make_site):
    future = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=30)).date().isoformat()
    files = {
        "content/tips/out.md": post("Published tip", "2026-01-05"),
        "content/tips/draft.md": post("Draft tip", "2026-01-06", draft=True),
        "content/tips/later.md": post("Later tip", future),
        "content/stories/wait.md": post("Waiting story", "2026-01-07", customer='{name: "Rosa"}'),
    }
    p = preview(files, drafts=True, future=True)
    badges = {}
    for slug in ("out", "draft", "later"):
        page = BeautifulSoup(get(p, f"/tips/{slug}/")[2], "html.parser")
        badges[slug] = page.find(id="wom-badge")
    assert badges["out"] is None
    assert badges["draft"].get_text().startswith("Draft") and badges["draft"]["role"] == "status"
    assert badges["later"].get_text().startswith("Scheduled: published on ")
    pseudo = preview(site=make_site(files, BASIC_SITE + "language: en-XA\n", name="pseudo"), drafts=True)  # every translated string accented
    assert "[Đřåƒţ: ñöţ" in BeautifulSoup(get(pseudo, "/tips/draft/")[2], "html.parser").find(id="wom-badge").get_text()
    story = BeautifulSoup(get(p, "/stories/wait/")[2], "html.parser")
    assert "customer's approval" in story.find(id="wom-badge").get_text()
    built = p.output_dir / "tips/draft/index.html"
    assert built.is_file() and "wom-badge" not in built.read_text()  # added as served, never written


def test_the_preview_says_what_it_left_out_and_when_a_post_is_overdue(preview):
    files = {"content/tips/old.md": post("An old tip", "2020-01-05"),
             "content/tips/draft.md": post("Draft tip", "2020-01-06", draft=True)}
    p = preview(files, config=BASIC_SITE + "rhythm:\n  tips: 2 weeks\n")
    said = p.out.getvalue().splitlines()
    assert "not published: 1 draft (content/tips/draft.md)" in said
    assert [line for line in said if line.startswith("overdue:")] == [
        "overdue: a tip was due on 19 Jan 2020 (rhythm: every 2 weeks); `wom rhythm` shows more, `wom new next \"Title\"` starts one"]
