"""Typed views of the JSON Space Invoices sends, which never lose or change a byte of it.

Three rules make `Model.model_validate(data).model_dump(mode="json") == data` hold for any
server answer, nested unknown keys included:

- every model keeps the keys it does not know (`extra="allow"`);
- a model dumps only the keys it was given (or that were assigned later), in the order
  the server sent them, so a missing key never comes back as `null`;
- typed fields are strict (no coercion of `"30"` into `30`), and date-times stay the
  server's strings (`parse_datetime()` turns one into a `datetime` when needed).

A value of the wrong type is a validation error here, and so is a record id not shaped
`<prefix>_<24 hex>` (CONTRACT.md, "Ids": the same check `ids.check_id` applies to ids the
client sends). The client reports a single record that fails as an
`errors.MalformedResponseError`; in a list page it skips that record, keeps the others and
describes it in `Page.skipped` (a `SkippedRecord` each).

For callers that store records rather than use them, `RecordPage` carries a page as plain
JSON objects checked by `record_checker(Model)`, which refuses exactly what the model
refuses without building it (and the dump back to JSON, the dearer half, is not needed: by
the rules above it would give back the very object).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    PrivateAttr,
    create_model,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core.core_schema import SerializerFunctionWrapHandler, ValidatorFunctionWrapHandler

from si_desktop.api.ids import check_id

__all__ = [
    "DOCUMENT_TYPES",
    "BankAccount",
    "BusinessUnit",
    "BusinessUnitSettings",
    "CountryRules",
    "EmailDefaults",
    "Entity",
    "EntitySettings",
    "EpcQr",
    "File",
    "NumberFormats",
    "NumberSequenceStarts",
    "OverdueNotifications",
    "Page",
    "Pagination",
    "RecordCheck",
    "RecordPage",
    "SIModel",
    "SkippedRecord",
    "UnitEmailDefaults",
    "UpnQr",
    "parse_datetime",
    "record_checker",
]

DOCUMENT_TYPES = ("invoice", "estimate", "credit_note", "advance_invoice", "delivery_note")

Number = int | float


def parse_datetime(value: str | None) -> dt.datetime | None:
    """The server's ISO 8601 string (`2024-01-01T00:00:00.000Z`) as an aware datetime."""
    if value is None:
        return None
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


