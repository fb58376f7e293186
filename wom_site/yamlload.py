"""YAML loading that remembers where each key was written, so errors can name a line."""

from __future__ import annotations

import yaml

try:  # the C loader is several times faster on large sites
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader


class LineDict(dict):
    """A mapping from YAML with `lines[key]` = 1-based line of that key."""

    lines: dict


class _Loader(_BaseLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark
            ) from None
        if key in result.lines:  # YAML keeps the last silently; a person meant one of them
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} is given twice (first on line {result.lines[key]}); keep one", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    """A date-shaped value that is no real date (2026-13-45) is an error with its line."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a real date ({error})", node.start_mark
        ) from None


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class YamlError(Exception):
    def __init__(self, message: str, line: int | None, syntax: bool = False):
        super().__init__(message)
        self.message = message
        self.line = line
        self.syntax = syntax  # the text is not YAML at all (a scanner or parser error), not a bad value


def load_yaml(text: str, first_line: int = 1):
    """Parse YAML; line numbers (in `LineDict.lines` and errors) start at `first_line`."""
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), first_line):
            indent = line[: len(line) - len(line.lstrip())]
            if "\t" in indent:
                raise YamlError("a tab is used for indentation; YAML needs spaces", number)
    if "&" in text and "*" in text:  # (cheap: most front matter has neither)
        _refuse_aliases(text, first_line)
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        syntax = isinstance(error, (yaml.scanner.ScannerError, yaml.parser.ParserError))
        raise YamlError(f"invalid YAML: {error.problem or error}", line, syntax) from None
    except yaml.YAMLError as error:
        raise YamlError(f"invalid YAML: {error}", None) from None
    if first_line != 1:
        _shift_lines(data, first_line - 1)
    return data


def _refuse_aliases(text: str, first_line: int) -> None:
    """YAML aliases (*name) repeat what an anchor (&name) holds; nested, a few lines stand for
    billions of values (a "billion laughs"). Front matter and site.yaml have no need of them."""
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                raise YamlError(f"YAML aliases (*{event.anchor}) are not allowed; write the value out",
                                event.start_mark.line + first_line)
    except yaml.YAMLError:
        return  # the load below reports it, with its line


def _shift_lines(data, offset: int) -> None:
    if isinstance(data, LineDict):
        data.lines = {key: line + offset for key, line in data.lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, list):
        for value in data:
            _shift_lines(value, offset)


def line_of(mapping, key) -> int | None:
    return getattr(mapping, "lines", {}).get(key)
