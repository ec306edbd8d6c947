"""The endpoints of CONTRACT.md: entities, business units and files."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from si_desktop.core import limits
from si_desktop.sandbox import countries, sequences, validation
from si_desktop.sandbox.errors import Issue, forbidden, invalid, invalid_at, not_found
from si_desktop.sandbox.http import (
    Handler,
    clock_of,
    endpoint,
    json_body,
    path_id,
    sandbox_of,
    scoped_entity,
    today_of,
    visible_entity,
)
from si_desktop.sandbox.lists import Column, Table, parse_bool, parse_list_request, run_list
from si_desktop.sandbox.service import Caller, error_response
from si_desktop.sandbox.settings import default_settings, merge_settings

ENTITY_FIELD_ORDER: tuple[str, ...] = (
    "id",
    "name",
    "address",
    "address_2",
    "post_code",
    "city",
    "state",
    "country",
    "country_code",
    "currency_code",
    "locale",
    "tax_number",
    "tax_number_2",
    "company_number",
    "phone",
    "email",
    "website",
    "fiscal_region_code",
    "starting_capital",
    "environment",
    "is_tax_subject",
    "is_enabled",
    "settings",
    "account_id",
    "metadata",
    "country_rules",
    "created_at",
    "updated_at",
)

ENTITY_TABLE = Table(
    name="entities",
    doc_table="entity_docs",
    columns={
        "id": Column("id"),
        "name": Column("name", sort_sql="name_fold", folded_sql="name_fold"),
        "country": Column("country"),
        "country_code": Column("country_code"),
        "currency_code": Column("currency_code"),
        "city": Column("city"),
        "is_enabled": Column("is_enabled", "bool"),
        "created_at": Column("created_at", "time"),
        "updated_at": Column("updated_at", "time"),
    },
    query_fields=frozenset({"id", "name", "country", "currency_code", "created_at",
                            "updated_at"}),
    sort_fields=frozenset({"id", "name", "country", "country_code", "currency_code", "city",
                           "is_enabled", "created_at", "updated_at"}),
    json_roots={
        "metadata": "metadata",
        "settings": "(SELECT json_extract(d.doc, '$.settings') FROM entity_docs d "
        "WHERE d.id = entities.id)",
    },
    default_order=("created_at",),
    scan_when_filtered=True,
)

UNIT_TABLE = Table(
    name="business_units",
    doc_table="business_units",
    columns={
        "id": Column("id"),
        "name": Column("name", sort_sql="name_fold", folded_sql="name_fold"),
        "numbering_index": Column("numbering_index", "int"),
        "is_active": Column("is_active", "bool"),
        "city": Column("city"),
        "created_at": Column("created_at", "time"),
        "updated_at": Column("updated_at", "time"),
        "deleted_at": Column("deleted_at", "time"),
    },
    query_fields=frozenset({"id", "name", "numbering_index", "is_active", "city", "created_at",
                            "updated_at", "deleted_at"}),
    sort_fields=frozenset({"id", "name", "numbering_index", "is_active", "city", "created_at",
                           "updated_at", "deleted_at"}),
    json_roots={"settings": "json_extract(doc, '$.settings')"},
    default_order=("numbering_index",),
)

FILE_TABLE = Table(
    name="files",
    doc_table="files",
    columns={
        "id": Column("id"),
        "category": Column("category"),
        "business_unit_id": Column("business_unit_id"),
        "name": Column("name"),
        "mime_type": Column("mime_type"),
        "size": Column("size", "int"),
        "created_at": Column("created_at", "time"),
    },
    query_fields=frozenset({"id", "category", "business_unit_id", "name", "mime_type", "size",
                            "created_at"}),
    sort_fields=frozenset({"id", "category", "name", "size", "created_at"}),
    json_roots={},
    default_order=("created_at",),
)

MAX_FILE_BYTES = 5 * 1024 * 1024


def _check_account_header(request: Request, caller: Caller) -> None:
    value = request.headers.get("x-account-id")
    if value is None:
        return
    issue = validation.id_issue(value, "acc", ["x-account-id"])
    if issue is not None:
        raise invalid([issue])
    if value != caller.account_id:
        raise forbidden("This key does not belong to that account.")


def _ordered_entity(doc: Mapping[str, Any]) -> dict[str, Any]:
    ordered = {key: doc.get(key) for key in ENTITY_FIELD_ORDER}
    ordered.update({key: value for key, value in doc.items() if key not in ordered})
    return ordered


# -- entities


async def list_entities(request: Request, caller: Caller) -> Any:
    _check_account_header(request, caller)
    environment = request.query_params.get("environment") or caller.environment
    if environment not in validation.ENVIRONMENTS:
        raise invalid_at(["environment"], "environment is live or sandbox.",
                         "invalid_enum_value")
    if environment != caller.environment:
        raise forbidden(f"A {caller.environment} key sees only {caller.environment} entities.")
    list_request = parse_list_request(request.query_params.multi_items())
    where, args = ["account_id = ?", "environment = ?"], [caller.account_id, environment]
    if caller.entity_id is not None:  # an entity key sees its own entity
        where.append("id = ?")
        args.append(caller.entity_id)
    with sandbox_of(request).store.read() as conn:
        return run_list(conn, ENTITY_TABLE, list_request, where, args)


def _derive_country(body: Mapping[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
    """country_code, currency_code and locale from the country unless given."""
    known = countries.lookup(body.get("country")) or countries.by_code(body.get("country_code"))
    derived: dict[str, Any] = {}
    for key, attribute in (("country_code", "code"), ("currency_code", "currency"),
                           ("locale", "locale")):
        value = body.get(key)
        if value is None and known is not None:
            value = getattr(known, attribute)
        derived[key] = value
    issues: list[Issue] = []
    if derived["country_code"] is None and body.get("country") is not None:
        issues.append(Issue(["country_code"],
                            "country_code is required when the country is not one the service "
                            "knows.", "required"))
    return derived, issues


async def create_entity(request: Request, caller: Caller) -> Any:
    _check_account_header(request, caller)
    body = await json_body(request)
    issues = validation.entity_issues(body, creating=True)
    derived, more = _derive_country(body)
    issues += [issue for issue in more if all(i.path != issue.path for i in issues)]
    if issues:
        raise invalid(issues)
    environment = body.get("environment") or caller.environment
    if caller.entity_id is not None:
        raise forbidden("An entity key cannot create entities; use the account key.")
    if environment != caller.environment:
        raise forbidden(f"A {caller.environment} key creates {caller.environment} entities.")
    now = clock_of(request).now()
    doc: dict[str, Any] = {key: body.get(key) for key in validation.ENTITY_TEXT_FIELDS}
    doc.update(derived)
    doc.update(
        {
            "id": clock_of(request).new_id("ent"),
            "starting_capital": body.get("starting_capital"),
            "environment": environment,
            "is_tax_subject": body.get("is_tax_subject", True),
            "is_enabled": body.get("is_enabled", True),
            "settings": merge_settings(
                default_settings(locale=doc["locale"], country_code=doc["country_code"]),
                body.get("settings") or {},
            ),
            "account_id": caller.account_id,
            "metadata": dict(body.get("metadata") or {}),
            "country_rules": countries.country_rules(doc["country_code"]),
            "created_at": now,
            "updated_at": now,
        }
    )
    doc = _ordered_entity(doc)
    store = sandbox_of(request).store
    store.insert_entities([doc], caller.account_id)
    _note_first_numbers(request, doc["id"], {}, doc["settings"])
    return 201, doc


async def get_entity(request: Request, caller: Caller) -> Any:
    _check_account_header(request, caller)
    return visible_entity(sandbox_of(request), caller, path_id(request, "ent"))


async def update_entity(request: Request, caller: Caller) -> Any:
    """PATCH and PUT alike: a partial body; settings merge per top-level key."""
    _check_account_header(request, caller)
    sandbox = sandbox_of(request)
    doc = visible_entity(sandbox, caller, path_id(request, "ent"))
    body = await json_body(request)
    issues = validation.entity_issues(body, creating=False, existing=doc)
    if issues:
        raise invalid(issues)
    for key in validation.ENTITY_TEXT_FIELDS:
        if key in body and key not in limits.IMMUTABLE_ENTITY_FIELDS:
            doc[key] = body[key]
    for key in (*validation.ENTITY_BOOL_FIELDS, "starting_capital"):
        if key in body:
            doc[key] = body[key]
    if "metadata" in body:
        doc["metadata"] = dict(body["metadata"] or {})
    before = doc.get("settings") or {}
    if "settings" in body and body["settings"] is not None:
        doc["settings"] = merge_settings(before, body["settings"])
    doc["updated_at"] = clock_of(request).later_than(doc["updated_at"])
    sandbox.store.save_entity(doc, caller.account_id)
    _note_first_numbers(request, doc["id"], before, doc.get("settings") or {})
    return doc


def _note_first_numbers(request: Request, entity_id: str, before: Mapping[str, Any],
                        after: Mapping[str, Any]) -> None:
    """A yearly sequence honours a first number in the year it was set (sequences.py)."""
    with sandbox_of(request).store.write() as conn:
        sequences.note_first_numbers(conn, entity_id, before, after, today_of(request).year)


def _set_enabled(enabled: bool) -> Handler:
    async def handler(request: Request, caller: Caller) -> Any:
        _check_account_header(request, caller)
        sandbox = sandbox_of(request)
        doc = visible_entity(sandbox, caller, path_id(request, "ent"))
        if doc.get("is_enabled") != enabled:
            doc["is_enabled"] = enabled
            doc["updated_at"] = clock_of(request).later_than(doc["updated_at"])
            sandbox.store.save_entity(doc, caller.account_id)
        return doc

    return handler


# -- business units


def _include_archived(request: Request) -> bool:
    raw = request.query_params.get("include_archived")
    return False if raw is None or raw == "" else parse_bool(raw, "include_archived")


def _unit_for(request: Request, caller: Caller, *, archived_ok: bool) -> dict[str, Any]:
    entity = scoped_entity(request, caller)
    unit_id = path_id(request, "unit")
    unit = sandbox_of(request).store.get_unit(unit_id)
    if unit is None or unit["entity_id"] != entity["id"]:
        raise not_found("Business unit")
    if unit.get("deleted_at") is not None and not (archived_ok or _include_archived(request)):
        raise not_found("Business unit")
    return unit


async def list_units(request: Request, caller: Caller) -> Any:
    entity = scoped_entity(request, caller)
    where, args = ["entity_id = ?"], [entity["id"]]
    if not _include_archived(request):
        where.append("deleted_at IS NULL")
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "include_archived"]
    list_request = parse_list_request(params)
    with sandbox_of(request).store.read() as conn:
        return run_list(conn, UNIT_TABLE, list_request, where, args)


async def create_unit(request: Request, caller: Caller) -> Any:
    entity = scoped_entity(request, caller)
    body = await json_body(request)
    issues = validation.unit_issues(body, creating=True)
    if issues:
        raise invalid(issues)
    now = clock_of(request).now()
    doc: dict[str, Any] = {"id": clock_of(request).new_id("unit"), "entity_id": entity["id"]}
    doc.update({key: body.get(key) for key in validation.UNIT_TEXT_FIELDS})
    doc.update({key: body.get(key) for key in validation.UNIT_FILE_FIELDS})
    doc["settings"] = merge_settings({}, body.get("settings") or {}, drop_nulls=True)
    doc.update({"is_active": True, "created_at": now, "updated_at": now, "deleted_at": None})
    return 201, sandbox_of(request).store.insert_unit(doc)


async def get_unit(request: Request, caller: Caller) -> Any:
    return _unit_for(request, caller, archived_ok=False)


async def update_unit(request: Request, caller: Caller) -> Any:
    unit = _unit_for(request, caller, archived_ok=False)
    body = await json_body(request)
    issues = validation.unit_issues(body, creating=False, existing=unit)
    if issues:
        raise invalid(issues)
    for key in (*validation.UNIT_TEXT_FIELDS, *validation.UNIT_FILE_FIELDS):
        if key in body:
            unit[key] = body[key]
    if "settings" in body:
        unit["settings"] = merge_settings(unit.get("settings") or {}, body["settings"] or {},
                                          drop_nulls=True)
    unit["updated_at"] = clock_of(request).later_than(unit["updated_at"])
    sandbox_of(request).store.save_unit(unit)
    return unit


async def archive_unit(request: Request, caller: Caller) -> Any:
    """DELETE archives: `deleted_at` set, `is_active` false; repeating it changes nothing."""
    unit = _unit_for(request, caller, archived_ok=True)
    if unit.get("deleted_at") is None:
        now = clock_of(request).later_than(unit["updated_at"])
        unit.update({"deleted_at": now, "is_active": False, "updated_at": now})
        sandbox_of(request).store.save_unit(unit)
    return unit


# -- files


def sniff_image(data: bytes) -> str | None:
    """The image type of an upload from its first bytes, or `None` if it is not one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if (head.startswith(b"<svg") or head.startswith(b"<?xml") or head.startswith(b"<!--")
            or head.startswith(b"<!doctype svg")) and b"<svg" in head:
        return "image/svg+xml"
    return None


