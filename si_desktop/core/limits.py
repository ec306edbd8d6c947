"""Field limits from CONTRACT.md, checked before anything is sent so that a bookkeeper reads a
plain sentence beside the field instead of a 422."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

ENTITY_FIELD_LIMITS: dict[str, tuple[int, int | None]] = {
    "name": (1, None),
    "country": (1, 100),
    "address": (0, 500),
    "address_2": (0, 500),
    "post_code": (0, 20),
    "city": (0, 100),
    "state": (0, 100),
    "country_code": (2, 2),
    "currency_code": (0, 3),
    "locale": (0, 20),
    "tax_number": (0, 50),
    "tax_number_2": (0, 50),
    "company_number": (0, 50),
    "phone": (0, 50),
    "email": (0, 255),
    "website": (0, 500),
    "fiscal_region_code": (0, 10),
}
"""Entity text field → (fewest, most) characters; `None` means no upper limit."""

FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "country": "Country",
    "address": "Address",
    "address_2": "Address line 2",
    "post_code": "Post code",
    "city": "City",
    "state": "State",
    "country_code": "Country code",
    "currency_code": "Currency code",
    "locale": "Locale",
    "tax_number": "Tax number",
    "tax_number_2": "Second tax number",
    "company_number": "Company number",
    "phone": "Phone",
    "email": "E-mail",
    "website": "Website",
    "fiscal_region_code": "Fiscal region code",
}
"""How each entity field is called in messages and forms."""

REQUIRED_ON_CREATE: tuple[str, ...] = ("name", "country")
IMMUTABLE_ENTITY_FIELDS: tuple[str, ...] = ("country", "country_code", "environment")
"""Fields the server keeps as they were at creation; an edit form shows them read-only."""

METADATA_MAX_KEYS = 50
METADATA_MAX_VALUE = 250

EMAIL_SUBJECT_MAX = 500
EMAIL_BODY_MAX = 2000

LOGO_SCALE_MIN = 10
LOGO_SCALE_MAX = 200
"""The vendor's UI offers 30–100 but its own example stores 110, so accept 10–200."""

ID_PREFIXES: tuple[str, ...] = ("ent", "unit", "acc", "file", "ba")
_ID_HEX = re.compile(r"[0-9a-fA-F]{24}")


def _length_problem(label: str, value: str, low: int, high: int | None) -> str | None:
    size = len(value)
    if low == high and size != low:
        return f"{label} must be exactly {low} characters; this one has {size}."
    if size < low:
        if low == 1:
            return f"{label} cannot be empty."
        return f"{label} needs at least {low} characters; this one has {size}."
    if high is not None and size > high:
        return f"{label} can be at most {high} characters; this one has {size}."
    return None


def entity_problems(fields: Mapping[str, Any], *, creating: bool = True) -> dict[str, str]:
    """Field name → one sentence for every entity field that breaks a limit.

    When creating, `name` and `country` are required. When updating, only the fields given
    are checked (an update is a partial body). Optional fields may be `None` (cleared);
    fields without a known limit are not judged here.
    """
    found: dict[str, str] = {}
    if creating:
        for field in REQUIRED_ON_CREATE:
            if fields.get(field) is None:
                found[field] = f"{FIELD_LABELS[field]} is required."
    for field, value in fields.items():
        if field in found or field not in ENTITY_FIELD_LIMITS:
            continue
        label = FIELD_LABELS[field]
        low, high = ENTITY_FIELD_LIMITS[field]
        if value is None:
            if field in REQUIRED_ON_CREATE:
                found[field] = f"{label} cannot be empty."
            continue
        if not isinstance(value, str):
            found[field] = f"{label} must be text."
            continue
        problem = _length_problem(label, value, low, high)
        if problem is not None:
            found[field] = problem
    return found


def metadata_problems(metadata: object) -> list[str]:
    """Sentences for metadata the API would refuse: at most 50 keys, keys non-empty text,
    values text of at most 250 characters."""
    if not isinstance(metadata, Mapping):
        return ["Metadata must be a set of named values."]
    found: list[str] = []
    if len(metadata) > METADATA_MAX_KEYS:
        found.append(
            f"Metadata can hold at most {METADATA_MAX_KEYS} values; this has {len(metadata)}."
        )
    for key, value in metadata.items():
        if not isinstance(key, str) or not key:
            found.append(f"Metadata name {key!r} must be non-empty text.")
            continue
        if not isinstance(value, str):
            found.append(f"Metadata value for “{key}” must be text.")
        elif len(value) > METADATA_MAX_VALUE:
            found.append(
                f"Metadata value for “{key}” can be at most {METADATA_MAX_VALUE} characters; "
                f"this one has {len(value)}."
            )
    return found


def email_text_problem(key: str, value: str) -> str | None:
    """The limit problem of one e-mail default (`invoice_subject`, `estimate_body`, …)."""
    if key.endswith("_subject"):
        limit, what = EMAIL_SUBJECT_MAX, "subject"
    elif key.endswith("_body"):
        limit, what = EMAIL_BODY_MAX, "body"
    else:
        return None
    if len(value) > limit:
        return f"The e-mail {what} can be at most {limit} characters; this one has {len(value)}."
    return None


def email_defaults_problems(email_defaults: Mapping[str, Any]) -> dict[str, str]:
    """Key → sentence for every flat e-mail default that is too long or not text."""
    found: dict[str, str] = {}
    for key, value in email_defaults.items():
        if value is None or not (key.endswith("_subject") or key.endswith("_body")):
            continue
        if not isinstance(value, str):
            found[key] = "An e-mail default must be text."
            continue
        problem = email_text_problem(key, value)
        if problem is not None:
            found[key] = problem
    return found


def logo_scale_problem(value: object) -> str | None:
    """A sentence when a logo scale is not a whole percentage from 10 to 200."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "The logo size must be a whole percentage."
    if not LOGO_SCALE_MIN <= value <= LOGO_SCALE_MAX:
        return (
            f"The logo size must be between {LOGO_SCALE_MIN}% and {LOGO_SCALE_MAX}%; "
            f"{value}% is outside."
        )
    return None


def is_valid_id(value: object, prefix: str) -> bool:
    """Whether `value` has the shape `<prefix>_<24 hex>`, checked before an id goes into a URL
    path so that nothing else can. `prefix` may be given with or without the underscore."""
    if not isinstance(value, str):
        return False
    head = prefix.removesuffix("_") + "_"
    return value.startswith(head) and _ID_HEX.fullmatch(value, len(head)) is not None


EMAIL_ADDRESS_MAX = 254
"""The longest address SMTP can carry (RFC 5321: a 256-octet path less its brackets)."""
_EMAIL_LOCAL = re.compile(r"[^\s@\"(),:;<>\[\\\]]{1,64}")
_EMAIL_LABEL = re.compile(r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?")


def is_email_address(value: object) -> bool:
    """Whether `value` is one e-mail address a message can be sent to: `name@example.com`,
    international domains included; no display name, no list, no spaces, a domain with a
    dot and labels of letters, digits and inner hyphens. A pragmatic check (the full
    grammar admits quoted local parts no bookkeeper types), made before anything is sent."""
    if not isinstance(value, str) or len(value) > EMAIL_ADDRESS_MAX:
        return False
    local, at, domain = value.rpartition("@")
    if not at or not _EMAIL_LOCAL.fullmatch(local) or ".." in local:
        return False
    if local.startswith(".") or local.endswith("."):
        return False
    labels = domain.split(".")
    if len(labels) < 2 or len(labels[-1]) < 2:
        return False
    return all(_EMAIL_LABEL.fullmatch(label) for label in labels)
