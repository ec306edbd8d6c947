"""A document's PDF and its e-mail (CONTRACT.md, "PDFs" and "Send"), and the sandbox-only
route where tests read the messages it recorded.

`GET /documents/{id}/pdf[?language=…]` renders the document as it is now, in the language
asked for (default: the client's locale), with the branding of its business unit. Drafts
carry DRAFT and voided documents VOID on every page.

`POST /documents/{id}/send` `{to, subject?, body_text?, attach_pdf}` delivers nothing: it
records the message with its placeholders filled (a subject or body left out is the
client's effective e-mail default for the document's type) and answers
`{message_id, status, to, subject}`. Choices where the contract is silent: a draft cannot
be sent (422 at `is_draft`: it has no number yet); `attach_pdf` defaults to true; a subject
may have at most 998 characters (one e-mail header line) and a body at most 100,000.

`GET /_sandbox/messages[?document_id=…]` lists what was recorded for the key's account
(with `x-entity-id`, only that client's), oldest first; it is not part of the vendor's API.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import urllib.parse
from collections.abc import Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from si_desktop.core import limits, templates
from si_desktop.core.branding import effective_settings
from si_desktop.core.formatting import client_locale
from si_desktop.sandbox.document_input import TYPE_OF_PREFIX
from si_desktop.sandbox.document_model import get_unit
from si_desktop.sandbox.errors import Issue, invalid, invalid_at, not_found
from si_desktop.sandbox.http import (
    clock_of,
    endpoint,
    json_body,
    sandbox_of,
    scoped_entity,
    today_of,
)
from si_desktop.sandbox.pdf_content import Image, PdfContent, build_content
from si_desktop.sandbox.pdf_layout import render_pdf
from si_desktop.sandbox.records import DOCUMENTS
from si_desktop.sandbox.service import Caller
from si_desktop.sandbox.storage import Store
from si_desktop.sandbox.validation import id_issue

SUBJECT_MAX = 998
BODY_MAX = 100_000
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}")


def _document_id(request: Request) -> str:
    value = request.path_params["id"]
    for prefix in TYPE_OF_PREFIX:
        if limits.is_valid_id(value, prefix):
            return str(value)
    raise invalid_at(["id"], "A document id here looks like inv_, est_ or cre_ followed by "
                     "24 hex digits.", "invalid_id")


def _language(request: Request, entity: Mapping[str, Any]) -> str:
    value = request.query_params.get("language")
    if value is None or not value.strip():
        return client_locale(entity)
    if not _LANGUAGE.fullmatch(value.strip()):
        raise invalid_at(["language"], "language is a locale such as sl-SI, en-GB or de-AT.",
                         "invalid_string")
    return value.strip().replace("_", "-")


def _image(found: tuple[str, bytes] | None) -> Image | None:
    return None if found is None else Image(found[1], found[0])


def branding_images(store: Store, entity: Mapping[str, Any],
                    unit: Mapping[str, Any] | None) -> tuple[Image | None, Image | None]:
    """The logo and signature the document carries: the unit's own file when it names one,
    else the client's newest when its effective settings say it has one."""
    own = entity.get("settings")
    unit_settings = unit.get("settings") if unit is not None else None
    settings = effective_settings(own if isinstance(own, Mapping) else {},
                                  unit_settings if isinstance(unit_settings, Mapping) else None)
    found: list[Image | None] = []
    for category in ("logo", "signature"):
        file_id = unit.get(f"{category}_file_id") if unit is not None else None
        if isinstance(file_id, str) and file_id:
            found.append(_image(store.entity_file(entity["id"], file_id)))
        elif settings.get(f"has_{category}") is True:
            found.append(_image(store.newest_file(entity["id"], category)))
        else:
            found.append(None)
    return found[0], found[1]


def document_content(store: Store, entity: Mapping[str, Any], document: Mapping[str, Any], *,
                     locale: str | None, today: datetime.date) -> PdfContent:
    """What the PDF of `document` (a document of `entity`) shows: its unit (archived ones
    too), branding images and the numbers of the issued documents it refers to. The PDF
    route and the PDF ZIP export both draw from this, so an archive holds exactly the files
    the route answers."""
    with store.read() as conn:
        unit_id = document.get("business_unit_id")
        unit = get_unit(conn, entity["id"], unit_id) if isinstance(unit_id, str) else None
        linked = []
        for other_id in document.get("linked_documents") or ():
            other = DOCUMENTS.get(conn, entity["id"], other_id) if isinstance(
                other_id, str) else None
            if other is not None and not other.get("is_draft"):
                linked.append(str(other["number"]))
    logo, signature = branding_images(store, entity, unit)
    return build_content(entity, unit, document, locale=locale or client_locale(entity),
                         logo=logo, signature=signature, linked_numbers=linked, today=today)