def _render_file(request: Request, doc: Mapping[str, Any]) -> dict[str, Any]:
    """A file object with URLs on this sandbox (computed per request, so they follow the
    port the sandbox listens on)."""
    url = str(request.url_for("file_content", id=doc["id"]))
    return {**doc, "url": url, "secure_url": url, "secureUrl": url}


async def upload_file(request: Request, caller: Caller) -> Any:
    entity = scoped_entity(request, caller)
    sandbox = sandbox_of(request)
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_FILE_BYTES + 256 * 1024:
        raise invalid_at(["file"], "A file can be at most 5 MB.", "too_big")
    async with request.form(max_files=1, max_fields=10) as form:
        upload = form.get("file")
        category = form.get("category", "attachment" if request.url.path == "/upload/image"
                            else None)
        unit_id = form.get("business_unit_id") or None
        issues: list[Issue] = []
        data = b""
        if not isinstance(upload, UploadFile):
            issues.append(Issue(["file"], "Send the file as the multipart field “file”.",
                                "required"))
        else:
            data = await upload.read(MAX_FILE_BYTES + 1)
        if category not in validation.FILE_CATEGORIES:
            issues.append(Issue(["category"], "category is logo, signature or attachment.",
                                "invalid_enum_value"))
        if unit_id is not None:
            issue = validation.id_issue(unit_id, "unit", ["business_unit_id"])
            if issue is not None:
                issues.append(issue)
        mime = None
        if isinstance(upload, UploadFile):
            if len(data) > MAX_FILE_BYTES:
                issues.append(Issue(["file"], "A file can be at most 5 MB.", "too_big"))
            elif not data:
                issues.append(Issue(["file"], "The file is empty.", "too_small"))
            else:
                mime = sniff_image(data)
                if mime is None:
                    issues.append(Issue(["file"], "The file must be a PNG, JPEG, WEBP, GIF or "
                                        "SVG image.", "invalid_file_type"))
        if issues:
            raise invalid(issues)
        assert isinstance(upload, UploadFile) and isinstance(category, str) and mime
        filename = upload.filename
    unit = None
    if unit_id is not None:
        unit = sandbox.store.get_unit(str(unit_id))
        if unit is None or unit["entity_id"] != entity["id"] or unit.get("deleted_at"):
            raise not_found("Business unit")
    now = clock_of(request).now()
    doc = {
        "id": clock_of(request).new_id("file"),
        "entity_id": entity["id"],
        "business_unit_id": unit_id,
        "category": category,
        "name": filename,
        "mime_type": mime,
        "size": len(data),
        "created_at": now,
        "updated_at": now,
    }
    sandbox.store.insert_file(doc, data)
    if category in ("logo", "signature"):
        if unit is not None:
            unit[f"{category}_file_id"] = doc["id"]
            unit["updated_at"] = clock_of(request).later_than(unit["updated_at"])
            sandbox.store.save_unit(unit)
        else:
            settings = copy.deepcopy(entity.get("settings") or {})
            settings[f"has_{category}"] = True
            entity["settings"] = settings
            entity["updated_at"] = clock_of(request).later_than(entity["updated_at"])
            sandbox.store.save_entity(entity, caller.account_id)
    return 201, _render_file(request, doc)


