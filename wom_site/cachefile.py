"""The on-disk form of cache files: data only (MessagePack), never code.

A planted or damaged file under .wom-cache/ must not run anything when it is read (pickle
would call whatever the file names). Values are written as MessagePack (msgpack: a C reader and
writer, about twice JSON's speed, and bytes as they are, where JSON needs base64), with a small
tag for what it lacks: tuples, sets, dates, paths, time zones, dicts (any key), integers past 64
bits, and wom's own dataclasses. A tag is a map of one key; every map in a file is one. Reading
makes only those: a dataclass is named by its module and class, must be a dataclass defined in
wom_site, and is filled field by field without calling its code. Anything else in a file is an
UnreadableCache.

An object met twice is written once and referred to by number, so shared values stay
shared; a value that contains itself cannot be written (the snapshot flattens its links).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import operator
import sys
import zoneinfo
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable

import msgpack


class UnreadableCache(ValueError):
    """What a cache file holds is not something this version writes."""


def dumps(value) -> bytes:
    out = io.BytesIO()
    dump(value, out)
    return out.getvalue()


def dump(value, out: BinaryIO) -> None:
    """Write `value` to `out` as dumps would, streaming the long lists and mappings (a snapshot's
    10,000 pages) a batch at a time, so the whole file never exists twice in memory."""
    start = out.tell()
    try:
        _Writer().stream(value, out)
    except OverflowError:  # an integer past 64 bits (rare: a YAML number): again, checking each one
        out.seek(start)
        out.truncate()
        _Writer(wide=True).stream(value, out)


def loads(data: bytes):
    """What dumps wrote. The caller passes the file's bytes on (`loads(f.read())`)."""
    reader = _Reader()
    try:
        return msgpack.unpackb(data, object_hook=reader.hook, raw=False, use_list=True, strict_map_key=True,
                               unicode_errors="surrogatepass")
    except UnreadableCache:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OverflowError,
            msgpack.UnpackException) as error:
        raise UnreadableCache(str(error) or type(error).__name__) from None


_PLAIN = frozenset({str, int, bool, float, bytes, type(None)})  # MessagePack as they are
_NARROW = _PLAIN - {int}  # with `wide`: every int is looked at
_BATCH = 256  # items of a long list encoded and written at a time


def _packer() -> msgpack.Packer:
    # a lone surrogate (a name with surrogate escapes) is written as it is
    return msgpack.Packer(use_bin_type=True, unicode_errors="surrogatepass", strict_types=True)