class SIModel(BaseModel):
    """Base of every model: keeps unknown keys, dumps exactly what it holds."""

    model_config = ConfigDict(extra="allow", strict=True, protected_namespaces=())

    _key_order: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _remember_key_order(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        instance = handler(data)
        if isinstance(data, dict) and isinstance(instance, SIModel):
            instance._key_order = tuple(data)
        return instance

    @model_serializer(mode="wrap")
    def _dump_what_is_held(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        out = handler(self)
        held = set(self.model_fields_set)
        if self.__pydantic_extra__:
            held.update(self.__pydantic_extra__)
        result = {key: out[key] for key in self._key_order if key in held and key in out}
        for key, value in out.items():
            if key in held and key not in result:
                result[key] = value
        return result

    def unknown_keys(self) -> dict[str, Any]:
        """The keys this model does not know, as received."""
        return dict(self.__pydantic_extra__ or {})


def _record_id(value: str, prefix: str) -> str:
    """`value` if it has the contract's shape; the error names the shape, never the value
    (it ends up in the log)."""
    try:
        return check_id(value, prefix)
    except ValueError:
        raise ValueError(f"the id is not shaped {prefix}_<24 hex>") from None


# --- settings pieces -----------------------------------------------------------------------


class NumberFormats(SIModel):
    """Number format per document type, e.g. `{yyyy}-{nnnnn}`."""

    invoice: str | None = None
    estimate: str | None = None
    credit_note: str | None = None
    advance_invoice: str | None = None
    delivery_note: str | None = None


class NumberSequenceStarts(SIModel):
    """First number per document type (may only move forward)."""

    invoice: int | None = None
    estimate: int | None = None
    credit_note: int | None = None
    advance_invoice: int | None = None
    delivery_note: int | None = None


class EmailDefaults(SIModel):
    """Default e-mail subject and body per document type (flat keys)."""

    invoice_subject: str | None = None
    invoice_body: str | None = None
    estimate_subject: str | None = None
    estimate_body: str | None = None
    credit_note_subject: str | None = None
    credit_note_body: str | None = None
    advance_invoice_subject: str | None = None
    advance_invoice_body: str | None = None
    delivery_note_subject: str | None = None
    delivery_note_body: str | None = None

    def flat(self) -> dict[str, str | None]:
        """Every `<doc>_subject` / `<doc>_body` value, `None` where there is none."""
        return {
            f"{doc}_{part}": getattr(self, f"{doc}_{part}")
            for doc in DOCUMENT_TYPES
            for part in ("subject", "body")
        }


class UnitEmailDefaults(EmailDefaults):
    """A unit's e-mail defaults. Also reads the nested `{"invoice": {"subject", "body"}}`
    form of the seed example as the flat keys; dumping still gives back what came in."""

    @model_validator(mode="after")
    def _read_nested_as_flat(self) -> UnitEmailDefaults:
        extra = self.__pydantic_extra__ or {}
        for doc in DOCUMENT_TYPES:
            nested = extra.get(doc)
            if not isinstance(nested, dict):
                continue
            for part in ("subject", "body"):
                name = f"{doc}_{part}"
                value = nested.get(part)
                if name not in self.model_fields_set and isinstance(value, str):
                    # Set without marking as set: the dump keeps the server's nested form.
                    self.__dict__[name] = value
        return self


class BankAccount(SIModel):
    id: str | None = None
    type: str | None = None
    name: str | None = None
    bank_name: str | None = None
    iban: str | None = None
    account_number: str | None = None
    bic: str | None = None
    routing_number: str | None = None
    sort_code: str | None = None
    is_default: bool | None = None


class OverdueNotifications(SIModel):
    enabled: bool | None = None
    threshold_days: list[int] | None = None
    email_subject: str | None = None
    email_body: str | None = None


class UpnQr(SIModel):
    enabled: bool | None = None
    display_mode: str | None = None
    purpose_code: str | None = None


class EpcQr(SIModel):
    enabled: bool | None = None


class CountryRules(SIModel):
    """Read-only rules the server derives from the entity's country."""

    max_taxes_per_item: int | None = None
    features: list[str] | None = None


class _DocumentSettings(SIModel):
    """Settings an entity has and a business unit may override."""

    pdf_template: str | None = None
    primary_color: str | None = None
    has_logo: bool | None = None
    has_signature: bool | None = None
    default_invoice_note: str | None = None
    default_invoice_payment_terms: str | None = None
    default_estimate_note: str | None = None
    default_estimate_payment_terms: str | None = None
    default_credit_note_note: str | None = None
    default_credit_note_payment_terms: str | None = None
    default_advance_invoice_note: str | None = None
    default_advance_invoice_payment_terms: str | None = None
    default_delivery_note_note: str | None = None
    document_footer: str | None = None
    default_document_signature: str | None = None
    bank_accounts: list[BankAccount] | None = None
    delivery_note_hide_prices: bool | None = None
    credit_note_negative_values: bool | None = None
    show_payment_amounts: bool | None = None
    tax_clause_defaults: dict[str, Any] | None = None
    translations: dict[str, Any] | None = None


class EntitySettings(_DocumentSettings):
    """An entity's settings. On update, send only the top-level keys that changed."""

    # Keys managed elsewhere: the server ignores them when sent.
    MANAGED_ELSEWHERE: ClassVar[frozenset[str]] = frozenset(
        {"furs", "fina", "slovenia", "e_invoicing", "pt", "revenue_recognition"}
    )

    number_formats: NumberFormats | None = None
    unit_number_formats: NumberFormats | None = None
    number_sequence_starts: NumberSequenceStarts | None = None
    unit_number_sequence_starts: dict[str, Any] | None = None
    email_defaults: EmailDefaults | None = None
    default_invoice_due_days: int | None = None
    default_estimate_valid_days: int | None = None
    overdue_notifications: OverdueNotifications | None = None
    payment_reminders: dict[str, Any] | None = None
    tax_rules: dict[str, Any] | None = None
    upn_qr: UpnQr | None = None
    epc_qr: EpcQr | None = None
    eslog_validation_enabled: bool | None = None
    receipt_note: str | None = None
    receipt_footer: str | None = None
    receipt_signature: str | None = None
    furs: dict[str, Any] | None = None
    fina: dict[str, Any] | None = None
    slovenia: dict[str, Any] | None = None
    e_invoicing: dict[str, Any] | None = None
    pt: dict[str, Any] | None = None
    revenue_recognition: dict[str, Any] | None = None


class BusinessUnitSettings(_DocumentSettings):
    """A unit's overrides of its entity's settings."""

    logo_scale_percent: Number | None = None
    email_defaults: UnitEmailDefaults | None = None


# --- resources -----------------------------------------------------------------------------


class _Record(SIModel):
    """A resource of its own: its `id` must have the contract's shape for `ID_PREFIX`."""

    ID_PREFIX: ClassVar[str] = ""

    @field_validator("id", check_fields=False)
    @classmethod
    def _id_has_the_contract_shape(cls, value: str) -> str:
        return _record_id(value, cls.ID_PREFIX)


class Entity(_Record):
    """One client business."""

    ID_PREFIX: ClassVar[str] = "ent"

    id: str
    name: str | None = None
    address: str | None = None
    address_2: str | None = None
    post_code: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    country_code: str | None = None
    currency_code: str | None = None
    locale: str | None = None
    tax_number: str | None = None
    tax_number_2: str | None = None
    company_number: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    fiscal_region_code: str | None = None
    starting_capital: Number | None = None
    account_id: str | None = None
    environment: str | None = None
    is_tax_subject: bool | None = None
    is_enabled: bool | None = None
    settings: EntitySettings | None = None
    metadata: dict[str, Any] | None = None
    country_rules: CountryRules | None = None
    created_at: str | None = None
    updated_at: str | None = None


class BusinessUnit(_Record):
    """A branch, shop or brand of an entity, with its own overrides."""

    ID_PREFIX: ClassVar[str] = "unit"

    id: str
    entity_id: str | None = None
    name: str | None = None
    address: str | None = None
    address_2: str | None = None
    post_code: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    country_code: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    settings: BusinessUnitSettings | None = None
    numbering_index: int | None = None
    logo_file_id: str | None = None
    signature_file_id: str | None = None
    is_active: bool | None = None
    deleted_at: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def is_archived(self) -> bool:
        return self.deleted_at is not None or self.is_active is False


class File(_Record):
    """An uploaded file (a logo or a signature)."""

    ID_PREFIX: ClassVar[str] = "file"

    id: str
    category: str | None = None
    business_unit_id: str | None = None
    entity_id: str | None = None
    filename: str | None = None
    name: str | None = None
    mime_type: str | None = None
    size: int | None = None
    secure_url: str | None = None
    url: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def download_url(self) -> str | None:
        """Where the file can be fetched: `secure_url`, else `secureUrl`, else `url`."""
        if self.secure_url:
            return self.secure_url
        camel = (self.__pydantic_extra__ or {}).get("secureUrl")
        if isinstance(camel, str) and camel:
            return camel
        return self.url


# --- lists ---------------------------------------------------------------------------------


class Pagination(SIModel):
    total: int | None = None
    next_cursor: str | None = None
    prev_cursor: str | None = None
    has_more: bool | None = None

    @property
    def more(self) -> bool:
        """Whether a next page exists (a cursor alone counts when `has_more` is missing)."""
        if self.has_more is None:
            return self.next_cursor is not None
        return self.has_more and self.next_cursor is not None

    @property
    def counted(self) -> int | None:
        """Total matching records, None when the server did not count (`-1`)."""
        return None if self.total is None or self.total < 0 else self.total


T = TypeVar("T", bound=SIModel)


@dataclass(frozen=True)
class SkippedRecord:
    """A record of a list page that failed validation and was left out of `Page.data`.

    `id` is the record's id when it was a short printable string (redacted), else None;
    `reason` says which fields failed and how, never their values.
    """

    id: str | None
    reason: str

    def __str__(self) -> str:
        return f"{self.id or '(no usable id)'}: {self.reason}"


class Page(SIModel, Generic[T]):
    """One page of a list: `data` and the cursors to the neighbouring pages.

    `data` holds the records that validated; `skipped` describes the ones that did not
    (filled by the client's page parser, empty for a page validated directly).
    """

    data: list[T]
    pagination: Pagination

    _skipped: tuple[SkippedRecord, ...] = PrivateAttr(default=())

    @property
    def skipped(self) -> tuple[SkippedRecord, ...]:
        """The records of this page that were left out, in the server's order."""
        return self._skipped

    @property
    def next_cursor(self) -> str | None:
        return self.pagination.next_cursor

    @property
    def prev_cursor(self) -> str | None:
        return self.pagination.prev_cursor

    @property
    def has_more(self) -> bool:
        """Whether a next page exists (a cursor alone counts when `has_more` is missing)."""
        return self.pagination.more

    @property
    def total(self) -> int | None:
        """Total matching records, None when the server did not count (`-1`)."""
        return self.pagination.counted


@dataclass(frozen=True)
class RecordPage:
    """One page of a list as plain JSON objects, for callers that store records rather than
    use them (the refresh): what `list_records()` returns.

    `data` holds each record that passed the same checks a model would make (the same
    types, the same id rule; see `record_checker`) exactly as the server sent it (lone
    surrogates already replaced), so `Model.model_validate(r).model_dump(mode="json") == r`
    for every one of them; `skipped` as for `Page`.
    """

    data: list[dict[str, Any]]
    pagination: Pagination
    skipped: tuple[SkippedRecord, ...] = ()

    @property
    def next_cursor(self) -> str | None:
        return self.pagination.next_cursor

    @property
    def prev_cursor(self) -> str | None:
        return self.pagination.prev_cursor

    @property
    def has_more(self) -> bool:
        return self.pagination.more

    @property
    def total(self) -> int | None:
        return self.pagination.counted


# --- cheap checks --------------------------------------------------------------------------


class _Check(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, protected_namespaces=())


RecordCheck = Callable[[Any], object]
"""Raises `pydantic.ValidationError` for a value the model would refuse."""


@functools.cache
def record_checker(model: type[SIModel]) -> RecordCheck:
    """A check that refuses exactly what `model.model_validate` refuses, about three times
    cheaper, because it builds nothing: a mirror of the model's declared fields (nested
    models mirrored too) with the same strict types and the record id rule, ignoring the
    unknown keys the model would keep untyped anyway, and without the validators that only
    remember key order or fill in derived values (neither ever refuses a value). The error
    locations and messages are the model's own (the twins carry the models' names)."""
    return _mirror(model).model_validate


def _mirror(model: type[SIModel]) -> type[BaseModel]:
    """The checking twin of `model` (cached, so nested models are built once)."""
    if model in _MIRRORS:
        return _MIRRORS[model]
    fields: dict[str, Any] = {
        name: (_mirror_type(info.annotation), ... if info.is_required() else None)
        for name, info in model.model_fields.items()
    }
    validators: dict[str, Any] = {}
    prefix = getattr(model, "ID_PREFIX", "")
    if prefix:
        validators["_id_has_the_contract_shape"] = field_validator("id")(_id_rule(prefix))
    mirror: type[BaseModel] = create_model(
        model.__name__, __base__=_Check, __validators__=validators, **fields
    )
    _MIRRORS[model] = mirror
    return mirror


_MIRRORS: dict[type[SIModel], type[BaseModel]] = {}


def _mirror_type(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, SIModel):
        return _mirror(annotation)
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    args = tuple(_mirror_type(arg) for arg in typing.get_args(annotation))
    if origin in (types.UnionType, typing.Union):
        return functools.reduce(operator.or_, args)
    return origin[args if len(args) > 1 else args[0]]


def _id_rule(prefix: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        return _record_id(value, prefix)

    return check