async def list_files(request: Request, caller: Caller) -> Any:
    entity = scoped_entity(request, caller)
    where, args = ["entity_id = ?"], [entity["id"]]
    params = []
    for key, value in request.query_params.multi_items():
        if key == "category":
            if value not in validation.FILE_CATEGORIES:
                raise invalid_at(["category"], "category is logo, signature or attachment.",
                                 "invalid_enum_value")
            where.append("category = ?")
            args.append(value)
        elif key == "business_unit_id":
            issue = validation.id_issue(value, "unit", ["business_unit_id"])
            if issue is not None:
                raise invalid([issue])
            where.append("business_unit_id = ?")
            args.append(value)
        else:
            params.append((key, value))
    list_request = parse_list_request(params)
    with sandbox_of(request).store.read() as conn:
        page = run_list(conn, FILE_TABLE, list_request, where, args)
    page["data"] = [_render_file(request, doc) for doc in page["data"]]
    return page


async def get_file(request: Request, caller: Caller) -> Any:
    entity = scoped_entity(request, caller)
    doc = sandbox_of(request).store.get_file(path_id(request, "file"))
    if doc is None or doc["entity_id"] != entity["id"]:
        raise not_found("File")
    return _render_file(request, doc)


async def file_content(request: Request) -> Response:
    """The file's bytes, without a key: the URL stands in for the vendor's CDN address."""
    file_id = request.path_params["id"]
    found = None
    if limits.is_valid_id(file_id, "file"):
        found = sandbox_of(request).store.file_content(file_id)
    if found is None:
        return error_response(not_found("File"))
    mime, data = found
    return Response(data, media_type=mime,
                    headers={"cache-control": "public, max-age=31536000, immutable"})