class _Writer:
    def __init__(self, wide: bool = False):
        self.seen: dict[int, int] = {}  # id(object) -> its number
        self.keep: list = []  # the objects numbered (ids stay theirs while the file is written)
        self.plain = _NARROW if wide else _PLAIN  # wide: an int past 64 bits is tagged, not an error
        self.pack = _packer().pack

    def stream(self, value, out: BinaryIO, depth: int = 0) -> None:
        """The MessagePack of encode(value), written in parts: the mappings near the top one item
        at a time, a long list (or mapping, or tuple) a batch of items at a time, in the order
        encode takes them (objects are numbered in that order)."""
        kind, pack = type(value), self.pack
        if kind is dict and len(value) > _BATCH:
            out.write(_TAG_D)
            self._stream_items([x for k, v in value.items() for x in (k, v)], out)
        elif kind is dict and depth < 3:
            out.write(_TAG_D + _array_header(2 * len(value)))
            for key, item in value.items():
                out.write(pack(self.encode(key)))
                self.stream(item, out, depth + 1)
        elif (kind is list or kind is tuple) and len(value) > _BATCH:
            out.write(_TAG_T if kind is tuple else b"")
            self._stream_items(value, out)
        else:
            out.write(pack(self.encode(value)))

    def _stream_items(self, items, out: BinaryIO) -> None:
        out.write(_array_header(len(items)))
        pack = self.pack
        for start in range(0, len(items), _BATCH):
            out.write(b"".join([pack(item) for item in self._list(items[start:start + _BATCH])]))

    def _list(self, values) -> list:
        encode, plain = self.encode, self.plain
        return [v if type(v) in plain else encode(v) for v in values]

    def encode(self, value):
        kind = type(value)
        if kind in self.plain:
            return value
        if kind is int:  # only when wide
            return value if -2**63 <= value < 2**64 else {"i": str(value)}
        if kind is list:
            return self._list(value)
        if kind is tuple:
            return {"t": self._list(value)}
        if kind is dict:  # as a list: every map in a cache file is one of our tags
            encode, plain = self.encode, self.plain
            return {"d": [x if type(x) in plain else encode(x) for k, v in value.items() for x in (k, v)]}
        plan = _PLANS.get(kind)
        if plan is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
            plan = _plan(kind)
        if plan is not None:
            return self._object(value, plan)
        return self._scalar(value, kind)

    def _object(self, value, plan: _Plan):
        key = id(value)
        number = self.seen.get(key)
        if number is not None:
            if number < 0:
                raise ValueError(f"{type(value).__name__} contains itself; cache files hold no cycles")
            return {"r": number}
        self.seen[key] = -1  # being written
        encode, field, plain = self.encode, self._field, self.plain
        # every field's value in one call, then each written by its annotation or as it is
        state = [field(v, typed) if typed else v if type(v) in plain else encode(v)
                 for v, typed in zip(plan.values(value), plan.kinds)]
        own = getattr(value, "__dict__", None)  # attributes set beside the fields (a page's cached values)
        extra = [] if own is None or len(own) == len(plan.fields) else \
            [x for k, v in own.items() if k not in plan.names for x in (k, encode(v))]
        # numbered once written whole, as a reader makes it (a file is decoded inside out)
        number = self.seen[key] = len(self.keep)
        self.keep.append(value)
        return {"o": [plan.name, number, state, extra]}

    def _field(self, value, typed: str):
        """A field whose annotation names its type is written without a tag (most of a cache's
        values: tuples, dates), and read back by that annotation (_make)."""
        kind = type(value)
        if typed == "tuple" and kind is tuple:
            return self._list(value) if value else []  # most are empty
        if typed == "datetime" and kind is dt.datetime:
            return [value.replace(tzinfo=None).isoformat(), _zone_of(value.tzinfo), value.fold]
        if typed == "date" and kind is dt.date:
            return value.isoformat()
        if kind is list or kind is str:
            return {"v": self.encode(value)}  # not the annotated type: read as it is
        return self.encode(value)

    def _scalar(self, value, kind):
        if kind is set or kind is frozenset:
            return {"s" if kind is set else "f": [self.encode(v) for v in value]}
        if kind is dt.datetime:
            return {"dt": [value.replace(tzinfo=None).isoformat(), self.encode(value.tzinfo), value.fold]}
        if kind is dt.date:
            return {"da": value.isoformat()}
        if kind is dt.timedelta:
            return {"td": [value.days, value.seconds, value.microseconds]}
        if kind is dt.timezone:
            return {"tz": [value.utcoffset(None).total_seconds(), value.tzname(None)]}
        if kind is zoneinfo.ZoneInfo:
            return {"zi": value.key}
        if kind is PurePosixPath:
            return {"pp": str(value)}
        if isinstance(value, Path):
            return {"p": str(value)}
        if isinstance(value, dict):  # a YAML mapping that remembers its lines: read back as a plain dict
            return self.encode(dict(value))
        raise TypeError(f"a cache file cannot hold a {kind.__name__}")


@dataclasses.dataclass(frozen=True)
class _Plan:
    """How a dataclass is written and read: computed once per class."""

    name: str  # "module:Class", as files name it
    layout: tuple[tuple[str, str], ...]  # (field, "tuple" | "datetime" | "date" | "")
    fields: tuple[str, ...]
    names: frozenset[str]
    typed: tuple[tuple[int, str], ...]  # the fields read back by their annotation: (index, kind)
    kinds: tuple[str, ...]  # each field's kind from layout
    values: Callable[[object], tuple]  # an object's field values, in order


def _getter(names: tuple[str, ...]) -> Callable[[object], tuple]:
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple
        return lambda value, name=names[0]: (getattr(value, name),)
    return operator.attrgetter(*names) if names else lambda value: ()


_PLANS: dict[type, _Plan] = {}


def _plan(kind: type) -> _Plan:
    layout = _layout(kind)
    names = _field_names(kind)
    plan = _PLANS[kind] = _Plan(f"{kind.__module__}:{kind.__qualname__}", layout, names, frozenset(names),
                                tuple((i, typed) for i, (_, typed) in enumerate(layout) if typed),
                                tuple(typed for _, typed in layout), _getter(names))
    return plan


_FIELDS: dict[type, tuple[str, ...]] = {}
_LAYOUTS: dict[type, tuple[tuple[str, str], ...]] = {}


def _layout(kind: type) -> tuple[tuple[str, str], ...]:
    """(field name, "tuple" | "datetime" | "date" | "") for each field, from its annotation."""
    layout = _LAYOUTS.get(kind)
    if layout is None:
        layout = _LAYOUTS[kind] = tuple((f.name, _typed(str(f.type))) for f in dataclasses.fields(kind))
    return layout


