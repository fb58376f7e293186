"""What XML 1.0 may hold: every XML file the build writes (feeds, sitemap, SVG) drops the rest.

A vertical tab pasted from a word processor, or any other control character but tab, line feed
and carriage return, makes a whole XML document invalid (every feed reader refuses it), while
HTML merely tolerates it. Such characters never belong to markup, so they are removed from the
serialized document, wherever in it they came from.
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# In UTF-8 the control characters are single bytes that no other character's encoding contains;
# U+FFFE and U+FFFF are EF BF BE and EF BF BF.
_FORBIDDEN_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids."""
    return _FORBIDDEN.sub("", text)


def xml_bytes(document: bytes) -> bytes:
    """A UTF-8 XML document without the characters XML 1.0 forbids."""
    return _FORBIDDEN_BYTES.sub(b"", document)
