"""The dialog for edits that could not be sent as they were: someone changed the same fields
on Space Invoices (a conflict), the service refused the change, or the app gave up on it (an
answer it could not read, an unexpected error).

Every held edit shows whose it is (the client, the unit and its client, or a document, a
payment or a customer of a client: `workspace.edit_view` finds each), what it changes
("City: Ljubljana → Kranj", "A payment of 120,00 € (Bank transfer)", in the words of the
pages and the client's money format) and why it is held. Field by field a
conflict shows theirs (what Space Invoices has now) and mine (what the user typed) and lets
the user take one or the other or type the value. "Try again" queues a refused or failed edit
again as it is; "Drop this edit…" asks first, and the answer the dialog falls back on is to
keep it. Nothing is discarded without the user's choice: "Decide later" keeps every held
edit as it is. Fields that changed on one side only merged by themselves and are not asked
about.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.documents import document_type_of
from si_desktop.core.formatting import client_locale
from si_desktop.sync.conflicts import (
    TAKE_MINE,
    TAKE_THEIRS,
    EditProblem,
    FieldPath,
    leaves,
    value_at,
)
from si_desktop.sync.vocabulary import EditKind
from si_desktop.ui.documents import words as document_words
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.offline.service import OfflineService
from si_desktop.ui.theme.stylesheet import styled
from si_desktop.ui.widgets import (
    careful_question,
    plain_label,
    plain_tooltip,
    problem_label,
    quiet_label,
)

THEIRS, MINE, CUSTOM = "theirs", "mine", "custom"


def tr(text: str) -> str:
    return QCoreApplication.translate("ConflictDialog", text)


DOCUMENT_FIELDS = {
    "customer": QT_TRANSLATE_NOOP("ConflictDialog", "Customer"),
    "customer_id": QT_TRANSLATE_NOOP("ConflictDialog", "Customer"),
    "items": QT_TRANSLATE_NOOP("ConflictDialog", "Lines"),
    "date": QT_TRANSLATE_NOOP("ConflictDialog", "Date"),
    "date_due": QT_TRANSLATE_NOOP("ConflictDialog", "Due date"),
    "date_valid_till": QT_TRANSLATE_NOOP("ConflictDialog", "Valid until"),
    "note": QT_TRANSLATE_NOOP("ConflictDialog", "Note"),
    "payment_terms": QT_TRANSLATE_NOOP("ConflictDialog", "Payment terms"),
    "footer": QT_TRANSLATE_NOOP("ConflictDialog", "Footer"),
    "reference": QT_TRANSLATE_NOOP("ConflictDialog", "Reference"),
    "business_unit_id": QT_TRANSLATE_NOOP("ConflictDialog", "Business unit"),
    "currency_code": QT_TRANSLATE_NOOP("ConflictDialog", "Currency"),
    "amount": QT_TRANSLATE_NOOP("ConflictDialog", "Amount"),
    "type": QT_TRANSLATE_NOOP("ConflictDialog", "Type"),
    "number": QT_TRANSLATE_NOOP("ConflictDialog", "Number"),
    "is_draft": QT_TRANSLATE_NOOP("ConflictDialog", "Draft"),
    "voided_at": QT_TRANSLATE_NOOP("ConflictDialog", "Voided"),
    "total_with_tax": QT_TRANSLATE_NOOP("ConflictDialog", "Total"),
    "total_paid": QT_TRANSLATE_NOOP("ConflictDialog", "Paid"),
    "paid_in_full": QT_TRANSLATE_NOOP("ConflictDialog", "Paid in full"),
}
"""A document's and a payment's fields, as the documents' windows call them."""


