"""Request bodies checked against CONTRACT.md; every problem becomes one `Issue` with the path
of the offending field, so a client can put the message beside the right widget.

Number-format grammar and field limits come from `si_desktop.core` (pure rules shared with the
editors); everything about the HTTP shape of a body is decided here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from si_desktop.core import limits, numbering
from si_desktop.sandbox.errors import Issue, Path, invalid

ENTITY_TEXT_FIELDS: tuple[str, ...] = tuple(limits.ENTITY_FIELD_LIMITS)
ENTITY_BOOL_FIELDS: tuple[str, ...] = ("is_tax_subject", "is_enabled")
ENTITY_READ_ONLY: frozenset[str] = frozenset(
    {"id", "account_id", "created_at", "updated_at", "country_rules"}
)
ENVIRONMENTS: tuple[str, ...] = ("live", "sandbox")

UNIT_TEXT_FIELDS: tuple[str, ...] = (
    "name",
    "address",
    "address_2",
    "post_code",
    "city",
    "state",
    "country",
    "country_code",
    "email",
    "phone",
    "website",
)
UNIT_FILE_FIELDS: tuple[str, ...] = ("logo_file_id", "signature_file_id")

PDF_TEMPLATES: tuple[str, ...] = (
    "modern",
    "classic",
    "condensed",
    "minimal",
    "fashion",
    "timeless_modern_full_data",
)
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
FILE_CATEGORIES: tuple[str, ...] = ("logo", "signature", "attachment")


def require_object(body: object) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise invalid([Issue([], "The request body must be a JSON object.", "invalid_type")])
    return body


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text_issues(
    body: Mapping[str, Any], fields: tuple[str, ...], *, creating: bool, nullable_country: bool
) -> list[Issue]:
    """Limits of the text fields present in `body` (and the required ones when creating)."""
    given = {key: body[key] for key in fields if key in body}
    if nullable_country:
        for key in ("country", "country_code"):
            if key in given and given[key] is None:
                del given[key]
    found: list[Issue] = []
    for key, message in limits.entity_problems(given, creating=False).items():
        found.append(Issue([key], message, "invalid_string"))
    if creating:
        for key in ("name",) if nullable_country else limits.REQUIRED_ON_CREATE:
            if body.get(key) is None and not any(issue.path == [key] for issue in found):
                found.append(Issue([key], f"{limits.FIELD_LABELS[key]} is required.", "required"))
    return found


def _format_issues(formats: object, path: Path, *, unit: bool) -> list[Issue]:
    if formats is None:
        return []
    if isinstance(formats, str) and unit:
        return [Issue(path, message, "invalid_format") for message in numbering.problems(
            formats, unit=True
        )]
    if not isinstance(formats, Mapping):
        return [Issue(path, "Number formats must be an object keyed by document type.",
                      "invalid_type")]
    found: list[Issue] = []
    for doc, fmt in formats.items():
        if fmt is None:
            continue
        if not isinstance(fmt, str):
            found.append(Issue([*path, doc], "A number format must be text.", "invalid_type"))
            continue
        for message in numbering.problems(fmt, unit=unit):
            found.append(Issue([*path, doc], message, "invalid_format"))
    return found


def _sequence_start_issues(
    starts: object, previous: object, path: Path
) -> list[Issue]:
    if starts is None:
        return []
    if not isinstance(starts, Mapping):
        return [Issue(path, "Sequence starts must be an object keyed by document type.",
                      "invalid_type")]
    before = previous if isinstance(previous, Mapping) else {}
    found: list[Issue] = []
    for doc, value in starts.items():
        if value is None:
            continue
        if not _is_int(value) or value < 1:
            found.append(Issue([*path, doc], "A first number must be a whole number from 1.",
                               "invalid_number"))
            continue
        old = before.get(doc)
        if _is_int(old) and value < old:
            found.append(Issue(
                [*path, doc],
                f"A sequence may only move forward: it is at {old}, so {value} is too low.",
                "too_small",
            ))
    return found


def _unit_start_issues(starts: object, path: Path) -> list[Issue]:
    """`{type: {unit_id: first number}}`; `null` clears a type or a unit."""
    if starts is None:
        return []
    if not isinstance(starts, Mapping):
        return [Issue(path, "Unit sequence starts must be an object.", "invalid_type")]
    found: list[Issue] = []
    for doc, per_unit in starts.items():
        if per_unit is None:
            continue
        if not isinstance(per_unit, Mapping):
            found.append(Issue([*path, doc], "First numbers per unit must be an object keyed "
                               "by business unit id.", "invalid_type"))
            continue
        for unit_id, value in per_unit.items():
            if value is not None and (not _is_int(value) or value < 1):
                found.append(Issue([*path, doc, unit_id],
                                   "A first number must be a whole number from 1.",
                                   "invalid_number"))
    return found


def _email_issues(defaults: object, path: Path) -> list[Issue]:
    """Flat keys (`invoice_subject`) and the nested form of the unit example
    (`{"invoice": {"subject", "body"}}`) are both accepted and both checked."""
    if defaults is None:
        return []
    if not isinstance(defaults, Mapping):
        return [Issue(path, "E-mail defaults must be an object.", "invalid_type")]
    flat: dict[str, Any] = {}
    found: list[Issue] = []
    for key, value in defaults.items():
        if isinstance(value, Mapping):
            for part in ("subject", "body"):
                problem = _email_text(f"{key}_{part}", value.get(part))
                if problem:
                    found.append(Issue([*path, key, part], problem, "too_big"))
        else:
            flat[key] = value
    for key, message in limits.email_defaults_problems(flat).items():
        found.append(Issue([*path, key], message, "too_big"))
    return found


def _email_text(key: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        return "An e-mail default must be text."
    return limits.email_text_problem(key, value)


def settings_issues(
    settings: object,
    path: Path,
    *,
    previous: Mapping[str, Any] | None = None,
    for_unit: bool = False,
) -> list[Issue]:
    """Everything the sandbox checks inside `settings` (entity or business unit)."""
    if settings is None:
        return []
    if not isinstance(settings, Mapping):
        return [Issue(path, "Settings must be an object.", "invalid_type")]
    before = previous or {}
    found: list[Issue] = []
    found += _format_issues(settings.get("number_formats"), [*path, "number_formats"],
                            unit=False)
    found += _format_issues(settings.get("unit_number_formats"),
                            [*path, "unit_number_formats"], unit=True)
    found += _sequence_start_issues(settings.get("number_sequence_starts"),
                                    before.get("number_sequence_starts"),
                                    [*path, "number_sequence_starts"])
    found += _unit_start_issues(settings.get("unit_number_sequence_starts"),
                                [*path, "unit_number_sequence_starts"])
    colour = settings.get("primary_color")
    if colour is not None and (not isinstance(colour, str) or not _COLOUR.fullmatch(colour)):
        found.append(Issue([*path, "primary_color"],
                           "A colour is written #RGB or #RRGGBB, for example #1D4ED8.",
                           "invalid_string"))
    template = settings.get("pdf_template")
    if template is not None and template not in PDF_TEMPLATES:
        found.append(Issue([*path, "pdf_template"],
                           "The PDF template must be one of " + ", ".join(PDF_TEMPLATES) + ".",
                           "invalid_enum_value"))
    if settings.get("logo_scale_percent") is not None:
        problem = limits.logo_scale_problem(settings["logo_scale_percent"])
        if problem:
            found.append(Issue([*path, "logo_scale_percent"], problem, "invalid_number"))
    found += _email_issues(settings.get("email_defaults"), [*path, "email_defaults"])
    overdue = settings.get("overdue_notifications")
    if overdue is not None:
        if not isinstance(overdue, Mapping):
            found.append(Issue([*path, "overdue_notifications"],
                               "Overdue notifications must be an object.", "invalid_type"))
        else:
            for key in ("email_subject", "email_body"):
                problem = _email_text(key, overdue.get(key))
                if problem:
                    found.append(Issue([*path, "overdue_notifications", key], problem,
                                       "too_big"))
    for key in ("default_invoice_due_days", "default_estimate_valid_days"):
        value = settings.get(key)
        if value is not None and (not _is_int(value) or value < 0):
            found.append(Issue([*path, key], "Days must be a whole number from 0.",
                               "invalid_number"))
    for key in ("has_logo", "has_signature"):
        value = settings.get(key)
        if value is not None and not isinstance(value, bool):
            found.append(Issue([*path, key], "Must be true or false.", "invalid_type"))
    found += _bank_account_issues(settings.get("bank_accounts"), [*path, "bank_accounts"])
    for key in ("translations", "tax_clause_defaults"):
        value = settings.get(key)
        if value is not None and not isinstance(value, Mapping):
            found.append(Issue([*path, key], "Must be an object.", "invalid_type"))
    return found


def _bank_account_issues(accounts: object, path: Path) -> list[Issue]:
    if accounts is None:
        return []
    if not isinstance(accounts, list):
        return [Issue(path, "Bank accounts must be a list.", "invalid_type")]
    found: list[Issue] = []
    for index, account in enumerate(accounts):
        if not isinstance(account, Mapping):
            found.append(Issue([*path, index], "A bank account must be an object.",
                               "invalid_type"))
            continue
        if account.get("id") is not None and not limits.is_valid_id(account["id"], "ba"):
            found.append(Issue([*path, index, "id"],
                               "A bank account id looks like ba_ followed by 24 hex digits.",
                               "invalid_id"))
    return found


def metadata_issues(metadata: object) -> list[Issue]:
    if metadata is None:
        return []
    return [Issue(["metadata"], message, "invalid_metadata")
            for message in limits.metadata_problems(metadata)]


def entity_issues(
    body: Mapping[str, Any], *, creating: bool, existing: Mapping[str, Any] | None = None
) -> list[Issue]:
    """Problems with an entity create (`creating`) or partial update body."""
    found = _text_issues(body, ENTITY_TEXT_FIELDS, creating=creating, nullable_country=False)
    for key in ENTITY_BOOL_FIELDS:
        if key in body and not isinstance(body[key], bool):
            found.append(Issue([key], "Must be true or false.", "invalid_type"))
    capital = body.get("starting_capital")
    if capital is not None and (isinstance(capital, bool) or not isinstance(capital, int | float)):
        found.append(Issue(["starting_capital"], "The starting capital must be a number.",
                           "invalid_type"))
    if "environment" in body and body["environment"] not in ENVIRONMENTS:
        found.append(Issue(["environment"], "The environment is live or sandbox.",
                           "invalid_enum_value"))
    if "metadata" in body:
        found += metadata_issues(body["metadata"])
    if "settings" in body:
        previous = existing.get("settings") if existing else None
        found += settings_issues(body["settings"], ["settings"],
                                 previous=previous if isinstance(previous, Mapping) else None)
    if existing is not None:
        for key in limits.IMMUTABLE_ENTITY_FIELDS:
            if key in body and body[key] != existing.get(key):
                found.append(Issue([key], f"{key} cannot change after the entity is created.",
                                   "immutable"))
    return found


def unit_issues(body: Mapping[str, Any], *, creating: bool,
                existing: Mapping[str, Any] | None = None) -> list[Issue]:
    """Problems with a business unit create or partial update body."""
    found = _text_issues(body, UNIT_TEXT_FIELDS, creating=creating, nullable_country=True)
    for key in UNIT_FILE_FIELDS:
        value = body.get(key)
        if value is not None and not limits.is_valid_id(value, "file"):
            found.append(Issue([key], "A file id looks like file_ followed by 24 hex digits.",
                               "invalid_id"))
    if "settings" in body:
        previous = existing.get("settings") if existing else None
        found += settings_issues(body["settings"], ["settings"], for_unit=True,
                                 previous=previous if isinstance(previous, Mapping) else None)
    return found


def id_issue(value: object, prefix: str, path: Path) -> Issue | None:
    if limits.is_valid_id(value, prefix):
        return None
    return Issue(path, f"An id here looks like {prefix}_ followed by 24 hex digits.",
                 "invalid_id")
