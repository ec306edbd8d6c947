"""Payments: record one on a document (the amount due by default), change or delete one,
and mark several unpaid invoices paid in one go (one payment each, the same date and type).
Offline a payment is queued like any edit and shows as waiting to be sent."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Coroutine, Mapping, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.document_form import parse_number
from si_desktop.core.formatting import bare_amount
from si_desktop.sync.errors import ProblemKind, describe
from si_desktop.sync.results import SaveResult
from si_desktop.sync.vocabulary import DocumentRow
from si_desktop.ui.context import AppContext
from si_desktop.ui.documents import words
from si_desktop.ui.documents.words import tr
from si_desktop.ui.errors import error_text
from si_desktop.ui.widgets import FieldWithProblem, careful_question, plain_label, problem_label


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _date_edit(parent: QWidget, day: dt.date, locale: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    shown = QLocale(locale.replace("-", "_")).dateFormat(QLocale.FormatType.ShortFormat)
    edit.setDisplayFormat(shown if "yyyy" in shown else shown.replace("yy", "yyyy"))
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def _type_combo(parent: QWidget, chosen: str = "bank_transfer") -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName("paymentType")
    for kind in words.PAYMENT_TYPES:
        combo.addItem(words.payment_type_name(kind), kind)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    return combo


class PaymentDialog(QDialog):
    """Record a payment on a document, or change one (`payment`)."""

    def __init__(
        self,
        context: AppContext,
        document: Mapping[str, Any],
        locale: str,
        parent: QWidget | None = None,
        *,
        payment: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.document = dict(document)
        self.payment = dict(payment) if payment is not None else None
        self.client_locale = locale
        self.currency = str(document.get("currency_code") or "EUR")
        self.setObjectName("paymentDialog")
        number = str(document.get("number") or "")
        self.setWindowTitle(tr("Change payment") if payment else
                            tr("Record payment for %1").replace("%1", number).strip())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.amount = QLineEdit(self)
        self.amount.setObjectName("amount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setText(self._amount_text())
        self.amount.textEdited.connect(lambda _t: self._validate())
        self.amount_box = FieldWithProblem(self.amount)
        form.addRow(tr("Amount (%1)").replace("%1", self.currency), self.amount_box)
        self.type = _type_combo(self, str((payment or {}).get("type") or "bank_transfer"))
        form.addRow(tr("Type"), self.type)
        day = dt.date.today()
        if payment is not None and isinstance(payment.get("date"), str):
            with contextlib.suppress(ValueError):
                day = dt.date.fromisoformat(str(payment["date"])[:10])
        self.date = _date_edit(self, day, locale)
        self.date.setObjectName("paymentDate")
        form.addRow(tr("Date"), self.date)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("paymentReference")
        self.reference.setText(str((payment or {}).get("reference") or ""))
        form.addRow(tr("Reference"), self.reference)
        self.note = QLineEdit(self)
        self.note.setObjectName("paymentNote")
        self.note.setText(str((payment or {}).get("note") or ""))
        form.addRow(tr("Note"), self.note)
        layout.addLayout(form)
        due = words.money_text(self._due(), self.currency, locale)
        if payment is None and self._due() is not None:
            layout.addWidget(plain_label(tr("Due now: %1").replace("%1", due), self))
        self.problem = problem_label(self)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(tr("Save payment") if payment else tr("Record payment"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(420, self.sizeHint().height())
        self._validate()

    def _due(self) -> Decimal | None:
        value = self.document.get("total_due")
        try:
            return Decimal(str(value)) if value is not None else None
        except ArithmeticError:
            return None

    def _amount_text(self) -> str:
        if self.payment is not None:
            value = self.payment.get("amount")
        else:
            due = self._due()
            value = due if due is not None and due > 0 else None
        if value is None:
            return ""
        return bare_amount(Decimal(str(value)), self.currency, self.client_locale)

    def amount_value(self) -> Decimal | None:
        return parse_number(self.amount.text(), self.client_locale)

    def _validate(self) -> bool:
        value = self.amount_value()
        problem = None
        if value is None:
            problem = tr("Type the amount paid, for example 120,50.")
        elif value <= 0:
            problem = tr("A payment is more than zero.")
        self.amount_box.set_problem(problem if self.amount.text().strip() or
                                    self.payment is not None else None)
        self.save_button.setEnabled(problem is None)
        return problem is None

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "amount": self.amount_value(),
            "type": self.type.currentData(),
            "date": _pydate(self.date.date()).isoformat(),
        }
        for key, edit in (("reference", self.reference), ("note", self.note)):
            if edit.text().strip() or (self.payment and self.payment.get(key)):
                found[key] = edit.text().strip()
        return found

    def submit(self) -> None:
        if not self._validate():
            return
        self.save_button.setEnabled(False)
        workspace = self.context.workspace
        values = self.values()
        job: Coroutine[Any, Any, SaveResult]
        if self.payment is None:
            job = workspace.record_payment(str(self.document["id"]), values, initiator=self)
        else:
            changes = {k: v for k, v in values.items()
                       if _differs(self.payment.get(k), v)}
            if not changes:
                self.accept()
                return
            job = workspace.update_payment(str(self.payment["id"]), changes, initiator=self)
        self.context.bridge.run(_checked(job), owner=self, key="save",
                                on_success=lambda _r: self.accept(), on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValueError):
            self.problem.setText(str(error))
        else:
            problem = describe(error)
            messages = problem.field_messages if problem.kind is ProblemKind.VALIDATION else {}
            amount = next((m for p, m in messages.items() if p and p[0] == "amount"), None)
            if amount:
                self.amount_box.set_problem(amount)
            self.problem.setText(error_text(error) if not amount else "")
        self.problem.setVisible(bool(self.problem.text()))


def _differs(old: Any, new: Any) -> bool:
    if isinstance(new, Decimal):
        try:
            return old is None or Decimal(str(old)) != new
        except ArithmeticError:
            return True
    if isinstance(old, str) and isinstance(new, str) and len(new) == 10:
        return old[:10] != new
    return bool(old != new)


async def _checked(job: Coroutine[Any, Any, SaveResult]) -> SaveResult:
    """The save, its refusal raised (the dialog shows it and keeps what was typed)."""
    result = await job
    if result.withdrawn:
        raise result.refusal()
    return result


def delete_payment_question(parent: QWidget, amount: str) -> QMessageBox:
    """"Delete this payment?": Keep (the default and the Escape answer) or Delete."""
    return careful_question(
        parent, name="deletePaymentQuestion", title=tr("Delete payment"),
        text=tr("Delete the payment of %1?").replace("%1", amount),
        informative=tr("What is due on the document goes up by as much."),
        act=tr("Delete payment"), act_name="deleteIt", keep=tr("Keep it"))


class MarkPaidDialog(QDialog):
    """Several unpaid invoices of one client marked paid: one payment of what is due on
    each, all with the same date and type."""

    def __init__(
        self,
        context: AppContext,
        documents: Sequence[DocumentRow],
        locale: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.documents = list(documents)
        self.client_locale = locale
        self.recorded = 0
        self.failures: list[str] = []
        self.setObjectName("markPaidDialog")
        count = len(self.documents)
        self.setWindowTitle(tr("Mark paid"))
        layout = QVBoxLayout(self)
        sums: dict[str, Decimal] = {}
        for row in self.documents:
            currency = row.currency_code or "EUR"
            sums[currency] = sums.get(currency, Decimal(0)) + (row.total_due or Decimal(0))
        total = " + ".join(words.money_text(amount, currency, locale)
                           for currency, amount in sorted(sums.items()))
        head = tr("Mark %n invoice paid: %1 in all.", count) if count == 1 else \
            tr("Mark %n invoices paid: %1 in all.", count)
        intro = plain_label(head.replace("%1", total), self)
        intro.setObjectName("markPaidIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(plain_label(tr("Each gets one payment of what is due on it."), self))
        form = QFormLayout()
        self.date = _date_edit(self, dt.date.today(), locale)
        self.date.setObjectName("paymentDate")
        form.addRow(tr("Date"), self.date)
        self.type = _type_combo(self)
        form.addRow(tr("Type"), self.type)
        layout.addLayout(form)
        self.problem = problem_label(self)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Mark paid"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.ok_button.setEnabled(False)
        fields = {"type": self.type.currentData(),
                  "date": _pydate(self.date.date()).isoformat()}
        self.context.bridge.run(self._record_all(fields), owner=self, key="save",
                                on_success=self._done, on_error=self._failed)

    async def _record_all(self, fields: dict[str, Any]) -> tuple[int, list[str]]:
        workspace = self.context.workspace
        recorded = 0
        failures: list[str] = []
        for row in self.documents:
            amount = row.total_due or Decimal(0)
            if amount <= 0:
                continue
            try:
                result = await workspace.record_payment(row.id, {**fields, "amount": amount},
                                                        initiator=self)
            except (ValueError, LookupError) as error:
                failures.append(f"{row.number}: {error}")
                continue
            if result.withdrawn:
                failures.append(f"{row.number}: {error_text(result.refusal())}")
            else:
                recorded += 1
        return recorded, failures

    def _done(self, outcome: tuple[int, list[str]]) -> None:
        self.recorded, self.failures = outcome
        if self.failures:
            self.problem.setText(tr("Not recorded: %1").replace("%1", "; ".join(self.failures)))
            self.problem.setVisible(True)
            self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
            self.buttons.rejected.connect(self.accept)
            return
        self.context.status_message.emit(
            tr("%n invoice marked paid.", self.recorded) if self.recorded == 1 else
            tr("%n invoices marked paid.", self.recorded))
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.problem.setText(error_text(error))
        self.problem.setVisible(True)