def field_name(path: FieldPath) -> str:
    """A field as the pages call it: "city" → "City" (the Overview's label, translated),
    "items" → "Lines"; otherwise "settings.primary_color" → "Primary color (settings)"."""
    if not path:
        return ""
    if len(path) == 1:
        from si_desktop.ui.pages.overview import TEXT_FIELDS

        for key, label, _group in TEXT_FIELDS:
            if key == path[0]:
                return QCoreApplication.translate("OverviewPage", label)
        if path[0] in DOCUMENT_FIELDS:
            return tr(DOCUMENT_FIELDS[path[0]])
    last = path[-1].replace("_", " ").strip().capitalize()
    if len(path) > 1:
        return f"{last} ({' › '.join(path[:-1])})"
    return last


def change_lines(edit: Any, record: dict[str, Any] | None = None,
                 money: Any = None) -> list[str]:
    """What a queued edit changes, one line a field: "City: Ljubljana → Kranj". The old
    value is the one the edit started from (else the cached `record`'s); a new record lists
    its fields, and edits without fields say what they do. `money(amount)` writes an amount
    in the client's format (a payment's)."""
    kind = edit.kind
    unit = edit.targets_unit
    document_lines = _document_lines(edit, money)
    if document_lines is not None:
        return document_lines
    if kind is EditKind.ENABLE_ENTITY:
        return [tr("Enable the client")]
    if kind is EditKind.DISABLE_ENTITY:
        return [tr("Disable the client")]
    if kind is EditKind.ARCHIVE_UNIT:
        return [tr("Archive the business unit")]
    if kind is EditKind.SET_LOGO:
        return [tr("A new logo for the business unit") if unit else tr("A new logo")]
    if kind is EditKind.REMOVE_LOGO:
        return [tr("Remove the business unit's logo") if unit else tr("Remove the logo")]
    lines: list[str] = []
    if kind in (EditKind.CREATE_ENTITY, EditKind.CREATE_UNIT):
        lines.append(tr("A new business unit") if unit else tr("A new client"))
        for path, value in leaves(edit.payload):
            lines.append(f"{field_name(path)}: {value_text(value)}")
        return lines
    before = edit.base if edit.base is not None else record
    for path, value in leaves(edit.payload):
        old = value_text(value_at(before, path)) if before is not None else tr("(not known)")
        lines.append(f"{field_name(path)}: {old} → {value_text(value)}")
    return lines


def _document_lines(edit: Any, money: Any) -> list[str] | None:
    """`change_lines` of a document, payment or customer edit that is not a plain change of
    fields; None for the others."""
    kind, payload = edit.kind, edit.payload
    if kind is EditKind.ISSUE_DOCUMENT:
        return [tr("Issue the draft: it gets its number")]
    if kind is EditKind.VOID_DOCUMENT:
        lines = [tr("Void it (it keeps its number)")]
        if payload.get("reason"):
            lines.append(tr("Reason: %1").replace("%1", str(payload["reason"])))
        return lines
    if kind is EditKind.DELETE_DOCUMENT:
        return [tr("Delete the draft")]
    if kind is EditKind.DELETE_PAYMENT:
        return [tr("Delete the payment")]
    if kind is EditKind.CREATE_DOCUMENT:
        name = document_words.type_name(document_type_of(edit.target_id) or "").lower()
        lines = [tr("A new draft %1").replace("%1", name)]
        customer = payload.get("customer")
        if isinstance(customer, dict) and customer.get("name"):
            lines.append(f"{tr('Customer')}: {customer['name']}")
        items = payload.get("items")
        if isinstance(items, list) and items:
            lines.append(f"{tr('Lines')}: {value_text(items)}")
        if payload.get("date"):
            lines.append(f"{tr('Date')}: {payload['date']}")
        return lines
    if kind is EditKind.CREATE_PAYMENT:
        amount = payload.get("amount")
        shown = money(amount) if money is not None else value_text(amount)
        lines = [tr("A payment of %1 (%2)").replace("%1", shown).replace(
            "%2", document_words.payment_type_name(str(payload.get("type") or "")))]
        for key in ("date", "reference", "note"):
            if payload.get(key):
                lines.append(f"{field_name((key,))}: {payload[key]}")
        return lines
    if kind is EditKind.CREATE_CUSTOMER:
        lines = [tr("A new customer")]
        lines += [f"{field_name(path)}: {value_text(value)}" for path, value in leaves(payload)]
        return lines
    return None


