"""Caches are input, not truth: a planted, damaged, unreadable or unwritable .wom-cache/, manifest
or interrupted-build journal is one warning at most, never code run, never a failed build, and the
site built is the one a cache-free build makes."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
from pathlib import Path

import jinja2.bccache
import msgpack
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASIC_SITE, post, run_wom, write_files
from helpers import tree

FILES = {"content/stories/a.md": post("Story A", tags="[bikes, cargo]", body="A *story*."),
         "content/stories/b.md": post("Story B", "2026-02-01", tags="[bikes]", body="Another."),
         "content/tips/t.md": post("Tip", "2026-03-01", body="Oil the chain.")}


class Planted:
    """Pickled, this object runs `touch <marker>` when it is unpickled."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.marker}",))


def fresh(site: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / "fresh"
    shutil.rmtree(out, ignore_errors=True)
    run_wom("build", "--source", str(site), "--no-cache", "--output", str(out), check=True)
    return tree(out)


def built(site: Path) -> tuple[int, str]:
    result = run_wom("build", "--source", str(site))
    return result.returncode, result.stderr


def test_a_planted_cache_file_runs_nothing(make_site, tmp_path):
    site = make_site(FILES)
    run_wom("build", "--source", str(site), check=True)
    marker = tmp_path / "ran"
    cache = site / ".wom-cache"
    payload = pickle.dumps(Planted(marker))
    planted = [p for p in cache.glob("*.msgpack")]
    assert planted
    for path in planted:
        path.write_bytes(payload)
    (cache / "bodies.0.pickle").write_bytes(payload)  # the names older versions read
    (cache / "bodies.1.json").write_bytes(payload)
    # a data file naming a callable instead of a dataclass of wom_site
    (cache / "entries.1.msgpack").write_bytes(msgpack.packb({"o": ["os:system", 0, [f"touch {marker}"], []]}))
    (site / "content/stories/a.md").write_text(FILES["content/stories/a.md"].replace("A *story*.", "Edited."))
    code, stderr = built(site)
    assert code == 0, stderr
    assert not marker.exists()
    assert stderr.count("cannot read this cache file") == 1, stderr
    assert tree(site / "output") == fresh(site, tmp_path)


def test_a_damaged_manifest_is_one_warning_and_a_full_build(make_site, tmp_path):
    site = make_site(FILES)
    run_wom("build", "--source", str(site), check=True)
    manifest = site / ".wom-cache/manifest.json"
    for damage in [b"\x00garbage", b"[1, 2]", json.dumps({"index.html": 5}).encode(), b'{"index.html": ["k", "x", 1]}']:
        manifest.write_bytes(damage)
        (site / "output/index.html").write_text("tampered")
        code, stderr = built(site)
        assert code == 0, stderr
        assert stderr.count("cannot read the build manifest") == 1 and str(manifest) in stderr, stderr
        assert tree(site / "output") == fresh(site, tmp_path)


def test_a_stuck_journal_of_an_interrupted_build_needs_no_manual_delete(make_site, tmp_path):
    site = make_site(FILES)
    run_wom("build", "--source", str(site), check=True)
    for journal in [b"{not json", b'{"write": "x"}', b'{"write": [1], "remove": []}']:
        stuck = site / ".output.wom-patch-999999"
        stuck.mkdir()
        (stuck / ".wom-journal").write_bytes(journal)
        code, stderr = built(site)
        assert code == 0, stderr
        assert "damaged journal" in stderr and not stuck.exists()
        assert tree(site / "output") == fresh(site, tmp_path)


def test_an_unwritable_cache_is_one_warning_and_the_build_goes_on(make_site, tmp_path):
    """As root a read-only folder is still writable, so the cache's place is taken by a file."""
    site = make_site(FILES)
    run_wom("build", "--source", str(site), check=True)
    shutil.rmtree(site / ".wom-cache")
    (site / ".wom-cache").write_text("not a folder")
    (site / "content/stories/b.md").write_text(FILES["content/stories/b.md"].replace("Another.", "Changed."))
    code, stderr = built(site)
    assert code == 0, stderr
    assert stderr.count("cannot write the cache") == 1 and len(stderr.strip().splitlines()) == 1, stderr
    assert tree(site / "output") == fresh(site, tmp_path)
    assert (site / ".wom-cache").read_text() == "not a folder"


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(min_value=0, max_value=1000), at=st.floats(0, 1), flip=st.integers(1, 255),
       swap=st.booleans())
