"""The export endpoints of CONTRACT.md ("Exports (one client per call)").

- `GET /documents/export?format=xlsx|csv&type=…|types=…&date_from=…&date_to=…`: the
  spreadsheet, at once, with a `Content-Disposition` naming it (`filename*=` in UTF-8 and an
  ASCII `filename=` beside it).
- `POST /documents/export/pdf` `{types, date_from, date_to, language?}` or
  `{document_ids, language?}` → 202 and a job; `GET /documents/export/jobs/{id}` polls it
  (each poll moves it on, `export_jobs.py`); the archive is at the job's `file_url`
  (`GET /documents/export/jobs/{id}/file`, with the key and the job's entity).

Every call is scoped to one entity (`x-entity-id`) and the documents are chosen by that
entity's id alone; a job or an archive of another entity does not exist for it (404).
Choices where the contract is silent: an export holds issued documents only (a draft has no
number and is not yet in the books; voided ones are in, marked `voided`), ordered by date
and number; a CSV holds one document type (XLSX may hold several); a period is the days from
`date_from` to `date_to`, both counted, so a leap year fits (366) and a longer one is 422 at
`date_to`. `document_ids` (at most 1000) may name drafts; an id that is not one of this
entity's documents is 422 at its index.
"""

from __future__ import annotations

import datetime
import re
import secrets
import sqlite3
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from si_desktop.core import limits
from si_desktop.core.file_names import safe_component
from si_desktop.sandbox import spreadsheets
from si_desktop.sandbox.document_input import DOCUMENT_TYPES, TYPE_OF_PREFIX
from si_desktop.sandbox.errors import Issue, conflict, invalid, invalid_at, not_found
from si_desktop.sandbox.export_jobs import ExportJob
from si_desktop.sandbox.http import (
    clock_of,
    endpoint,
    json_body,
    sandbox_of,
    scoped_entity,
    today_of,
)
from si_desktop.sandbox.pdf_layout import render_pdf
from si_desktop.sandbox.pdfs import document_content
from si_desktop.sandbox.records import DOCUMENTS
from si_desktop.sandbox.service import Caller

MAX_PERIOD_DAYS = 366
MAX_DOCUMENT_IDS = 1000
FORMATS = {"xlsx": spreadsheets.XLSX_TYPE, "csv": spreadsheets.CSV_TYPE}
JOB_ID = re.compile(r"expjob_[A-Za-z0-9]{6,64}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}")
_TYPE_WORDS = {"invoice": "invoices", "estimate": "estimates", "credit_note": "credit notes"}


# -- what a request asks for


def _day(value: object, path: list[str | int], issues: list[Issue]) -> datetime.date | None:
    if value is None or value == "":
        issues.append(Issue(path, f"{path[-1]} is required (YYYY-MM-DD).", "required"))
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    issues.append(Issue(path, "A date is written YYYY-MM-DD (for example 2026-07-01).",
                        "invalid_date"))
    return None


def parse_period(values: Mapping[str, object], issues: list[Issue]
                 ) -> tuple[datetime.date, datetime.date] | None:
    """`date_from`..`date_to`, both counted: at most `MAX_PERIOD_DAYS` days, in order."""
    start = _day(values.get("date_from"), ["date_from"], issues)
    end = _day(values.get("date_to"), ["date_to"], issues)
    if start is None or end is None:
        return None
    if end < start:
        issues.append(Issue(["date_to"], "date_to is before date_from.", "invalid_period"))
        return None
    days = (end - start).days + 1
    if days > MAX_PERIOD_DAYS:
        issues.append(Issue(["date_to"], f"A period is at most {MAX_PERIOD_DAYS} days; this "
                            f"one has {days}. Export a longer one in pieces.",
                            "period_too_long"))
        return None
    return start, end


def _types(values: Sequence[object], path: list[str | int], issues: list[Issue]) -> list[str]:
    found: list[str] = []
    if not values:
        issues.append(Issue(path, "Name at least one document type.", "required"))
    for index, value in enumerate(values):
        if value not in DOCUMENT_TYPES:
            issues.append(Issue([*path, index], "A type is invoice, estimate or credit_note.",
                                "invalid_enum_value"))
        elif value not in found:
            found.append(str(value))
    return found