def drop_question(parent: QWidget, what: str) -> QMessageBox:
    """"Drop this edit?": the answer it falls back on (Enter, Escape) is to keep it."""
    return careful_question(
        parent, name="dropQuestion", title=tr("Drop this edit"),
        text=tr("Drop your change to “%1”? It is not sent, and it cannot be brought "
                "back.").replace("%1", what),
        act=tr("Drop it"), act_name="dropIt", keep=tr("Keep it"),
        icon=QMessageBox.Icon.Question)


def ask_drop(parent: QWidget, what: str) -> bool:
    """Whether the user really drops the edit; tests replace `ProblemBox.ask_drop`."""
    box = drop_question(parent, what)
    box.exec()
    return box.clickedButton() is not None and box.clickedButton().objectName() == "dropIt"


def value_text(value: Any) -> str:
    """A field's value for reading: text as it is, nothing as "(empty)", the rest as JSON."""
    if value is None or value == "":
        return tr("(empty)")
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        names = [str(v.get("name") or "") for v in value]  # a document's lines
        shown = "; ".join(names[:3]) + (" …" if len(names) > 3 else "")
        return (tr("%1 line: %2") if len(names) == 1 else tr("%1 lines: %2")).replace(
            "%1", str(len(names))).replace("%2", shown)
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return str(value["name"])  # a document's customer
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def parse_value(text: str, like: Any) -> Any:
    """What the user typed, as the kind of value the field holds. ValueError when it is not
    one (a number field given letters)."""
    if isinstance(like, str) or like is None:
        return text if text != "" else None
    if isinstance(like, bool):
        lowered = text.strip().casefold()
        if lowered in ("true", "yes", tr("yes").casefold(), "1"):
            return True
        if lowered in ("false", "no", tr("no").casefold(), "0"):
            return False
        raise ValueError(tr("Type yes or no."))
    try:
        return json.loads(text)
    except ValueError as error:
        raise ValueError(tr("This is not a value the field can hold.")) from error


def _edit_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class FieldChoice:
    """One field's row: theirs, mine, or a value of the user's."""

    def __init__(
        self,
        grid: QGridLayout,
        row: int,
        parent: QWidget,
        path: FieldPath,
        theirs: Any,
        mine: Any,
        *,
        has_theirs: bool = True,
    ) -> None:
        self.path = path
        self.theirs, self.mine = theirs, mine
        name = plain_label(field_name(path), parent)
        name.setToolTip(plain_tooltip(".".join(path)))
        grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
        self.group = QButtonGroup(parent)
        self.theirs_button = QRadioButton(parent)
        self.theirs_button.setObjectName("takeTheirs")
        self.mine_button = QRadioButton(parent)
        self.mine_button.setObjectName("takeMine")
        self.custom_button = QRadioButton(tr("Another value:"), parent)
        self.custom_button.setObjectName("takeCustom")
        for button, label, value in (
            (self.theirs_button, tr("Theirs: %1"), theirs),
            (self.mine_button, tr("Mine: %1"), mine),
        ):
            text = label.replace("%1", value_text(value))
            button.setText(text if len(text) <= 80 else text[:79] + "…")
            button.setToolTip(plain_tooltip(value_text(value)))
        self.group.addButton(self.theirs_button)
        self.group.addButton(self.mine_button)
        self.group.addButton(self.custom_button)
        column = QVBoxLayout()
        column.setSpacing(2)
        if has_theirs:
            column.addWidget(self.theirs_button)
        else:
            self.theirs_button.setVisible(False)
        column.addWidget(self.mine_button)
        column.addWidget(self.custom_button)
        self.custom_edit = QLineEdit(parent)
        self.custom_edit.setObjectName("customValue")
        self.custom_edit.setAccessibleName(tr("Value for %1").replace("%1", field_name(path)))
        self.custom_edit.setText(_edit_text(mine))
        self.custom_edit.setEnabled(False)
        self.custom_edit.textEdited.connect(lambda _text: self.custom_button.setChecked(True))
        self.custom_button.toggled.connect(self.custom_edit.setEnabled)
        column.addWidget(self.custom_edit)
        self.problem = problem_label(parent)
        column.addWidget(self.problem)
        grid.addLayout(column, row, 1)

    @property
    def chosen(self) -> str | None:
        if self.theirs_button.isChecked():
            return THEIRS
        if self.mine_button.isChecked():
            return MINE
        if self.custom_button.isChecked():
            return CUSTOM
        return None

    def choose(self, which: str, value: Any = None) -> None:
        """For tests and for "take all": pick one side, or type a value."""
        if which == THEIRS:
            self.theirs_button.setChecked(True)
        elif which == MINE:
            self.mine_button.setChecked(True)
        else:
            self.custom_button.setChecked(True)
            self.custom_edit.setText(_edit_text(value))

    def choice(self) -> Any:
        """The resolution for `sync.conflicts.resolve`; ValueError when none is made or the
        typed value does not fit."""
        chosen = self.chosen
        if chosen == THEIRS:
            return TAKE_THEIRS
        if chosen == MINE:
            return TAKE_MINE
        if chosen == CUSTOM:
            like = self.mine if self.mine is not None else self.theirs
            return parse_value(self.custom_edit.text(), like)
        raise ValueError(tr("Choose theirs, mine or another value."))