def test_a_cached_card_changed_in_place_is_drawn_again_not_published(which, at, flip, swap):
    """A card in .wom-cache/cards/ is checked by its content (the digest recorded when it was
    drawn), not its size: a byte changed with size and time kept as they were, or another
    card's bytes of the same length put in its place, is drawn again."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = tmp / "site"
        write_files(site, {"site.yaml": BASIC_SITE, **FILES})
        run_wom("build", "--source", str(site), check=True)
        cards = sorted((site / ".wom-cache" / "cards").iterdir())
        victim = cards[which % len(cards)]
        data, stat = bytearray(victim.read_bytes()), victim.stat()
        if swap:  # another card's bytes, cut or padded to this one's length
            other = cards[(which + 1) % len(cards)].read_bytes()
            data = bytearray((other + bytes(len(data)))[:len(data)])
        else:
            data[int((len(data) - 1) * at)] ^= flip
        victim.write_bytes(bytes(data))
        os.utime(victim, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as if nothing had been written
        assert victim.stat().st_size == stat.st_size
        shutil.rmtree(site / "output")
        code, stderr = built(site)
        assert code == 0 and "Traceback" not in stderr, stderr
        assert tree(site / "output") == fresh(site, tmp)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damage=st.binary(max_size=300), which=st.integers(min_value=0, max_value=1000), cut=st.floats(0, 1))
def test_any_damage_to_any_cache_file_builds_the_same_site(damage, which, cut):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = tmp / "site"
        write_files(site, {"site.yaml": BASIC_SITE, **FILES})
        run_wom("build", "--source", str(site), check=True)
        files = sorted(p for p in (site / ".wom-cache").rglob("*") if p.is_file())
        target = files[which % len(files)]
        data = target.read_bytes()
        target.write_bytes(data[: int(len(data) * cut)] + damage)
        (site / "content/tips/t.md").write_text(FILES["content/tips/t.md"].replace("Oil", "Clean"))
        code, stderr = built(site)
        assert code == 0 and "Traceback" not in stderr, stderr
        assert len(stderr.strip().splitlines()) <= 1, stderr
        assert tree(site / "output") == fresh(site, tmp)


def test_a_planted_compiled_template_runs_nothing(make_site, tmp_path):
    """Jinja reads its cached templates with pickle and marshal: wom keeps only files it signed."""
    site = make_site(FILES)
    run_wom("build", "--source", str(site), check=True)
    marker = tmp_path / "ran"
    templates = site / ".wom-cache/templates"
    planted = [p for p in templates.iterdir() if p.is_file()]
    assert planted
    for path in planted:  # what Jinja's own cache would load: its magic, then a pickle
        path.write_bytes(jinja2.bccache.bc_magic + pickle.dumps(Planted(marker)))
    (site / "content/stories/a.md").write_text(FILES["content/stories/a.md"].replace("A *story*.", "Edited again."))
    code, stderr = built(site)
    assert code == 0, stderr
    assert not marker.exists()
    assert tree(site / "output") == fresh(site, tmp_path)


def test_files_earlier_versions_wrote_are_removed_by_the_next_full_build(make_site):
    """JSON shards and snapshots (before MessagePack) and pickles (before JSON) are never read
    again: a full build removes them (a 10,000-post site's are about 80 MB), and keeps this
    version's own JSON files (the build record, the manifest)."""
    site = make_site(FILES)
    run_wom("build", "--source", str(site), check=True)
    cache = site / ".wom-cache"
    earlier = ["entries.3.json", "pages-3fa9bc12ab34.15.json", "snapshot.json", "snapshot-heads.json", "bodies.pickle",
               "bodies.0.pickle"]
    for name in earlier:
        (cache / name).write_bytes(b"what an earlier version wrote")
    (site / "content/stories/a.md").write_text(FILES["content/stories/a.md"].replace("A *story*.", "Edited."))
    code, stderr = built(site)
    assert code == 0, stderr
    assert not [name for name in earlier if (cache / name).exists()]
    assert (cache / "build.json").is_file() and (cache / "manifest.json").is_file() and list(cache.glob("*.msgpack"))
