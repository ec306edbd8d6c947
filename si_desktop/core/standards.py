"""A firm's standard: a named set of settings a firm wants on every client it applies to, the
JSON file that carries it between workstations, and the comparison of a client with it.

No I/O and no Qt: `sync.standards` reads the clients from the cache, keeps the files and
queues the changes; the views show what this module computes.

Fields. A standard holds values for fields chosen from those the editors own
(`STANDARD_FIELDS`), each named by a path into an entity's `settings`: a top-level key
(`default_invoice_due_days`) or, for the settings that hold one value per document type, a
key inside one (`number_formats.invoice`, `email_defaults.invoice_subject`). The first-number
policy (`number_sequence_starts`) is never part of a standard: it may only move forward and
belongs to one client's history. The branding fields (template, colour) are optional.

The file (`dumps` / `loads`), one standard per file:

    {"si_desktop_standard": 1, "name": "Slovenian clients",
     "applies_to": {"country_code": "SI"},
     "settings": {"number_formats.invoice": "{yyyy}-{nnnnn}", "default_invoice_due_days": 15}}

`applies_to` is `{"all": true}`, `{"country_code": "SI"}`, `{"locale": "sl-SI"}` or
`{"metadata": {"key": "bookkeeper", "value": "Ana"}}`. A file that is not exactly that shape,
or holds a value an editor would refuse, is refused whole with the line and the reason
(`StandardFileError`); nothing of it is kept.

Comparison (`compare`). A field differs when the client's own value means something else than
the standard's (empty text and no text are the same; colours compare as `#rrggbb`). For each
field a business unit may override, the units whose own value hides the client's (so that a
document issued under them would not follow the standard) are named: applying the standard to
the client does not change what those units show.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from si_desktop.core import limits, numbering
from si_desktop.core.branding import KNOWN_TEMPLATES, flat_email_defaults, parse_color

FILE_FORMAT_KEY = "si_desktop_standard"
FILE_FORMAT_VERSION = 1
MAX_FILE_BYTES = 256 * 1024
"""A standard is a few kilobytes; a larger file is not one (and is not read into memory)."""
MAX_NAME = 100
MAX_TEXT = 2000
"""The longest note, payment terms, footer or signature a standard may hold."""
MAX_DAYS = 3650

Group = Literal["numbering", "email", "texts", "branding"]
Kind = Literal[
    "number_format", "unit_number_format", "email_subject", "email_body", "note",
    "payment_terms", "due_days", "valid_days", "footer", "signature", "template", "color",
]
GROUPS: tuple[Group, ...] = ("numbering", "email", "texts", "branding")
NOTE_TYPES: tuple[str, ...] = numbering.DOCUMENT_TYPES
PAYMENT_TERMS_TYPES: tuple[str, ...] = ("invoice", "estimate", "credit_note", "advance_invoice")
NESTED_KEYS = frozenset({"number_formats", "unit_number_formats", "email_defaults"})
"""Settings that hold one value per document type: a standard names keys inside them."""


@dataclass(frozen=True, slots=True)
class StandardField:
    """One setting a standard can hold."""

    path: str  # "number_formats.invoice", "default_invoice_due_days", …
    group: Group
    kind: Kind
    document_type: str | None = None

    @property
    def key(self) -> str:
        """The top-level settings key the field lives in (what an update sends)."""
        return self.path.split(".", 1)[0]

    @property
    def sub_key(self) -> str | None:
        """The key inside a nested setting (`invoice`, `invoice_subject`), else None."""
        parts = self.path.split(".", 1)
        return parts[1] if len(parts) == 2 else None

    @property
    def unit_overridable(self) -> bool:
        """Whether a business unit may hold its own value that hides the client's."""
        return self.key not in ("number_formats", "unit_number_formats",
                                "default_invoice_due_days", "default_estimate_valid_days")


def _fields() -> tuple[StandardField, ...]:
    out: list[StandardField] = []
    for doc in numbering.DOCUMENT_TYPES:
        out.append(StandardField(f"number_formats.{doc}", "numbering", "number_format", doc))
    for doc in numbering.DOCUMENT_TYPES:
        out.append(StandardField(f"unit_number_formats.{doc}", "numbering",
                                 "unit_number_format", doc))
    for doc in numbering.DOCUMENT_TYPES:
        out.append(StandardField(f"email_defaults.{doc}_subject", "email", "email_subject", doc))
        out.append(StandardField(f"email_defaults.{doc}_body", "email", "email_body", doc))
    for doc in NOTE_TYPES:
        out.append(StandardField(f"default_{doc}_note", "texts", "note", doc))
    for doc in PAYMENT_TERMS_TYPES:
        out.append(StandardField(f"default_{doc}_payment_terms", "texts", "payment_terms", doc))
    out.append(StandardField("default_invoice_due_days", "texts", "due_days", "invoice"))
    out.append(StandardField("default_estimate_valid_days", "texts", "valid_days", "estimate"))
    out.append(StandardField("document_footer", "texts", "footer"))
    out.append(StandardField("default_document_signature", "texts", "signature"))
    out.append(StandardField("pdf_template", "branding", "template"))
    out.append(StandardField("primary_color", "branding", "color"))
    return tuple(out)