ROUTES = [
    Route("/entities", endpoint(list_entities), methods=["GET"]),
    Route("/entities", endpoint(create_entity), methods=["POST"]),
    Route("/entities/{id}", endpoint(get_entity), methods=["GET"]),
    Route("/entities/{id}", endpoint(update_entity), methods=["PATCH", "PUT"]),
    Route("/entities/{id}/enable", endpoint(_set_enabled(True)), methods=["POST"]),
    Route("/entities/{id}/disable", endpoint(_set_enabled(False)), methods=["POST"]),
    Route("/business-units", endpoint(list_units), methods=["GET"]),
    Route("/business-units", endpoint(create_unit), methods=["POST"]),
    Route("/business-units/{id}", endpoint(get_unit), methods=["GET"]),
    Route("/business-units/{id}", endpoint(update_unit), methods=["PATCH", "PUT"]),
    Route("/business-units/{id}", endpoint(archive_unit), methods=["DELETE"]),
    Route("/files", endpoint(upload_file), methods=["POST"]),
    Route("/upload/image", endpoint(upload_file), methods=["POST"]),
    Route("/files", endpoint(list_files), methods=["GET"]),
    Route("/files/{id}", endpoint(get_file), methods=["GET"]),
    Route("/files/{id}/content", file_content, methods=["GET"], name="file_content"),
]