class ProblemBox(QGroupBox):
    """One held edit: whose it is, what it changes, why it is held, its fields, and "Try
    again" and "Drop this edit…"."""

    ask_drop = staticmethod(ask_drop)

    def __init__(self, service: OfflineService, problem: EditProblem, parent: QWidget) -> None:
        super().__init__(parent)
        self.service = service
        self.problem = problem
        self.settled = False  # dropped or queued again from here: nothing left to decide
        self.setObjectName("problemBox")
        self.setTitle(self._title(service, problem))
        layout = QVBoxLayout(self)
        self.reason = plain_label(self._reason(problem), self)
        self.reason.setObjectName("heldReason")
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason)
        record = self._record(service, problem)
        self.changes = quiet_label("\n".join(change_lines(
            problem.edit, record, self._money(service, problem))), self)
        self.changes.setObjectName("heldChanges")
        self.changes.setWordWrap(True)
        layout.addWidget(self.changes)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(16)
        layout.addLayout(grid)
        self.fields: list[FieldChoice] = []
        if problem.kind == "conflict":
            for row, conflict in enumerate(problem.conflicts):
                self.fields.append(FieldChoice(grid, row, self, conflict.field,
                                               conflict.theirs, conflict.mine))
        elif problem.kind == "rejected":
            payload = problem.edit.payload
            for row, (path, message) in enumerate(problem.issues):
                choice = FieldChoice(grid, row, self, path, None, value_at(payload, path),
                                     has_theirs=False)
                choice.problem.setText(message)
                choice.problem.setVisible(bool(message))
                self.fields.append(choice)
        self.outcome = quiet_label("", self)
        self.outcome.setObjectName("heldOutcome")
        self.outcome.setVisible(False)
        layout.addWidget(self.outcome)
        row_layout = QHBoxLayout()
        row_layout.addStretch(1)
        self.retry_button = QPushButton(tr("Try again"), self)
        self.retry_button.setObjectName("retryEdit")
        self.retry_button.setToolTip(tr("Send this edit again as it is"))
        self.retry_button.clicked.connect(self.retry)
        self.retry_button.setVisible(problem.kind != "conflict")  # a conflict needs choices
        row_layout.addWidget(self.retry_button)
        self.drop_button = QPushButton(tr("Drop this edit…"), self)
        self.drop_button.setObjectName("dropEdit")
        self.drop_button.setToolTip(tr("Do not send this edit; Space Invoices keeps its "
                                       "values"))
        self.drop_button.clicked.connect(self.drop)
        row_layout.addWidget(self.drop_button)
        layout.addLayout(row_layout)

    @staticmethod
    def _reason(problem: EditProblem) -> str:
        if problem.kind == "conflict":
            return tr("Someone changed these fields on Space Invoices after you edited them "
                      "here. Choose what each field should hold. Fields changed on one side "
                      "only were merged already.")
        if problem.kind == "failed":
            return tr("This change could not be sent: %1. Try again later, or drop it; "
                      "details are in the log.").replace(
                "%1", (problem.message or tr("no reason given")).rstrip(".")
            )
        return tr("Space Invoices did not accept this change: %1").replace(
            "%1", problem.message or tr("no reason given")
        )

    @staticmethod
    def _record(service: OfflineService, problem: EditProblem) -> dict[str, Any] | None:
        """The record the edit changes, as the service last sent it (for old values)."""
        workspace = service.workspace
        if workspace is None:
            return None
        view = workspace.edit_view(problem.edit)
        return view.service_data if view is not None else None

    @staticmethod
    def _money(service: OfflineService, problem: EditProblem) -> Any:
        """How a payment's amount is written: in its document's currency and the client's
        format."""
        workspace = service.workspace
        if workspace is None or problem.edit.record_kind != "payment":
            return None
        document = _paid_document(workspace, problem.edit)
        client = workspace.client(problem.edit.entity_id or "")
        locale = client_locale(client.data if client is not None else None)
        currency = str((document or {}).get("currency_code") or "")

        def money(amount: Any) -> str:
            try:
                return document_words.money_text(amount, currency or None, locale)
            except ArithmeticError:
                return value_text(amount)

        return money

    @staticmethod
    def _title(service: OfflineService, problem: EditProblem) -> str:
        edit = problem.edit
        workspace = service.workspace
        name = ""
        if workspace is not None:
            client = workspace.client(edit.entity_id or "")
            owner = str(client.data.get("name") or "") if client is not None else ""
            kind = edit.record_kind
            if kind == "unit":
                view = workspace.unit(edit.target_id)
                unit = str(view.data.get("name") or "") if view is not None else ""
                name = tr("Business unit “%1” of “%2”").replace("%1", unit).replace("%2", owner)
            elif kind == "entity":
                view = workspace.client(edit.target_id)
                name = str(view.data.get("name") or "") if view is not None else edit.target_id
            else:
                what = _record_name(workspace, edit)
                name = tr("%1 of “%2”").replace("%1", what).replace("%2", owner) if owner \
                    else what
        return name or edit.target_id

    def drop(self) -> bool:
        """"Drop this edit…": asks, keeping the edit unless the user says drop."""
        if self.settled or not self.ask_drop(self, self.title()):
            return False
        self.service.discard(self.problem)
        self._settle(tr("Dropped: Space Invoices keeps its values."))
        return True

    def retry(self) -> None:
        """"Try again": queued again as it is, and the queue is sent."""
        if self.settled:
            return
        self.service.retry(self.problem)
        self._settle(tr("Queued again; it is sent when Space Invoices can be reached."))

    def _settle(self, text: str) -> None:
        self.settled = True
        self.outcome.setText(text)
        self.outcome.setVisible(True)
        for field in self.fields:
            for widget in (field.theirs_button, field.mine_button, field.custom_button,
                           field.custom_edit):
                widget.setEnabled(False)
        self.retry_button.setEnabled(False)
        self.drop_button.setEnabled(False)
        dialog = self.window()
        if isinstance(dialog, ConflictDialog):
            dialog.box_settled()

    def choices(self) -> dict[FieldPath, Any]:
        """Every field's resolution; ValueError (shown under the field) when one is
        missing or does not fit."""
        found: dict[FieldPath, Any] = {}
        failed: ValueError | None = None
        for field in self.fields:
            try:
                found[field.path] = field.choice()
                field.problem.setVisible(False)
            except ValueError as error:
                field.problem.setText(str(error))
                field.problem.setVisible(True)
                failed = failed or error
        if failed is not None:
            raise failed
        return found


