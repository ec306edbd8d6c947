"""Reading a response body as JSON, whatever the server sent.

`parse_json()` is the only way the client turns a body into Python values, and it either
returns plain JSON values that every later step can handle or raises `UnreadableBody`
(which the client reports as `errors.MalformedResponseError`):

- bytes that are not UTF-8 become U+FFFD instead of failing the whole body;
- a lone UTF-16 surrogate (`"\\ud83d"`: JavaScript servers write one when they cut a string
  inside an emoji) becomes U+FFFD, in values and in keys, so nothing downstream (the UTF-8
  encoder, SQLite, Qt) meets a string it cannot encode;
- nesting deeper than `MAX_DEPTH` is refused: a body 100,000 levels deep makes the JSON
  decoder raise `RecursionError`, and one a few hundred deep would pass it and raise later,
  in the cache's `json.dumps` or in pydantic, where nothing expects it.

The depth check walks only containers and costs about a quarter of `json.loads` on a page
of 100 entities; the surrogate repair walks the values only when the raw body holds a
`\\uD800`–`\\uDFFF` escape at all.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_DEPTH", "UnreadableBody", "clean_surrogates", "parse_json"]

MAX_DEPTH = 64
"""The deepest nesting accepted. The service's deepest record (a page, a record, its
settings, a translation table) is under ten levels; the JSON decoder fails near 1,000."""

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_REPLACEMENT = "\ufffd"


class UnreadableBody(ValueError):
    """The body is not JSON this client can use; the message says why (never the body)."""


def parse_json(content: bytes) -> Any:
    """The body as plain JSON values, repaired and bounded as the module docstring says."""
    text = content.decode("utf-8-sig", "replace")
    try:
        data = json.loads(text)
    except RecursionError:
        raise UnreadableBody(f"the JSON is nested deeper than {MAX_DEPTH} levels") from None
    except ValueError:
        raise UnreadableBody("the body is not JSON") from None
    if isinstance(data, dict | list) and _nested_deeper_than(data, MAX_DEPTH - 1):
        raise UnreadableBody(f"the JSON is nested deeper than {MAX_DEPTH} levels")
    if _SURROGATE_ESCAPE.search(content) is not None:
        data = clean_surrogates(data)
    return data


def _nested_deeper_than(container: Any, room: int) -> bool:
    """Whether some container inside `container` lies more than `room` levels below it.
    Recursion is safe: the decoder itself refused anything near the interpreter's limit,
    and the walk stops `room` levels down."""
    children = container.values() if type(container) is dict else container
    for child in children:
        kind = type(child)  # `type() is`, not isinstance(): JSON holds no subclasses, and
        # it halves the cost of this walk
        if (kind is dict or kind is list) and (
            room <= 0 or _nested_deeper_than(child, room - 1)
        ):
            return True
    return False


def clean_surrogates(value: Any) -> Any:
    """`value` with every lone surrogate in its strings (keys included) replaced by U+FFFD.
    A surrogate pair in the JSON was already joined into one character by the decoder, so
    any surrogate left is a lone one."""
    if isinstance(value, str):
        return value if value.isascii() else _SURROGATE.sub(_REPLACEMENT, value)
    if isinstance(value, dict):
        return {clean_surrogates(k): clean_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_surrogates(v) for v in value]
    return value