STANDARD_FIELDS: tuple[StandardField, ...] = _fields()
FIELDS_BY_PATH: dict[str, StandardField] = {f.path: f for f in STANDARD_FIELDS}
BRANDING_PATHS = frozenset(f.path for f in STANDARD_FIELDS if f.group == "branding")


class StandardError(ValueError):
    """A standard that cannot be used; the message is a sentence for the user."""


@dataclass(frozen=True, slots=True)
class StandardFileError(StandardError):
    """A standard file refused whole: where (1-based line) and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


AppliesKind = Literal["all", "country", "locale", "metadata"]


@dataclass(frozen=True, slots=True)
class AppliesTo:
    """Which clients a standard is meant for."""

    kind: AppliesKind = "all"
    value: str = ""  # the country code, the locale, or the metadata value
    key: str = ""  # the metadata key

    def matches(self, entity: Mapping[str, Any]) -> bool:
        if self.kind == "all":
            return True
        if self.kind == "country":
            return str(entity.get("country_code") or "").upper() == self.value.upper()
        if self.kind == "locale":
            return _locale(entity.get("locale")) == _locale(self.value)
        metadata = entity.get("metadata")
        if not isinstance(metadata, Mapping):
            return False
        return str(metadata.get(self.key) or "").casefold() == self.value.casefold()

    def as_json(self) -> dict[str, Any]:
        if self.kind == "all":
            return {"all": True}
        if self.kind == "country":
            return {"country_code": self.value}
        if self.kind == "locale":
            return {"locale": self.value}
        return {"metadata": {"key": self.key, "value": self.value}}


def _locale(value: object) -> str:
    return str(value or "").replace("_", "-").casefold()


@dataclass(frozen=True, slots=True)
class Standard:
    """A named set of settings (path → value, in `STANDARD_FIELDS` order) and whom it is for."""

    name: str
    values: Mapping[str, Any]
    applies_to: AppliesTo = AppliesTo()

    def fields(self) -> list[StandardField]:
        return [f for f in STANDARD_FIELDS if f.path in self.values]


# --- reading a client's values ---------------------------------------------------------------


def value_of(settings: Mapping[str, Any] | None, path: str) -> Any:
    """The value a settings object holds for a standard's field (None when unset); e-mail
    defaults are read in either spelling (CONTRACT.md: flat or nested; flat wins)."""
    if not isinstance(settings, Mapping):
        return None
    spec = FIELDS_BY_PATH[path]
    sub = spec.sub_key
    if sub is None:
        return settings.get(path)
    nested = settings.get(spec.key)
    if not isinstance(nested, Mapping):
        return None
    value = nested.get(sub)
    if spec.key == "email_defaults" and (value is None or isinstance(value, Mapping)):
        doc, _, part = sub.rpartition("_")
        inner = nested.get(doc)
        return inner.get(part) if isinstance(inner, Mapping) else None
    return value


def normalized(path: str, value: Any) -> Any:
    """A value as it is compared: no text and empty text are alike, colours as #rrggbb."""
    if value is None or value == "":
        return None
    if FIELDS_BY_PATH[path].kind == "color" and isinstance(value, str):
        try:
            return parse_color(value)
        except ValueError:
            return value
    return value


def same(path: str, a: Any, b: Any) -> bool:
    return bool(normalized(path, a) == normalized(path, b))


def from_settings(
    name: str,
    settings: Mapping[str, Any],
    *,
    applies_to: AppliesTo | None = None,
    branding: bool = False,
) -> Standard:
    """A standard holding every field the client has a value for ("Use Albion Design's
    settings as a standard…"); the template and colour only with `branding`. Values an
    editor would refuse are left out rather than copied into every client."""
    values: dict[str, Any] = {}
    for spec in STANDARD_FIELDS:
        if spec.group == "branding" and not branding:
            continue
        value = value_of(settings, spec.path)
        if value is None or field_problem(spec.path, value) is not None:
            continue
        values[spec.path] = value
    return Standard(_checked_name(name), values, applies_to or AppliesTo())


