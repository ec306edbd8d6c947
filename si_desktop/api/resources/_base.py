"""What every resource namespace shares: list query encoding and JSON bodies."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from si_desktop.api.models import DOCUMENT_TYPES, Page, RecordPage, SIModel
from si_desktop.core.documents import json_number

if TYPE_CHECKING:
    from si_desktop.api.client import SpaceInvoicesClient

__all__ = ["OrderBy", "Params", "Resource", "list_params", "to_json", "write_body"]

M = TypeVar("M", bound=SIModel)
OrderBy = str | Sequence[str]
Params = list[tuple[str, str]]
MAX_PAGE_SIZE = 100


class Resource:
    def __init__(self, client: SpaceInvoicesClient) -> None:
        self._client = client

    async def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        **kwargs: Any,
    ) -> M:
        raw = await self._client._request(method, path, **kwargs)
        return self._client._parse(raw, model, method=method, path=path)

    async def _call_page(self, path: str, item: type[M], **kwargs: Any) -> Page[M]:
        """GET one list page; records that fail validation land in `Page.skipped`."""
        raw = await self._client._request("GET", path, **kwargs)
        return self._client._parse_page(raw, item, method="GET", path=path)

    async def _call_records(self, path: str, item: type[M], **kwargs: Any) -> RecordPage:
        """GET one list page as checked plain JSON (see `RecordPage`)."""
        raw = await self._client._request("GET", path, **kwargs)
        return self._client._parse_records(raw, item, method="GET", path=path)


def list_params(
    *,
    limit: int | None = None,
    next_cursor: str | None = None,
    prev_cursor: str | None = None,
    include_total_count: bool | None = None,
    order_by: OrderBy | None = None,
    search: str | None = None,
    query: Mapping[str, Any] | None = None,
) -> Params:
    """The common list query, checked before anything is sent."""
    params: Params = []
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100:
            raise ValueError("limit must be an integer from 1 to 100")
        params.append(("limit", str(limit)))
    if next_cursor is not None and prev_cursor is not None:
        raise ValueError("send next_cursor or prev_cursor, not both")
    if next_cursor is not None:
        params.append(("next_cursor", next_cursor))
    if prev_cursor is not None:
        params.append(("prev_cursor", prev_cursor))
    if include_total_count is not None:
        params.append(("include_total_count", _bool(include_total_count)))
    if order_by is not None:
        fields = [order_by] if isinstance(order_by, str) else list(order_by)
        for field in fields:
            if not isinstance(field, str) or not field:
                raise ValueError("order_by takes field names, e.g. 'name' or '-created_at'")
            params.append(("order_by", field))
    if search is not None:
        params.append(("search", search))
    if query is not None:
        if not isinstance(query, Mapping):
            raise TypeError("query takes a dict, e.g. {'country': 'Slovenia'}")
        params.append(
            ("query", json.dumps(to_json(query), separators=(",", ":"), ensure_ascii=False))
        )
    return params


def _bool(value: bool) -> str:
    return "true" if value else "false"


def bool_param(name: str, value: bool) -> tuple[str, str]:
    return (name, _bool(value))


def to_json(value: Any) -> Any:
    """Plain JSON values from values that may hold models or Decimals (a Decimal becomes the
    JSON number of the same value: `core.documents.json_number`, which refuses one that a
    JSON number could not carry exactly)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def write_body(fields: Mapping[str, Any], *, unit: bool = False) -> dict[str, Any]:
    """A create/update body. `settings` must be a mapping of the top-level keys to write
    (never a whole settings object: the server replaces each key it is sent)."""
    body = {name: to_json(value) for name, value in fields.items() if name != "settings"}
    if "settings" in fields:
        settings = fields["settings"]
        if settings is None:
            body["settings"] = None
        elif isinstance(settings, BaseModel) or not isinstance(settings, Mapping):
            raise TypeError(
                "settings takes a dict of only the top-level keys to change, "
                "e.g. settings={'primary_color': '#1D4ED8'}"
            )
        else:
            out = to_json(settings)
            if unit and isinstance(out.get("email_defaults"), dict):
                out["email_defaults"] = flat_email_defaults(out["email_defaults"])
            body["settings"] = out
    return body


def flat_email_defaults(value: dict[str, Any]) -> dict[str, Any]:
    """The nested `{"invoice": {"subject", "body"}}` form rewritten as flat keys (the form
    the client writes)."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in DOCUMENT_TYPES and isinstance(item, dict):
            for part in ("subject", "body"):
                if part in item:
                    out.setdefault(f"{key}_{part}", item[part])
        else:
            out[key] = item
    return out