def _query_types(request: Request, fmt: str | None, issues: list[Issue]) -> list[str]:
    """`type=` or `types=a,b` (XLSX only holds several)."""
    params = request.query_params
    single, several = params.getlist("type"), params.getlist("types")
    if single and several:
        issues.append(Issue(["types"], "Send type or types, not both.", "invalid"))
        return []
    if not single and not several:
        issues.append(Issue(["type"], "type is required (invoice, estimate or credit_note).",
                            "required"))
        return []
    if single:
        if len(single) > 1:
            issues.append(Issue(["type"], "type names one document type; use types for "
                                "several.", "invalid"))
            return []
        return _types(single, ["type"], issues)
    names = [name.strip() for value in several for name in value.split(",") if name.strip()]
    found = _types(names, ["types"], issues)
    if fmt == "csv" and len(found) > 1:
        issues.append(Issue(["types"], "A CSV export holds one document type; XLSX holds "
                            "several.", "invalid"))
    return found


def _language(body: Mapping[str, Any], issues: list[Issue]) -> str | None:
    value = body.get("language")
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 20 or not _LANGUAGE.fullmatch(value):
        issues.append(Issue(["language"], "language is a locale such as sl-SI or en-US.",
                            "invalid"))
        return None
    return value


# -- which documents


def issued_documents(conn: sqlite3.Connection, entity_id: str, types: Sequence[str],
                     period: tuple[datetime.date, datetime.date]) -> list[dict[str, Any]]:
    """The entity's issued documents of `types` dated within `period`, by date and number.
    The entity's id is the only way in: no other entity's row can match."""
    marks = ",".join("?" * len(types))
    return DOCUMENTS.where(
        conn,
        f"entity_id = ? AND type IN ({marks}) AND is_draft = 0 AND date BETWEEN ? AND ? "
        "ORDER BY date, number, id",
        [entity_id, *types, period[0].isoformat(), period[1].isoformat()],
    )


def _chosen_ids(conn: sqlite3.Connection, entity_id: str, value: object,
                issues: list[Issue]) -> list[str]:
    """`document_ids`, each one of this entity's documents; repeats count once."""
    if not isinstance(value, list) or not value:
        issues.append(Issue(["document_ids"], "document_ids is a list of document ids.",
                            "invalid_type"))
        return []
    if len(value) > MAX_DOCUMENT_IDS:
        issues.append(Issue(["document_ids"], f"At most {MAX_DOCUMENT_IDS} documents per "
                            "export.", "too_big"))
        return []
    chosen: list[str] = []
    for index, doc_id in enumerate(value):
        known = isinstance(doc_id, str) and any(
            limits.is_valid_id(doc_id, prefix) for prefix in TYPE_OF_PREFIX)
        if not known:
            issues.append(Issue(["document_ids", index], "A document id looks like inv_, "
                                "est_ or cre_ followed by 24 hex digits.", "invalid_id"))
        elif DOCUMENTS.get(conn, entity_id, str(doc_id)) is None:
            issues.append(Issue(["document_ids", index], "This client has no document with "
                                "this id.", "not_found"))
        elif doc_id not in chosen:
            chosen.append(str(doc_id))
    return chosen


# -- file names


def content_disposition(name: str) -> str:
    """`attachment` with the name in UTF-8 (`filename*=`, RFC 6266) and an ASCII stand-in
    for clients that know only `filename=`."""
    dashed = re.sub(r"[\u2010-\u2015]", "-", name)
    ascii_name = unicodedata.normalize("NFKD", dashed).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9 ._,()\-]", "_", ascii_name).strip() or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _period_name(entity: Mapping[str, Any], what: str,
                 period: tuple[datetime.date, datetime.date], extension: str) -> str:
    return safe_component(fallback="export", text=f"{entity.get('name') or entity['id']} – {what} "
                          f"{period[0].isoformat()} – {period[1].isoformat()}") + extension


# -- routes


async def export_spreadsheet(request: Request, caller: Caller) -> Response:
    entity = scoped_entity(request, caller)
    issues: list[Issue] = []
    fmt = request.query_params.get("format")
    if fmt not in FORMATS:
        issues.append(Issue(["format"], "format is xlsx or csv.", "invalid_enum_value"))
    types = _query_types(request, fmt, issues)
    period = parse_period(request.query_params, issues)
    if issues:
        raise invalid(issues)
    assert fmt is not None and period is not None
    store = sandbox_of(request).store
    with store.read() as conn:
        docs = issued_documents(conn, entity["id"], types, period)
    units = {unit["id"]: str(unit.get("name") or "") for unit in store.units_of(entity["id"])}
    rows = spreadsheets.rows_for(docs, units, today_of(request))
    body = spreadsheets.xlsx_bytes(rows) if fmt == "xlsx" else spreadsheets.csv_bytes(rows)
    what = ", ".join(_TYPE_WORDS[doc_type] for doc_type in types)
    name = _period_name(entity, what, period, f".{fmt}")
    return Response(body, media_type=FORMATS[fmt],
                    headers={"content-disposition": content_disposition(name)})