def _paid_document(workspace: Any, edit: Any) -> dict[str, Any] | None:
    """The document a payment edit is for (its body names it, or the payment does)."""
    view = workspace.edit_view(edit)
    data = view.data if view is not None else {}
    for source in (edit.payload, data):
        for key in ("invoice_id", "credit_note_id"):
            if source.get(key):
                found: dict[str, Any] | None = workspace.document_now(str(source[key]))
                return found
    return None


def _document_name(document: dict[str, Any] | None, document_id: str) -> str:
    """"Invoice 2026-00012", "Draft estimate", "New invoice (not yet on Space Invoices)"."""
    kind = str((document or {}).get("_type") or (document or {}).get("type") or
               document_type_of(document_id) or "")
    name = document_words.type_name(kind)
    if document is None or document.get("_local"):
        return tr("New %1 (not yet on Space Invoices)").replace("%1", name.lower())
    if document.get("is_draft"):
        return tr("Draft %1").replace("%1", name.lower())
    return f"{name} {document.get('number') or ''}".strip()


def _record_name(workspace: Any, edit: Any) -> str:
    """What a document, payment or customer edit is about, in a few words."""
    kind = edit.record_kind
    view = workspace.edit_view(edit)
    data: dict[str, Any] = view.data if view is not None else dict(edit.payload)
    if kind == "document":
        text = _document_name(data if view is not None else None, edit.target_id)
        customer = data.get("customer")
        if isinstance(customer, dict) and customer.get("name"):
            text = tr("%1 for “%2”").replace("%1", text).replace("%2", str(customer["name"]))
        return text
    if kind == "payment":
        document = _paid_document(workspace, edit)
        document_id = str(data.get("invoice_id") or data.get("credit_note_id") or "")
        return tr("Payment on %1").replace(
            "%1", _document_name(document, document_id) if document is not None
            else tr("a document no longer here"))
    return tr("Customer “%1”").replace("%1", str(data.get("name") or ""))