def _checked_name(name: object) -> str:
    problem = name_problem(name)
    if problem is not None:
        raise StandardError(problem)
    assert isinstance(name, str)
    return name.strip()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters a text may not hold: line feeds and tabs are text, the rest is not."""


def name_problem(name: object) -> str | None:
    if not isinstance(name, str) or not name.strip():
        return "A standard needs a name."
    if len(name.strip()) > MAX_NAME:
        return f"A standard's name can be at most {MAX_NAME} characters."
    if _CONTROL.search(name):
        return "A standard's name cannot hold control characters."
    return None


# --- checking values -------------------------------------------------------------------------


def field_problem(path: str, value: Any) -> str | None:
    """Why `value` cannot stand for the field (the editors' own rules), or None."""
    spec = FIELDS_BY_PATH.get(path)
    if spec is None:
        return f"“{path}” is not a setting a standard can hold."
    kind = spec.kind
    if kind in ("due_days", "valid_days"):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
            return f"{path} must be a whole number of days from 0 to {MAX_DAYS}."
        return None
    if not isinstance(value, str):
        return f"{path} must be text."
    if _TEXT_CONTROL.search(value):
        return f"{path} holds control characters."
    if kind in ("number_format", "unit_number_format"):
        found = numbering.problems(value, unit=kind == "unit_number_format")
        return f"{path}: {found[0]}" if found else None
    if kind in ("email_subject", "email_body"):
        problem = limits.email_text_problem(spec.sub_key or "", value)
        return f"{path}: {problem}" if problem else None
    if kind == "template":
        if value not in KNOWN_TEMPLATES:
            return f"{path} must be one of {', '.join(KNOWN_TEMPLATES)}."
        return None
    if kind == "color":
        try:
            parse_color(value)
        except ValueError as error:
            return f"{path}: {error}"
        return None
    if len(value) > MAX_TEXT:
        return f"{path} can be at most {MAX_TEXT} characters; this one has {len(value)}."
    return None


def standard_problems(standard: Standard) -> dict[str, str]:
    """Field path → problem, for every value of the standard an editor would refuse."""
    found: dict[str, str] = {}
    for path, value in standard.values.items():
        problem = field_problem(path, value)
        if problem is not None:
            found[path] = problem
    return found


# --- the file --------------------------------------------------------------------------------


def dumps(standard: Standard) -> str:
    """The standard as the JSON file another workstation imports (`loads`)."""
    body = {
        FILE_FORMAT_KEY: FILE_FORMAT_VERSION,
        "name": standard.name,
        "applies_to": standard.applies_to.as_json(),
        "settings": {f.path: standard.values[f.path] for f in standard.fields()},
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a standard can hold")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _line_of(text: str, key: str, after: int = 0) -> int:
    """The line on which `"key":` first appears (from `after`), 1 when it cannot be found."""
    encoded = json.dumps(key, ensure_ascii=False)
    for candidate in (encoded, json.dumps(key)):
        match = re.compile(re.escape(candidate) + r"\s*:").search(text, after)
        if match is not None:
            return text.count("\n", 0, match.start()) + 1
    return 1


def loads(data: bytes | str) -> Standard:
    """The standard in a file's bytes; `StandardFileError` (line, reason) for anything that
    is not exactly a standard file with values the editors accept. Never half-loaded."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise StandardFileError(1, f"the file is larger than {MAX_FILE_BYTES // 1024} KB; "
                                       "a standard is a few kilobytes")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise StandardFileError(line, "the file is not UTF-8 text") from error
    else:
        text = data
        if len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES:
            raise StandardFileError(1, f"the file is larger than {MAX_FILE_BYTES // 1024} KB")
    try:
        body = json.loads(text, object_pairs_hook=_no_duplicates,
                          parse_constant=_refuse_constant)
    except _Duplicate as error:
        raise StandardFileError(_line_of(text, error.key),
                                f"“{error.key}” is given twice") from error
    except json.JSONDecodeError as error:
        raise StandardFileError(error.lineno, f"not valid JSON ({error.msg})") from error
    except (ValueError, RecursionError) as error:
        raise StandardFileError(1, f"not a standard file ({error})") from error
    return _standard_of(body, text)


def _standard_of(body: Any, text: str) -> Standard:
    if not isinstance(body, dict):
        raise StandardFileError(1, "a standard file holds one JSON object")
    version = body.get(FILE_FORMAT_KEY)
    if version != FILE_FORMAT_VERSION:
        line = _line_of(text, FILE_FORMAT_KEY) if FILE_FORMAT_KEY in body else 1
        raise StandardFileError(
            line, f"not a si-desktop standard of version {FILE_FORMAT_VERSION} "
                  f"(“{FILE_FORMAT_KEY}”: {FILE_FORMAT_VERSION} is missing)")
    for key in body:
        if key not in (FILE_FORMAT_KEY, "name", "applies_to", "settings"):
            raise StandardFileError(_line_of(text, key), f"unknown key “{key}”")
    problem = name_problem(body.get("name"))
    if problem is not None:
        line = _line_of(text, "name") if "name" in body else 1
        raise StandardFileError(line, problem)
    applies = _applies_of(body.get("applies_to", {"all": True}), text)
    settings = body.get("settings")
    settings_at = text.find('"settings"')
    if not isinstance(settings, dict) or not settings:
        line = _line_of(text, "settings") if "settings" in body else 1
        raise StandardFileError(line, "“settings” must be an object with at least one value")
    values: dict[str, Any] = {}
    for path, value in settings.items():
        problem = field_problem(path, value)
        if problem is not None:
            raise StandardFileError(_line_of(text, path, max(settings_at, 0)), problem)
        values[path] = value
    ordered = {f.path: values[f.path] for f in STANDARD_FIELDS if f.path in values}
    return Standard(str(body["name"]).strip(), ordered, applies)


_LOCALE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*")


def _applies_of(raw: Any, text: str) -> AppliesTo:
    line = _line_of(text, "applies_to")
    if not isinstance(raw, dict) or len(raw) != 1:
        raise StandardFileError(line, "“applies_to” must be one of {\"all\": true}, "
                                      "{\"country_code\": …}, {\"locale\": …}, {\"metadata\": …}")
    (kind, value), = raw.items()
    if kind == "all" and value is True:
        return AppliesTo()
    if kind == "country_code" and isinstance(value, str) and re.fullmatch(r"[A-Za-z]{2}", value):
        return AppliesTo("country", value.upper())
    if kind == "locale" and isinstance(value, str) and _LOCALE.fullmatch(value):
        return AppliesTo("locale", value)
    if (kind == "metadata" and isinstance(value, dict) and set(value) == {"key", "value"}
            and all(isinstance(v, str) and 0 < len(v) <= limits.METADATA_MAX_VALUE
                    and not _CONTROL.search(v) for v in value.values())):
        return AppliesTo("metadata", value["value"], value["key"])
    raise StandardFileError(line, f"“applies_to” {json.dumps(raw, ensure_ascii=False)[:80]} "
                                  "is not a country code, a locale, a metadata key and value "
                                  "or all")


# --- comparing a client with a standard ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldDrift:
    """One field of the standard for one client."""

    path: str
    standard: Any
    client: Any
    differs: bool
    hidden_by: tuple[str, ...] = ()  # names of units whose own value hides the client's

    @property
    def spec(self) -> StandardField:
        return FIELDS_BY_PATH[self.path]


@dataclass(frozen=True, slots=True)
class ClientDrift:
    """How one client stands against a standard: the differing fields (paths, in field
    order), the client's value of every field, and the units hiding a field."""

    entity_id: str
    name: str
    enabled: bool
    differing: tuple[str, ...]
    values: Mapping[str, Any]  # path → the client's own value
    standard: Mapping[str, Any]  # path → the standard's value
    hidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # path → unit names

    @property
    def count(self) -> int:
        return len(self.differing)

    @property
    def matches(self) -> bool:
        return not self.differing

    def differs_in(self, group: Group) -> bool:
        return any(FIELDS_BY_PATH[p].group == group for p in self.differing)

    @property
    def fields(self) -> tuple[FieldDrift, ...]:
        """Field by field, for the one client a view shows (made on demand: a drift of
        thousands of clients needs only the counts)."""
        differing = set(self.differing)
        return tuple(
            FieldDrift(path, wanted, self.values.get(path), path in differing,
                       self.hidden.get(path, ()))
            for path, wanted in self.standard.items()
        )


def compare(
    standard: Standard,
    entity: Mapping[str, Any],
    units: Iterable[Mapping[str, Any]] = (),
) -> ClientDrift:
    """The client (its record with queued edits applied) against the standard, field by
    field, with the units (not archived) whose own value hides the client's."""
    return Comparison(standard).client(entity, units)


_Reader = tuple[str, str, str | None, str | None, str | None]


def _reader(path: str) -> _Reader:
    """How `value_of` finds a field, worked out once: (path, key, key inside, and for an
    e-mail default the nested spelling's document type and part)."""
    spec = FIELDS_BY_PATH[path]
    sub = spec.sub_key
    if spec.key == "email_defaults" and sub is not None:
        doc, _, part = sub.rpartition("_")
        return path, spec.key, sub, doc, part
    return path, spec.key, sub, None, None


def _read(settings: Mapping[str, Any], reader: _Reader) -> Any:
    """`value_of` with the lookups done in advance (the comparison's inner loop)."""
    _, key, sub, doc, part = reader
    value = settings.get(key)
    if sub is None or value is None:
        return value
    if not isinstance(value, Mapping):
        return None
    inner = value.get(sub)
    if doc is not None and (inner is None or isinstance(inner, Mapping)):
        nested = value.get(doc)
        return nested.get(part) if isinstance(nested, Mapping) else None
    return inner


class Comparison:
    """One standard ready to be compared with many clients (`compare`): the lookups and the
    standard's normalised values are worked out once, not once per client (a drift reads
    thousands of clients, B14)."""

    def __init__(self, standard: Standard) -> None:
        self.standard = dict(standard.values)
        self._fields = [
            (_reader(path), FIELDS_BY_PATH[path].unit_overridable,
             FIELDS_BY_PATH[path].kind == "color", normalized(path, wanted))
            for path, wanted in standard.values.items()
        ]
        self._compared = [(reader[0], color, norm) for reader, _, color, norm in self._fields]

    def client(
        self,
        entity: Mapping[str, Any],
        units: Iterable[Mapping[str, Any]] = (),
        values: dict[str, Any] | None = None,
    ) -> ClientDrift:
        """The client against the standard; `values` (path → the client's value), when the
        caller read them already, stand for the record's settings."""
        settings = entity.get("settings")
        settings = settings if isinstance(settings, Mapping) else {}
        overriding = [  # live units that hold settings of their own
            (str(u.get("name") or u.get("id") or ""), unit_settings)
            for u in units
            if not u.get("deleted_at") and u.get("is_active") is not False
            and isinstance(unit_settings := u.get("settings"), Mapping) and unit_settings
        ]
        if values is None:
            values = {reader[0]: _read(settings, reader) for reader, *_ in self._fields}
        # `values` are the caller's own, made for this comparison: kept, not copied
        differing = [path for path, color, norm in self._compared
                     if _differs(values.get(path), color, norm)]
        hidden: dict[str, tuple[str, ...]] = {}
        if not overriding:
            return ClientDrift(
                str(entity.get("id") or ""), str(entity.get("name") or ""),
                entity.get("is_enabled") is not False, tuple(differing), values,
                self.standard, hidden,
            )
        for reader, overridable, color, norm in self._fields:
            path = reader[0]
            if overridable:
                names = tuple(
                    name for name, theirs in overriding
                    if (value := _read(theirs, reader)) is not None
                    and _norm(value, color) != norm
                )
                if names:
                    hidden[path] = names
        return ClientDrift(
            str(entity.get("id") or ""), str(entity.get("name") or ""),
            entity.get("is_enabled") is not False, tuple(differing), values, self.standard,
            hidden,
        )


def _differs(value: Any, color: bool, norm: Any) -> bool:
    """Whether a client's value means something else than the standard's normalised one
    (`normalized`, with the usual case first: the same value)."""
    if value == norm:
        return False
    if value is None or value == "":
        return norm is not None
    return not color or _norm(value, True) != norm


def _norm(value: Any, color: bool) -> Any:
    """`normalized` without the field lookup."""
    if value is None or value == "":
        return None
    if color and isinstance(value, str):
        try:
            return parse_color(value)
        except ValueError:
            return value
    return value


def settings_body(
    settings: Mapping[str, Any] | None, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """The `settings` part of the update that sets `changes` (path → value) on a client whose
    settings are `settings`: the top-level keys touched, each whole (the service replaces a
    sent key), nested ones with the client's other entries kept (e-mail defaults written in
    the flat spelling). Nothing outside `changes` is altered."""
    current = settings if isinstance(settings, Mapping) else {}
    body: dict[str, Any] = {}
    for path, value in changes.items():
        spec = FIELDS_BY_PATH[path]
        sub = spec.sub_key
        if sub is None:
            body[path] = value
            continue
        if spec.key not in body:
            existing = current.get(spec.key)
            existing = dict(existing) if isinstance(existing, Mapping) else {}
            if spec.key == "email_defaults":
                existing = flat_email_defaults(existing)
            body[spec.key] = existing
        body[spec.key][sub] = value
    return body
