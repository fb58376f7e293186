"""Cache files are written streamed (a batch of items at a time): what is written is exactly the
one JSON document of the whole value, and reads back as what was written, shared objects and all."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path, PurePosixPath

import pytest

from wom_site import cachefile
from wom_site.cache import read_items, write_items
from wom_site.diagnostics import Problem


def _whole(value) -> bytes:
    """The file as one JSON document of the whole encoded value (no streaming)."""
    text = json.dumps(cachefile._Writer().encode(value), separators=(",", ":"), allow_nan=True, ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")


def _value(n: int):
    shared = Problem("content/a.md", 3, "a problem every item refers to")
    when = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2), "CEST"))
    items = {f"content/{i}.md": (i, f"digest-{i}", shared, [shared, b"\x00\xff" * i], when) for i in range(n)}
    return {"version": "x", "items": {
        "pages": [Problem(f"content/{i}.md", i, f"page {i} \udcff") for i in range(n)],
        "by_source": items,
        "tuple": tuple(range(n)),
        "nested": {"deeper": {"deepest": {"list": list(range(n)), "set": {1, 2}, "path": Path("/x"),
                                          "posix": PurePosixPath("a/b"), "day": dt.date(2026, 1, 2)}}},
        "keys": {(1, "a"): "tuple key", 2: "int key"},
        "small": [shared],
    }}


@pytest.mark.parametrize("n", [0, 1, cachefile._BATCH - 1, cachefile._BATCH, cachefile._BATCH + 1, 3 * cachefile._BATCH + 7])
def test_a_streamed_file_is_the_whole_document_and_reads_back(n):
    value = _value(n)
    out = io.BytesIO()
    cachefile.dump(value, out)
    assert out.getvalue() == cachefile.dumps(value) == _whole(value)
    back = cachefile.loads(out.getvalue())
    assert back == value
    if n:  # an object met twice is one object again
        first, last = back["items"]["by_source"]["content/0.md"], back["items"]["by_source"][f"content/{n - 1}.md"]
        assert first[2] is last[2] is back["items"]["small"][0]


def test_a_value_the_format_cannot_hold_leaves_no_file(tmp_path):
    path = tmp_path / "ns.0.json"
    write_items(path, {"a": 1})
    with pytest.raises(TypeError):
        write_items(path, {f"k{i}": i for i in range(1000)} | {"late": object()})
    assert read_items(path) == {"a": 1}  # the old file stays whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ns.0.json"]  # no half-written temporary file