def _typed(annotation: str) -> str:
    annotation = annotation.replace(" ", "").replace("|None", "")
    if annotation.startswith("tuple"):
        return "tuple"
    if annotation in ("dt.datetime", "datetime.datetime", "datetime"):
        return "datetime"
    return "date" if annotation in ("dt.date", "datetime.date", "date") else ""


def _zone_of(zone):
    if zone is None or type(zone) is zoneinfo.ZoneInfo:
        return None if zone is None else zone.key
    offset = zone.utcoffset(None)
    return [offset.total_seconds(), zone.tzname(None)]


def _zone(value):
    if value is None:
        return None
    if type(value) is str:
        return zoneinfo.ZoneInfo(value)
    return dt.timezone(dt.timedelta(seconds=value[0]), value[1])


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


class _Reader:
    def __init__(self):
        self.numbered: list = []

    def hook(self, obj: dict):
        if len(obj) != 1:
            raise UnreadableCache(f"unknown value {sorted(obj)[:3]}")
        (tag, value), = obj.items()
        if tag == "o":  # the most common tags first: a snapshot holds tens of thousands
            name, number, state, extra = value
            if number != len(self.numbered):
                raise UnreadableCache("objects out of order")
            made = _make(_KINDS.get(name) or _dataclass_named(name), state, extra)
            self.numbered.append(made)
            return made
        if tag == "r":
            return self.numbered[value]
        maker = _SIMPLE.get(tag)
        if maker is not None:
            return maker(value)
        raise UnreadableCache(f"unknown value {tag!r}")


def _make(kind: type, state: list, extra: list):
    plan = _PLANS.get(kind) or _plan(kind)
    if type(state) is not list or len(state) != len(plan.fields) or type(extra) is not list:
        raise UnreadableCache(f"a {kind.__name__} with other fields")
    for index, typed in plan.typed:
        field_value = state[index]
        if field_value is None:  # an optional field left out (as _read_field would return it)
            continue
        if typed == "tuple" and type(field_value) is list:  # most typed fields (as _read_field would)
            state[index] = tuple(field_value)
        else:
            state[index] = _read_field(field_value, typed)
    value = object.__new__(kind)  # no __init__ or __post_init__: nothing of the file runs
    own = getattr(value, "__dict__", None)
    if own is not None:
        own.update(zip(plan.fields, state))
        if extra:
            own.update(zip(extra[::2], extra[1::2]))
    else:
        for name, field_value in zip(plan.fields, state):
            object.__setattr__(value, name, field_value)
    return value


_KINDS: dict[str, type] = {}


class _AsIs:
    """A field's value that is not of its annotated type (written with the "v" tag)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _read_field(value, typed: str):
    kind = type(value)
    if kind is _AsIs:
        return value.value
    if typed == "tuple" and kind is list:
        return tuple(value)
    if typed == "datetime" and kind is list:
        return dt.datetime.fromisoformat(value[0]).replace(tzinfo=_zone(value[1]), fold=value[2])
    if typed == "date" and kind is str:
        return dt.date.fromisoformat(value)
    if kind is list or kind is str:
        raise UnreadableCache(f"a {kind.__name__} where a {typed} is written")
    return value


def _dataclass_named(name: str) -> type:
    """A dataclass of wom_site named `module:Class`; only modules already imported are looked in."""
    kind = _KINDS.get(name)
    if kind is not None:
        return kind
    module_name, _, qualname = name.partition(":")
    module = sys.modules.get(module_name) if module_name.split(".")[0] == "wom_site" else None
    kind = getattr(module, qualname, None) if module is not None and qualname.isidentifier() else None
    if not (isinstance(kind, type) and dataclasses.is_dataclass(kind) and kind.__module__ == module_name):
        raise UnreadableCache(f"{name!r} is not a dataclass of wom_site")
    _KINDS[name] = kind
    return kind


def _tuple(value):
    if type(value) is not list:
        raise UnreadableCache("a tuple that is not a list")
    return tuple(value)


_SIMPLE = {
    "t": _tuple,
    "d": lambda value: dict(zip(value[::2], value[1::2])),
    "p": Path,
    "pp": PurePosixPath,
    "s": set,
    "f": frozenset,
    "i": int,  # past 64 bits
    "v": _AsIs,
    "dt": lambda value: dt.datetime.fromisoformat(value[0]).replace(tzinfo=value[1], fold=value[2]),
    "da": dt.date.fromisoformat,
    "td": lambda value: dt.timedelta(*value),
    "tz": lambda value: dt.timezone(dt.timedelta(seconds=value[0]), value[1]),
    "zi": zoneinfo.ZoneInfo,
}



def _array_header(n: int) -> bytes:
    return _packer().pack_array_header(n)


_TAG_D = b"\x81\xa1d"  # a map of one key, "d", whose value follows
_TAG_T = b"\x81\xa1t"
