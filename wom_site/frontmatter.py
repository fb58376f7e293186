"""A Markdown file's metadata and body, in every format the common generators write.

    ---  YAML  ---        (ours, Jekyll, Hugo, Pelican with a plugin)
    +++  TOML  +++        (Hugo)
    { JSON }              (Hugo)
    Title: Key: value     (Pelican's and Python-Markdown's meta header, up to a blank line)

Each returns a mapping that remembers the line of each key (yamlload.LineDict), so a bad
value is reported at its line whatever the format.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import frontmatter

from wom_site.yamlload import LineDict, YamlError, load_yaml


@dataclass(frozen=True)
class FrontMatter:
    meta: dict
    body: str
    body_line: int  # line of the body's first line in the file
    format: str  # "yaml", "toml", "json", "pelican" or "" (no front matter)
    # why a '---' block was read as Pelican's `Key: value` lines: (line, YAML's complaint), or None
    not_yaml: tuple[int | None, str] | None = None


class FrontMatterError(Exception):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line, self.message = line, message


_YAML = frontmatter.YAMLHandler()
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$", re.M)
_YAML_INDICATORS = tuple("[{\"'|>&*!%")  # a value that starts so was written as YAML
_PELICAN_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):[ \t]*(.*)$")


def split_front_matter(text: str) -> FrontMatter:
    """The file's metadata and body; raises FrontMatterError with a line and a sentence."""
    if text.startswith("---"):
        return _yaml(text)
    if text.startswith("+++"):
        return _toml(text)
    if text.startswith("{"):
        found = _json(text)
        if found is not None:
            return found
    found = _pelican(text)
    return found if found is not None else FrontMatter({}, text, 1, "")


def _body_line(text: str, body: str) -> int:
    return text[: len(text) - len(body)].count("\n") + 1


def _yaml(text: str) -> FrontMatter:
    try:
        raw, body = _YAML.split(text)
    except ValueError:
        raise FrontMatterError(1, "front matter is not closed: add a line with only '---' after it") from None
    try:
        meta = load_yaml(raw, first_line=1)  # `raw` starts with the newline ending the '---' line
    except YamlError as error:
        flat = _flat_keys(raw) if error.syntax else None
        if flat is None:
            raise FrontMatterError(error.line, error.message) from None
        return FrontMatter(flat, body, _body_line(text, body), "pelican", (error.line, error.message))
    return FrontMatter(_mapping(meta), body, _body_line(text, body), "yaml")


def _flat_keys(raw: str) -> LineDict | None:
    """A '---' block that YAML refuses but that is plain `Key: value` lines, as Pelican and
    MultiMarkdown read it (`title: Quick and Dirty: Santa's Coming`, `twitter: @shop`); None
    when any line is something else (indented, a list item...) or a value is meant as YAML
    (`tags: [a, b`, `!!python/...`, quoted): then YAML's error stands."""
    meta = LineDict()
    meta.lines = {}
    for number, line in enumerate(raw.split("\n")[1:], 2):  # `raw` starts with the '---' line's newline
        if not line.strip():
            continue
        match = _PELICAN_KEY.match(line)
        if match is None or match.group(1).lower() in meta or match.group(2).startswith(_YAML_INDICATORS):
            return None
        meta[match.group(1).lower()], meta.lines[match.group(1).lower()] = match.group(2).strip(), number
    return meta if "title" in meta else None


def _toml(text: str) -> FrontMatter:
    fences = list(_TOML_FENCE.finditer(text))
    if len(fences) < 2:
        raise FrontMatterError(1, "TOML front matter is not closed: add a line with only '+++' after it")
    raw = text[fences[0].end(): fences[1].start()]
    import tomllib  # on first use: TOML front matter is rare (Hugo's `+++`)

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        raise FrontMatterError(line or 1, f"TOML front matter: {str(error).split(' (at')[0]}") from None
    body = text[fences[1].end():].removeprefix("\n")
    meta = _with_lines(data, raw, 1, r"^[ \t]*[\"']?{key}[\"']?[ \t]*=")
    return FrontMatter(meta, body, _body_line(text, body), "toml")


def _json(text: str) -> FrontMatter | None:
    try:
        data, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as error:
        if text.lstrip("{ \t\n").startswith('"'):  # meant as JSON front matter
            raise FrontMatterError(error.lineno, f"JSON front matter: {error.msg}") from None
        return None
    if not isinstance(data, dict):
        return None
    body = text[end:].lstrip(" \t").removeprefix("\n")
    meta = _with_lines(data, text[:end], 1, r"\"{key}\"[ \t]*:")
    return FrontMatter(meta, body, _body_line(text, body), "json")


def _pelican(text: str) -> FrontMatter | None:
    """Pelican's header: `Key: value` lines up to the first blank line; an indented line
    continues the value above. Read only when it names a title (plain text starting with
    "Note: ..." stays text)."""
    meta = LineDict()
    meta.lines = {}
    lines = text.split("\n")
    key = None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            break
        match = _PELICAN_KEY.match(line)
        if match:
            key = match.group(1).lower()
            if key in meta:
                raise FrontMatterError(number, f"{key!r} is given twice (first on line {meta.lines[key]}); keep one")
            meta[key], meta.lines[key] = match.group(2).strip(), number
        elif key is not None and line[:1] in (" ", "\t"):
            meta[key] = f"{meta[key]}\n{line.strip()}".strip()
        else:
            return None
    else:
        number = len(lines) + 1
    if "title" not in meta:
        return None
    body = "\n".join(lines[number:])
    return FrontMatter(meta, body, number + 1, "pelican")


def _mapping(meta) -> dict:
    if meta is None:
        return LineDict()
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "front matter must be a mapping of keys to values")
    return meta


def _with_lines(data: dict, raw: str, first_line: int, pattern: str) -> LineDict:
    """`data` as a LineDict whose keys know the line they were written on in `raw`."""
    meta = LineDict(data)
    meta.lines = {}
    for key in data:
        found = re.search(pattern.format(key=re.escape(str(key))), raw, re.M)
        if found:
            meta.lines[key] = raw[: found.start()].count("\n") + first_line
    return meta