class ConflictDialog(QDialog):
    """Field by field: theirs or mine (or a value), for every held edit given."""

    def __init__(
        self, service: OfflineService, problems: list[EditProblem], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("conflictDialog")
        self.setWindowTitle(tr("Changes that need you"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        head = plain_label(tr(
            "These edits were kept but not sent. Nothing is thrown away until you choose."
        ), self)
        head.setWordWrap(True)
        layout.addWidget(head)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(scroll)
        column = QVBoxLayout(content)
        self.boxes = [ProblemBox(service, problem, content) for problem in problems]
        for box in self.boxes:
            column.addWidget(box)
        column.addStretch(1)
        scroll.setWidget(content)
        layout.addWidget(scroll, 1)
        self.message = QLabel(self)
        self.message.setObjectName("problem")
        styled(self.message)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setVisible(False)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.send_button = buttons.addButton(
            tr("Send my choices"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.send_button.setObjectName("sendChoices")
        self.later_button = buttons.addButton(
            tr("Decide later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.later_button.setObjectName("decideLater")
        self.later_button.setToolTip(tr("Keep the edits as they are; they wait for you"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.boxes and self.boxes[0].fields:
            self.boxes[0].fields[0].mine_button.setFocus()

    def apply(self) -> bool:
        """Resolve every held edit not dropped or queued again already, then send. Stays
        open, with the fields marked, when a choice is missing."""
        decided: list[tuple[ProblemBox, dict[FieldPath, Any]]] = []
        missing = False
        for box in self.boxes:
            if box.settled:
                continue
            try:
                decided.append((box, box.choices()))
            except ValueError:
                missing = True
        if missing:
            self.message.setText(tr("Choose theirs, mine or another value for every field."))
            self.message.setVisible(True)
            return False
        for box, choices in decided:
            self.service.resolve(box.problem, dict(choices))
        self.accept()
        return True

    def box_settled(self) -> None:
        """A box was dropped or queued again: when none is left to decide, the dialog is
        done."""
        if all(box.settled for box in self.boxes):
            self.accept()