async def start_pdf_export(request: Request, caller: Caller) -> Any:
    entity = scoped_entity(request, caller)
    body = await json_body(request)
    issues: list[Issue] = []
    language = _language(body, issues)
    sandbox = sandbox_of(request)
    with sandbox.store.read() as conn:
        if "document_ids" in body:
            if any(key in body for key in ("types", "date_from", "date_to")):
                issues.append(Issue(["document_ids"], "Send document_ids, or types with a "
                                    "period, not both.", "invalid"))
            chosen = _chosen_ids(conn, entity["id"], body["document_ids"], issues)
            name = safe_component(fallback="export", text=f"{entity.get('name') or entity['id']} – "
                                  f"{len(chosen)} documents") + ".zip"
        else:
            raw_types = body.get("types")
            if raw_types is None or not isinstance(raw_types, list):
                issues.append(Issue(["types"], "types is a list of document types (invoice, "
                                    "estimate, credit_note).", "invalid_type"))
                types: list[str] = []
            else:
                types = _types(raw_types, ["types"], issues)
            period = parse_period(body, issues)
            chosen = []
            if not issues and period is not None:
                chosen = [doc["id"] for doc in issued_documents(conn, entity["id"], types,
                                                                period)]
            name = (_period_name(entity, "PDF", period, ".zip") if period is not None
                    else "export.zip")
    if issues:
        raise invalid(issues)
    clock = clock_of(request)
    job = ExportJob(id="expjob_" + secrets.token_hex(12), account_id=caller.account_id,
                    entity_id=entity["id"], document_ids=tuple(chosen), file_name=name,
                    created_at=clock.now(), language=language)
    sandbox.export_jobs.add(job)
    return 202, job.as_json(None)


def _job_for(request: Request, caller: Caller) -> tuple[ExportJob, dict[str, Any]]:
    """The job of the path and its entity, if it is this entity's; 404 for anyone else's."""
    entity = scoped_entity(request, caller)
    job_id = request.path_params["id"]
    if not JOB_ID.fullmatch(job_id):
        raise invalid_at(["id"], "An export job id looks like expjob_ followed by letters and "
                         "digits.", "invalid_id")
    job = sandbox_of(request).export_jobs.get(job_id, caller.account_id)
    if job is None or job.entity_id != entity["id"]:
        raise not_found("Export job")
    return job, entity


def _renderer(conn: sqlite3.Connection, job: ExportJob, entity: Mapping[str, Any],
              request: Request) -> Any:
    """Each document's PDF exactly as `GET /documents/{id}/pdf` renders it (sandbox/pdfs.py),
    in the job's language, under the name that route gives it."""
    store, today = sandbox_of(request).store, today_of(request)

    def render(doc_id: str) -> tuple[str, bytes] | None:
        doc = DOCUMENTS.get(conn, job.entity_id, doc_id)  # the job's own entity, nothing else
        if doc is None:
            return None
        content = document_content(store, entity, doc, locale=job.language, today=today)
        return content.file_name, render_pdf(content)

    return render


async def get_job(request: Request, caller: Caller) -> Any:
    job, entity = _job_for(request, caller)
    with sandbox_of(request).store.read() as conn:
        job.advance(_renderer(conn, job, entity, request))
    return job.as_json(str(request.url_for("export_file", id=job.id)))


async def job_file(request: Request, caller: Caller) -> Response:
    job, _entity = _job_for(request, caller)
    if job.archive is None:
        raise conflict(f"The archive is not ready (the job is {job.status}).")
    return Response(job.archive, media_type="application/zip",
                    headers={"content-disposition": content_disposition(job.file_name)})


ROUTES = [
    Route("/documents/export", endpoint(export_spreadsheet), methods=["GET"]),
    Route("/documents/export/pdf", endpoint(start_pdf_export), methods=["POST"]),
    Route("/documents/export/jobs/{id}", endpoint(get_job), methods=["GET"]),
    Route("/documents/export/jobs/{id}/file", endpoint(job_file), methods=["GET"],
          name="export_file"),
]