def _load(request: Request, caller: Caller) -> tuple[dict[str, Any], dict[str, Any]]:
    """The entity and the document of the path."""
    entity = scoped_entity(request, caller)
    doc_id = _document_id(request)
    with sandbox_of(request).store.read() as conn:
        document = DOCUMENTS.get(conn, entity["id"], doc_id)
    if document is None:
        raise not_found("Document")
    return entity, document


def _content(request: Request, caller: Caller, language: str | None = None
             ) -> tuple[PdfContent, dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    entity, document = _load(request, caller)
    content = document_content(sandbox_of(request).store, entity, document,
                               locale=language or _language(request, entity),
                               today=today_of(request))
    unit_id = document.get("business_unit_id")
    with sandbox_of(request).store.read() as conn:
        unit = get_unit(conn, entity["id"], unit_id) if isinstance(unit_id, str) else None
    return content, entity, document, unit


def content_disposition(file_name: str) -> str:
    """`inline` with the name twice: plain ASCII for old clients, `filename*` (RFC 6266)
    with every character for the rest."""
    plain = unicodedata.normalize("NFKD", file_name)
    fallback = "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else
                       "" if unicodedata.combining(ch) else "_" for ch in plain)
    quoted = urllib.parse.quote(file_name, safe="")
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quoted}"


async def document_pdf(request: Request, caller: Caller) -> Any:
    content, *_ = _content(request, caller)
    data = await run_in_threadpool(render_pdf, content)
    return Response(data, media_type="application/pdf",
                    headers={"content-disposition": content_disposition(content.file_name)})


def _send_body(body: Mapping[str, Any]) -> tuple[str, str | None, str | None, bool]:
    issues: list[Issue] = []
    to = body.get("to")
    if not isinstance(to, str) or not to.strip():
        issues.append(Issue(["to"], "to is the recipient's e-mail address.", "required"))
    elif not limits.is_email_address(to.strip()):
        issues.append(Issue(["to"], f"“{to}” is not an e-mail address.", "invalid_email"))
    texts: list[str | None] = []
    for key, limit in (("subject", SUBJECT_MAX), ("body_text", BODY_MAX)):
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            issues.append(Issue([key], f"{key} is text.", "invalid_type"))
        elif isinstance(value, str) and len(value) > limit:
            issues.append(Issue([key], f"{key} can be at most {limit} characters.",
                                "too_big"))
        texts.append(value if isinstance(value, str) else None)
    attach = body.get("attach_pdf", True)
    if not isinstance(attach, bool):
        issues.append(Issue(["attach_pdf"], "attach_pdf is true or false.", "invalid_type"))
    if issues:
        raise invalid(issues)
    assert isinstance(to, str) and isinstance(attach, bool)
    return to.strip(), texts[0], texts[1], attach


async def send_document(request: Request, caller: Caller) -> Any:
    to, subject, body_text, attach = _send_body(await json_body(request))
    content, entity, document, unit = _content(request, caller)
    if document.get("is_draft"):
        raise invalid_at(["is_draft"], "A draft cannot be sent: issue it first, so that it "
                         "has its number.", "invalid_state")
    values = templates.document_values(entity, unit, document, locale=content.locale,
                                       today=today_of(request))
    default_subject, default_body = templates.email_template(entity, unit, content.doc_type)
    subject = templates.render(subject if subject is not None else default_subject, values)
    body_text = templates.render(body_text if body_text is not None else default_body, values)
    pdf_size = len(await run_in_threadpool(render_pdf, content)) if attach else None
    clock = clock_of(request)
    message = {
        "id": clock.new_id("msg"),
        "entity_id": entity["id"],
        "document_id": document["id"],
        "document_type": content.doc_type,
        "document_number": document.get("number"),
        "to": to,
        "subject": subject.strip(),
        "body_text": body_text,
        "attach_pdf": attach,
        "pdf_file_name": content.file_name if attach else None,
        "pdf_size": pdf_size,
        "language": content.locale,
        "status": "sent",
        "created_at": clock.now(),
    }
    sandbox_of(request).store.insert_message(message, caller.account_id)
    return {"message_id": message["id"], "status": message["status"], "to": to,
            "subject": message["subject"]}


async def recorded_messages(request: Request, caller: Caller) -> Any:
    entity_id = None
    if request.headers.get("x-entity-id"):
        entity_id = scoped_entity(request, caller)["id"]
    document_id = request.query_params.get("document_id") or None
    if document_id is not None and all(
            id_issue(document_id, prefix, ["document_id"]) is not None
            for prefix in TYPE_OF_PREFIX):
        raise invalid_at(["document_id"], "document_id is a document's id.", "invalid_id")
    found = sandbox_of(request).store.messages(caller.account_id, entity_id=entity_id,
                                               document_id=document_id)
    return {"data": found}


ROUTES = [
    Route("/documents/{id}/pdf", endpoint(document_pdf), methods=["GET"]),
    Route("/documents/{id}/send", endpoint(send_document), methods=["POST"]),
    Route("/_sandbox/messages", endpoint(recorded_messages), methods=["GET"]),
]
