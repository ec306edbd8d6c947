"""Effective settings of a business unit (entity settings with the unit's on top), colours
and contrast, so previews show what a document issued under the unit will really look like."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any, Literal

PDF_TEMPLATES: tuple[str, ...] = ("modern", "classic", "condensed", "minimal", "fashion")
"""The templates an editor offers."""

KNOWN_TEMPLATES: tuple[str, ...] = (*PDF_TEMPLATES, "timeless_modern_full_data")
"""Every template the API knows; one read from the server outside `PDF_TEMPLATES` is kept."""

MERGED_KEYS: tuple[str, ...] = ("email_defaults", "tax_clause_defaults", "translations")
"""Settings a unit overrides key by key instead of as a whole."""

Source = Literal["entity", "unit"]

_HEX_COLOR = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
BLACK = "#000000"
WHITE = "#ffffff"


def flat_email_defaults(email_defaults: Mapping[str, Any]) -> dict[str, Any]:
    """E-mail defaults in the flat form (`invoice_subject`), reading the nested form the
    business-unit seed shows (`{"invoice": {"subject": …}}`) too. Flat keys win over nested
    ones when both are given."""
    flat: dict[str, Any] = {}
    nested: dict[str, Any] = {}
    for key, value in email_defaults.items():
        if isinstance(value, Mapping):
            for part, text in value.items():
                nested[f"{key}_{part}"] = copy.deepcopy(text)
        else:
            flat[key] = copy.deepcopy(value)
    return {**nested, **flat}


def _unit_part(key: str, value: Any) -> Any:
    """A unit's value as it takes part in the merge (`None` when it sets nothing)."""
    if value is None:
        return None
    if key == "bank_accounts" and isinstance(value, list) and not value:
        return None
    if key == "email_defaults" and isinstance(value, Mapping):
        return flat_email_defaults(value)
    return value


def effective_settings(
    entity_settings: Mapping[str, Any], unit_settings: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The settings a document issued under the unit uses.

    Every unit key replaces the entity's, except `email_defaults`, `tax_clause_defaults` and
    `translations`, which merge key by key (the unit wins per key). A unit value of `None`,
    or an empty `bank_accounts` list, sets nothing and the entity's stays. Unknown keys pass
    through and neither input is mutated (the result shares nothing with them).
    """
    result: dict[str, Any] = copy.deepcopy(dict(entity_settings))
    if not unit_settings:
        return result
    for key, raw in unit_settings.items():
        value = _unit_part(key, raw)
        if value is None:
            continue
        inherited = result.get(key)
        if key in MERGED_KEYS and isinstance(value, Mapping):
            base = dict(inherited) if isinstance(inherited, Mapping) else {}
            base.update(copy.deepcopy(dict(value)))
            result[key] = base
        else:
            result[key] = copy.deepcopy(value)
    return result


def value_sources(
    entity_settings: Mapping[str, Any], unit_settings: Mapping[str, Any] | None
) -> dict[str, Source]:
    """Where each effective setting comes from, for "inherited" / "set for this unit" marks.

    Keys are the effective top-level keys, except for the key-by-key merged settings, which
    are reported per sub-key as `"email_defaults.invoice_subject"`,
    `"translations.<key>"` and so on (they have no single source).
    """
    unit = unit_settings or {}
    effective = effective_settings(entity_settings, unit_settings)
    sources: dict[str, Source] = {}
    for key, value in effective.items():
        unit_value = _unit_part(key, unit.get(key))
        if key in MERGED_KEYS and isinstance(value, Mapping):
            unit_keys = set(unit_value) if isinstance(unit_value, Mapping) else set()
            for sub_key in value:
                sources[f"{key}.{sub_key}"] = "unit" if sub_key in unit_keys else "entity"
        else:
            sources[key] = "entity" if unit_value is None else "unit"
    return sources


def parse_color(text: object) -> str:
    """`#rgb` or `#rrggbb` in any case, as lowercase `#rrggbb`.

    Raises `ValueError` with a sentence for the user for anything else.
    """
    if not isinstance(text, str) or _HEX_COLOR.fullmatch(text) is None:
        shown = text if isinstance(text, str) else repr(text)
        raise ValueError(
            f"“{shown}” is not a colour the documents can use; write it as # and six "
            "hexadecimal digits, for example #1d4ed8 (or the short form #14d)."
        )
    digits = text[1:].lower()
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return "#" + digits


def relative_luminance(color: str) -> float:
    """WCAG 2.x relative luminance of a colour, 0 (black) to 1 (white)."""
    value = parse_color(color)
    channels = []
    for offset in (1, 3, 5):
        c = int(value[offset : offset + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    first, second = relative_luminance(a), relative_luminance(b)
    lighter, darker = max(first, second), min(first, second)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_color(background: str) -> str:
    """Black or white, whichever reads better on the background (black on a tie)."""
    if contrast_ratio(background, BLACK) >= contrast_ratio(background, WHITE):
        return BLACK
    return WHITE


WCAG_AA = 4.5
"""The contrast WCAG 2.x level AA asks of normal text."""
DEFAULT_PRIMARY = "#1d4ed8"
"""The primary colour documents use when a client has set none."""


def primary_color(settings: Mapping[str, Any]) -> str:
    """The primary colour the documents use: the settings' own when valid, else the default."""
    try:
        return parse_color(settings.get("primary_color"))
    except ValueError:
        return DEFAULT_PRIMARY


def low_contrast(color: str) -> bool:
    """Whether a primary colour is too pale for its documents: every template puts it against
    white (text in the colour on the white page, or white text on a fill of it), so its WCAG
    contrast with white decides, below AA's 4.5:1."""
    return contrast_ratio(color, WHITE) < WCAG_AA
