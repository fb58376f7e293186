"""A mapping from site.yaml read into one of config.py's dataclasses: each key converted to its
field's type and checked by the field's own check (config_values.py), every problem named with
its key and line, an unknown key with a "did you mean"."""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing

from wom_site.diagnostics import Problem
from wom_site.yamlload import line_of

CONFIG_FILE = "site.yaml"


def read_section(base, data, prefix: str, problems: list[Problem], line: int | None):
    """Validate `data` against the dataclass of `base`; keys not given keep base's values."""
    cls = type(base)
    if not isinstance(data, dict):
        problems.append(Problem(CONFIG_FILE, line, f"{prefix.rstrip('.') or 'site.yaml'}: must be a mapping"))
        return base
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values = {}
    for key, value in data.items():
        key_line = line_of(data, key) or line
        name = f"{prefix}{key}"
        if key not in fields:
            problems.append(Problem(CONFIG_FILE, key_line, f"{name}: unknown key{_suggest(key, fields)}"))
            continue
        converted = _convert(hints[key], value, name, problems, key_line, getattr(base, key))
        check = fields[key].metadata.get("check")
        message = check(converted) if check and converted is not _BAD else None
        if message:
            problems.append(Problem(CONFIG_FILE, key_line, f"{name}: {message}"))
        elif converted is not _BAD:
            values[key] = converted
    result = dataclasses.replace(base, **values)
    for key, message in result.problems() if hasattr(result, "problems") else ():
        problems.append(Problem(CONFIG_FILE, line_of(data, key) or line, f"{prefix}{key}: {message}"))
    return result


_BAD = object()
_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", dict: "a mapping"}


def _convert(hint, value, name, problems, line, default=None):
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        if isinstance(value, str) and hasattr(hint, "from_text"):
            return hint.from_text(value)
        base = default if isinstance(default, hint) else hint()
        return read_section(base, {} if value is None else value, name + ".", problems, line)
    if origin is list:
        (item_hint,) = typing.get_args(hint)
        if value is None:
            return []
        if not isinstance(value, list):
            problems.append(Problem(CONFIG_FILE, line, f"{name}: must be a list"))
            return _BAD
        items = [_convert(item_hint, item, f"{name}[{i}]", problems, line) for i, item in enumerate(value)]
        return _BAD if _BAD in items else items
    if origin in (types.UnionType, typing.Union):
        hint = typing.get_args(hint)[0]
    if hint is dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            problems.append(Problem(CONFIG_FILE, line, f"{name}: must be a mapping"))
            return _BAD
        return dict(value)
    if hint is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # a phone number or a year written without quotes
    if hint is str and value is None:
        return ""
    if hint is int and isinstance(value, bool) or not isinstance(value, hint):
        problems.append(Problem(CONFIG_FILE, line, f"{name}: must be {_TYPE_NAMES.get(hint, hint.__name__)}, not {value!r}"))
        return _BAD
    return value


def _suggest(key, choices) -> str:
    close = difflib.get_close_matches(str(key), list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
