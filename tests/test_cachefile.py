"""Cache files are written streamed (a batch of items at a time): what is written is exactly the
one MessagePack document of the whole value, and reads back as what was written, shared objects and all."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path, PurePosixPath

import msgpack
import pytest

from wom_site import cachefile
from wom_site.cache import read_items, write_items
from wom_site.diagnostics import Problem


def _whole(value) -> bytes:
    """The file as one MessagePack document of the whole encoded value (no streaming)."""
    return msgpack.packb(cachefile._Writer().encode(value), use_bin_type=True, unicode_errors="surrogatepass")


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


def test_integers_past_64_bits_read_back():
    """A YAML number can be any size; MessagePack holds 64 bits: such a file is written again with
    every integer checked (and tagged when it is past 64 bits), whole and readable."""
    huge = [2**64, -2**63 - 1, 10**40, -(10**40)]
    value = {"version": "x", "items": {"long": list(range(cachefile._BATCH)) + huge, "key": {2**70: "a key"},
                                       "field": Problem("content/a.md", 2**65, "a line far away")}}
    back = cachefile.loads(cachefile.dumps(value))
    assert back == value and back["items"]["field"].line == 2**65
    assert cachefile.loads(cachefile.dumps([2**64 - 1, -2**63])) == [2**64 - 1, -2**63]  # the edges need no tag


def test_fields_read_back_by_their_annotation_and_otherwise():
    """Dates and tuples in fields annotated so are written without a tag; a value of another type
    in such a field (front matter can put anything there) reads back as it was."""
    from wom_site.content import Customer  # (the reader looks only in modules already imported)

    typed = Customer(name="Ana", approved=dt.date(2026, 2, 3))
    odd = Customer(name="Ben", approved="2026-02-03")  # noqa: the field holds what YAML gave
    back = cachefile.loads(cachefile.dumps([typed, odd, b"\x00\xff" * 3]))
    assert back == [typed, odd, b"\x00\xff" * 3]
    assert type(back[0].approved) is dt.date and type(back[1].approved) is str


@pytest.mark.parametrize("data", [b"", b"\xc1", b"\x81\xa1o\x94\xa7os:exit\x00\x90\x90", b"\x81\xa1q\x01", b"\x92\x01",
                                  b"\xdd\xff\xff\xff\xff", b"\x81\x01\x02", msgpack.packb({"d": [1]})[:-1]])
def test_damaged_files_are_unreadable_not_errors(data):
    with pytest.raises(cachefile.UnreadableCache):
        cachefile.loads(data)


def test_a_value_that_contains_itself_is_refused_not_looped():
    """The format has no cycles (the snapshot flattens its pages' links): writing one is a
    ValueError (the build goes on without that cache file), never endless recursion."""
    from wom_site.site import Page  # (the module files name it by)

    page = object.__new__(Page)
    vars(page).update({name: None for name in Page.__dataclass_fields__}, related=[], tags=[])
    page.related.append(page)
    with pytest.raises(ValueError, match="contains itself"):
        cachefile.dumps({"pages": [page]})
    page.related.clear()
    assert cachefile.loads(cachefile.dumps([page, page]))[0].related == []
