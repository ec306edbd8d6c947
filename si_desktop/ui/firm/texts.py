"""The words of the firm's standards: field names, outcomes and kinds of change, translated
(the rules in `core.standards` and `store.activity` name them by key)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication

from si_desktop.core.standards import FIELDS_BY_PATH
from si_desktop.ui.editors.base import document_name


def tr(text: str) -> str:
    return QCoreApplication.translate("Firm", text)


def kind_name(kind: str) -> str:
    names = {
        "number_format": tr("Number format"),
        "unit_number_format": tr("Unit number format"),
        "email_subject": tr("E-mail subject"),
        "email_body": tr("E-mail text"),
        "note": tr("Default note"),
        "payment_terms": tr("Payment terms"),
        "due_days": tr("Days to pay"),
        "valid_days": tr("Days an estimate is valid"),
        "footer": tr("Footer"),
        "signature": tr("Signature"),
        "template": tr("PDF template"),
        "color": tr("Primary colour"),
    }
    return names.get(kind, kind)


def field_name(path: str) -> str:
    """E.g. "Number format — Invoice" for `number_formats.invoice`."""
    spec = FIELDS_BY_PATH.get(path)
    if spec is None:
        return path
    name = kind_name(spec.kind)
    if spec.document_type is not None and spec.kind not in ("due_days", "valid_days"):
        return tr("%1 — %2").replace("%1", name).replace("%2",
                                                          document_name(spec.document_type))
    return name


def group_name(group: str) -> str:
    return {"numbering": tr("Numbering"), "email": tr("E-mail defaults"),
            "texts": tr("Texts and terms"), "branding": tr("Branding")}.get(group, group)


def outcome_name(outcome: str) -> str:
    return {
        "waiting": tr("Waiting to be sent"), "sent": tr("Sent"), "refused": tr("Refused"),
        "conflict": tr("Conflict"), "failed": tr("Not sent"), "dropped": tr("Dropped"),
        "done": tr("Done"),
    }.get(outcome, outcome)


def resolution_name(resolution: str) -> str:
    return {"resolved": tr("resolved"), "dropped": tr("dropped"),
            "tried again": tr("tried again"), "kept mine": tr("kept mine"),
            "kept theirs": tr("kept theirs")}.get(resolution, resolution)


def change_kind_name(kind: str) -> str:
    """A row of the activity log: what kind of change it was."""
    return {
        "create_entity": tr("New client"), "update_entity": tr("Client settings"),
        "enable_entity": tr("Client enabled"), "disable_entity": tr("Client disabled"),
        "create_unit": tr("New business unit"), "update_unit": tr("Business unit"),
        "archive_unit": tr("Business unit archived"), "set_logo": tr("Logo"),
        "remove_logo": tr("Logo removed"), "create_document": tr("New document"),
        "update_document": tr("Document edited"), "issue_document": tr("Document issued"),
        "void_document": tr("Document voided"), "delete_document": tr("Draft deleted"),
        "send_document": tr("Document sent"), "create_payment": tr("Payment"),
        "update_payment": tr("Payment edited"), "delete_payment": tr("Payment deleted"),
        "create_customer": tr("New customer"), "access_invite": tr("Access: invited"),
        "access_role": tr("Access: role changed"), "access_remove": tr("Access: removed"),
        "access_cancel_invitation": tr("Access: invitation cancelled"),
        "access_resend_invitation": tr("Access: invitation sent again"),
        "access_create_key": tr("Access: API key made"),
        "access_revoke_key": tr("Access: API key revoked"),
    }.get(kind, kind)


def value_text(value: Any, limit: int = 120) -> str:
    """A value as one line: text as it is (line breaks shown as ⏎), none as an em dash."""
    if value is None or value == "":
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.replace("\r\n", "\n").replace("\n", " ⏎ ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
