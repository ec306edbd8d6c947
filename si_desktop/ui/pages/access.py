"""Access: who outside the firm can see and change this client, decided deliberately.

One line says the form of access ("No one outside the firm has access", "2 users, 1
pending invitation · 1 API key, expires 3 Mar 2027"); below it the people with access and
their roles, the invitations still to be answered and the client's API keys. Invite,
change role, remove, cancel or resend an invitation, make a key (shown once, in a dialog
that offers Copy and is never kept) and revoke one.

Access is read from Space Invoices when the tab is shown and changed there at once: nothing
is queued (see `sync.access`). Offline, the tab shows what was seen this session and how
long ago, or says that access can be reviewed when connected; the buttons say why they are
disabled. Names and e-mails from the service are shown as plain text (`shown_text`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from babel import UnknownLocaleError
from babel.dates import format_date
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.access import is_email_address, shown_text
from si_desktop.sync.access import (
    LIFETIMES_DAYS,
    ROLES,
    AccessSnapshot,
    AccessSummary,
    AccessView,
    CreatedKey,
    invitation_status,
    key_expired,
    parse_time,
    role_of,
)
from si_desktop.sync.errors import ProblemKind, describe
from si_desktop.ui.context import AppContext
from si_desktop.ui.errors import error_text
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.icons import icon
from si_desktop.ui.pages import captions
from si_desktop.ui.pages.base import NOT_NOW, ClientPage
from si_desktop.ui.pages.units import _ranges
from si_desktop.ui.widgets import plain_label, problem_label, quiet_label, set_problem

ModelIndex = QModelIndex | QPersistentModelIndex
RecordRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("AccessPage", text, None, n)


# -- words ------------------------------------------------------------------------------------

ROLE_NAMES: Mapping[str, str] = {
    "viewer": QT_TRANSLATE_NOOP("AccessPage", "Viewer"),
    "editor": QT_TRANSLATE_NOOP("AccessPage", "Editor"),
    "admin": QT_TRANSLATE_NOOP("AccessPage", "Admin"),
}
ROLE_MEANINGS: Mapping[str, str] = {
    "viewer": QT_TRANSLATE_NOOP(
        "AccessPage", "Sees this client's documents and settings; changes nothing."),
    "editor": QT_TRANSLATE_NOOP(
        "AccessPage", "Issues and edits documents and settings; cannot manage access."),
    "admin": QT_TRANSLATE_NOOP(
        "AccessPage", "Everything an editor can do, and manages this client's users."),
}
NOT_QUEUED = QT_TRANSLATE_NOOP(
    "AccessPage",
    "Access is changed only while Space Invoices can be reached; changes are not queued.")


def role_text(value: object) -> str:
    """A role in the interface's words; a role the app does not know, as the service
    wrote it."""
    known = role_of(value)
    return tr(ROLE_NAMES[known]) if known is not None else shown_text(value)


def date_text(moment: dt.datetime | None) -> str:
    """A date in the bookkeeper's locale ("3 Mar 2027", "3. mar. 2027"); an unset locale
    ("C") writes it day first in English."""
    if moment is None:
        return "—"
    name = QLocale().name()
    if QLocale().language() == QLocale.Language.C or not name or name == "C":
        name = "en_GB"
    try:
        return str(format_date(moment.astimezone().date(), "medium", locale=name))
    except (UnknownLocaleError, ValueError, LookupError):
        return moment.astimezone().date().isoformat()


def age_text(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    seconds = max(0, int(((now or dt.datetime.now(dt.UTC)) - moment).total_seconds()))
    minutes, hours = seconds // 60, seconds // 3600
    if minutes < 1:
        return tr("just now")
    if hours < 1:
        return tr("%n minute ago", minutes) if minutes == 1 else tr("%n minutes ago", minutes)
    return tr("%n hour ago", hours) if hours == 1 else tr("%n hours ago", hours)


def people_text(summary: AccessSummary) -> str:
    parts = []
    if summary.users:
        n = summary.users
        parts.append(tr("%n user", n) if n == 1 else tr("%n users", n))
    if summary.pending:
        n = summary.pending
        parts.append(tr("%n pending invitation", n) if n == 1 else
                     tr("%n pending invitations", n))
    return ", ".join(parts)


def keys_text(summary: AccessSummary) -> str:
    n = summary.keys
    if not n:
        return ""
    count = tr("%n API key", n) if n == 1 else tr("%n API keys", n)
    if summary.key_expiry is None:
        return tr("%1, no end date").replace("%1", count)
    when = date_text(summary.key_expiry)
    if n == 1:
        return tr("%1, expires %2").replace("%1", count).replace("%2", when)
    return tr("%1, the first expires %2").replace("%1", count).replace("%2", when)


def summary_text(summary: AccessSummary) -> str:
    """The form of access in one line."""
    parts = [text for text in (people_text(summary), keys_text(summary)) if text]
    if not parts:
        return tr("No one outside the firm has access")
    return " · ".join(parts)


# -- tables -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    title: str  # marked with QT_TRANSLATE_NOOP, translated where shown
    text: Callable[[Mapping[str, Any]], str]
    sort: Callable[[Mapping[str, Any]], Any] | None = None


def _time_sort(field: str) -> Callable[[Mapping[str, Any]], Any]:
    def key(record: Mapping[str, Any]) -> Any:
        moment = parse_time(record.get(field))
        return moment.timestamp() if moment is not None else float("inf")

    return key


def _added(record: Mapping[str, Any]) -> str:
    return date_text(parse_time(record.get("created_at")))


def _invitation_state(record: Mapping[str, Any]) -> str:
    status = invitation_status(record, dt.datetime.now(dt.UTC))
    return {"pending": tr("Pending"), "expired": tr("Expired"),
            "accepted": tr("Accepted")}.get(status, shown_text(status))


def _invitation_expiry(record: Mapping[str, Any]) -> str:
    return date_text(parse_time(record.get("expires_at")))


def _key_hint(record: Mapping[str, Any]) -> str:
    hint = shown_text(record.get("prefix_hint"))
    return f"{hint}…" if hint else "—"


def _key_expiry(record: Mapping[str, Any]) -> str:
    moment = parse_time(record.get("expires_at"))
    if moment is None:
        return tr("No end date")
    if key_expired(record, dt.datetime.now(dt.UTC)):
        return tr("Expired %1").replace("%1", date_text(moment))
    return date_text(moment)


USER_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("AccessPage", "Name"), lambda r: shown_text(r.get("name")) or "—"),
    Column(QT_TRANSLATE_NOOP("AccessPage", "E-mail"), lambda r: shown_text(r.get("email"))),
    Column(QT_TRANSLATE_NOOP("AccessPage", "Role"), lambda r: role_text(r.get("role"))),
    Column(QT_TRANSLATE_NOOP("AccessPage", "Added"), _added, _time_sort("created_at")),
)
INVITATION_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("AccessPage", "E-mail"), lambda r: shown_text(r.get("email"))),
    Column(QT_TRANSLATE_NOOP("AccessPage", "Role"), lambda r: role_text(r.get("role"))),
    Column(QT_TRANSLATE_NOOP("AccessPage", "Status"), _invitation_state),
    Column(QT_TRANSLATE_NOOP("AccessPage", "Sent"), _added, _time_sort("created_at")),
    Column(QT_TRANSLATE_NOOP("AccessPage", "Expires"), _invitation_expiry,
           _time_sort("expires_at")),
)
KEY_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("AccessPage", "Name"),
           lambda r: shown_text(r.get("name")) or tr("(no name)")),
    Column(QT_TRANSLATE_NOOP("AccessPage", "Key"), _key_hint),
    Column(QT_TRANSLATE_NOOP("AccessPage", "Created"), _added, _time_sort("created_at")),
    Column(QT_TRANSLATE_NOOP("AccessPage", "Expires"), _key_expiry, _time_sort("expires_at")),
)


class RecordsModel(QAbstractTableModel):
    """Records of one kind (users, invitations or keys); columns declared once, updates
    ranged (rows that left removed, changed ones updated, new ones inserted)."""

    def __init__(self, columns: Sequence[Column], id_field: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.id_field = id_field
        self._rows: list[dict[str, Any]] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return tr(self.columns[section].title)
        return super().headerData(section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(record)
        if role == RecordRole:
            return record
        if role == SortRole:
            return column.sort(record) if column.sort else column.text(record).casefold()
        return None

    def record_at(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def records(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def set_records(self, records: Sequence[Mapping[str, Any]]) -> None:
        wanted = {str(r.get(self.id_field)): dict(r) for r in records}
        gone = [row for row, r in enumerate(self._rows)
                if str(r.get(self.id_field)) not in wanted]
        for first, last in reversed(_ranges(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        known = {str(r.get(self.id_field)): i for i, r in enumerate(self._rows)}
        for key, row in known.items():
            if self._rows[row] != wanted[key]:
                self._rows[row] = wanted[key]
                self.dataChanged.emit(self.index(row, 0),
                                      self.index(row, self.columnCount() - 1))
        fresh = [r for key, r in wanted.items() if key not in known]
        if fresh:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()


def _table(model: RecordsModel, name: str, spoken: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setAccessibleName(spoken)
    view.setModel(model)
    view.setTabKeyNavigation(False)  # arrows move between cells, Tab leaves
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    for column in range(2, model.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return view


MOST_ROWS_SHOWN = 8


def _fit_rows(view: QTableView) -> None:
    """As tall as its rows, up to `MOST_ROWS_SHOWN` (then it scrolls): three short lists
    sit one under the other without empty boxes."""
    rows = min(max(view.model().rowCount(), 1), MOST_ROWS_SHOWN)
    height = (view.horizontalHeader().sizeHint().height()
              + rows * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth())
    view.setFixedHeight(height)


def _selected(view: QTableView, model: RecordsModel) -> dict[str, Any] | None:
    rows = view.selectionModel().selectedRows()
    return model.record_at(rows[0].row()) if rows else None


# -- dialogs ----------------------------------------------------------------------------------


class RoleChoice(QWidget):
    """The three roles as radio buttons, each with its one-line meaning."""

    def __init__(self, chosen: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for role in ROLES:
            button = QRadioButton(tr(ROLE_NAMES[role]), self)
            button.setObjectName(f"role-{role}")
            meaning = tr(ROLE_MEANINGS[role])
            button.setAccessibleDescription(meaning)
            button.setChecked(role == chosen)
            self.group.addButton(button)
            self.buttons[role] = button
            layout.addWidget(button)
            line = quiet_label(meaning, self)
            line.setWordWrap(True)
            line.setContentsMargins(24, 0, 0, 6)
            layout.addWidget(line)

    def role(self) -> str:
        return next((role for role, b in self.buttons.items() if b.isChecked()), ROLES[0])


class _AccessDialog(QDialog):
    """A dialog whose OK starts a change of access and stays open until it is answered;
    a refusal lands on its field, anything else under the form."""

    def __init__(self, page: AccessPage, title: str) -> None:
        super().__init__(page)
        self.page = page
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.problem = problem_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.problem)
        self.layout_.addWidget(self.buttons)

    def field_problems(self) -> dict[str, QLabel]:
        return {}

    def job(self) -> Coroutine[Any, Any, Any] | None:
        raise NotImplementedError

    def submit(self) -> None:
        job = self.job()
        if job is None:
            return
        self.ok_button.setEnabled(False)
        set_problem(self.problem, "")
        for label in self.field_problems().values():
            set_problem(label, "")
        self.page.context.bridge.run(job, owner=self, key="change", on_success=self._done,
                                     on_error=self._failed)

    def _done(self, value: Any) -> None:
        self.result_value = value
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        problem = describe(error)
        fields = self.field_problems()
        placed = False
        for path, message in problem.field_messages.items():
            label = fields.get(path[0]) if path else None
            if label is not None:
                set_problem(label, message)
                placed = True
        if not placed:
            set_problem(self.problem, error_text(error))
        if problem.kind is ProblemKind.NETWORK:
            self.page.context.report_failure(error)


class InviteDialog(_AccessDialog):
    """Invite someone by e-mail, with a role (viewer unless chosen otherwise)."""

    def __init__(self, page: AccessPage, client_name: str) -> None:
        super().__init__(page, tr("Invite to %1").replace("%1", client_name))
        self.setObjectName("inviteDialog")
        intro = plain_label(tr(
            "Someone Space Invoices knows gets access at once; anyone else gets an e-mail "
            "invitation that is valid for 7 days."), self)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        form = QFormLayout()
        self.email = QLineEdit(self)
        self.email.setObjectName("inviteEmail")
        self.email.setPlaceholderText(tr("name@example.com"))
        self.email.textChanged.connect(self._validate)
        self.email_problem = problem_label(self)
        column = QVBoxLayout()
        column.addWidget(self.email)
        column.addWidget(self.email_problem)
        email_label = QLabel(tr("&E-mail"), self)
        email_label.setBuddy(self.email)
        form.addRow(email_label, column)
        self.email.setAccessibleName(tr("E-mail"))
        self.roles = RoleChoice("viewer", self)
        self.roles.setAccessibleName(tr("Role"))
        self.role_problem = problem_label(self)
        role_column = QVBoxLayout()
        role_column.addWidget(self.roles)
        role_column.addWidget(self.role_problem)
        form.addRow(tr("Role"), role_column)
        self.layout_.addLayout(form)
        self.ok_button.setText(tr("&Invite"))
        self.finish_layout()
        self.resize(480, self.sizeHint().height())
        self._validate()

    def field_problems(self) -> dict[str, QLabel]:
        return {"email": self.email_problem, "role": self.role_problem}

    def _validate(self) -> None:
        text = self.email.text().strip()
        good = is_email_address(text)
        set_problem(self.email_problem, None if good or not text else
                    tr("This is not an e-mail address (name@example.com)."))
        self.ok_button.setEnabled(good)

    def job(self) -> Coroutine[Any, Any, Any] | None:
        if not is_email_address(self.email.text()):
            return None
        return self.page.context.workspace.access.invite(
            self.page.client_id, self.email.text().strip(), self.roles.role(),
            initiator=self.page)


class RoleDialog(_AccessDialog):
    """Change the role of one user."""

    def __init__(self, page: AccessPage, user: Mapping[str, Any]) -> None:
        who = shown_text(user.get("name")) or shown_text(user.get("email"))
        super().__init__(page, tr("Role of %1").replace("%1", who))
        self.setObjectName("roleDialog")
        self.user = dict(user)
        self.roles = RoleChoice(role_of(user.get("role")) or "viewer", self)
        self.roles.setAccessibleName(tr("Role"))
        self.role_problem = problem_label(self)
        self.layout_.addWidget(self.roles)
        self.layout_.addWidget(self.role_problem)
        self.ok_button.setText(tr("&Change role"))
        self.finish_layout()
        self.resize(460, self.sizeHint().height())

    def field_problems(self) -> dict[str, QLabel]:
        return {"role": self.role_problem}

    def job(self) -> Coroutine[Any, Any, Any] | None:
        role = self.roles.role()
        if role == role_of(self.user.get("role")):
            self.reject()
            return None
        return self.page.context.workspace.access.change_role(
            self.page.client_id, str(self.user["user_id"]), role, initiator=self.page)


LIFETIME_NAMES: Mapping[int, str] = {
    30: QT_TRANSLATE_NOOP("AccessPage", "30 days"),
    90: QT_TRANSLATE_NOOP("AccessPage", "90 days"),
    365: QT_TRANSLATE_NOOP("AccessPage", "1 year"),
    730: QT_TRANSLATE_NOOP("AccessPage", "2 years"),
}


class NewKeyDialog(_AccessDialog):
    """Name and lifetime of a new key."""

    def __init__(self, page: AccessPage, client_name: str) -> None:
        super().__init__(page, tr("New API key for %1").replace("%1", client_name))
        self.setObjectName("newKeyDialog")
        intro = plain_label(tr(
            "An API key lets a program (a web shop, a till) act on this client only: its "
            "documents and settings. It is shown once, when it is made."), self)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("keyName")
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(tr("What uses it, e.g. Web shop"))
        self.name_problem = problem_label(self)
        name_column = QVBoxLayout()
        name_column.addWidget(self.name)
        name_column.addWidget(self.name_problem)
        name_label = QLabel(tr("&Name"), self)
        name_label.setBuddy(self.name)
        form.addRow(name_label, name_column)
        self.lifetime = QComboBox(self)
        self.lifetime.setObjectName("keyLifetime")
        for days in LIFETIMES_DAYS:
            self.lifetime.addItem(tr(LIFETIME_NAMES[days]), days)
        self.lifetime.addItem(tr("No end date"), None)
        self.lifetime.setCurrentIndex(LIFETIMES_DAYS.index(365))
        self.lifetime_problem = problem_label(self)
        life_column = QVBoxLayout()
        life_column.addWidget(self.lifetime)
        life_column.addWidget(self.lifetime_problem)
        life_label = QLabel(tr("&Valid for"), self)
        life_label.setBuddy(self.lifetime)
        form.addRow(life_label, life_column)
        self.name.setAccessibleName(tr("Name"))
        self.lifetime.setAccessibleName(tr("Valid for"))
        self.layout_.addLayout(form)
        self.ok_button.setText(tr("&Make key"))
        self.finish_layout()
        self.resize(480, self.sizeHint().height())

    def field_problems(self) -> dict[str, QLabel]:
        return {"name": self.name_problem, "ttl": self.lifetime_problem}

    def job(self) -> Coroutine[Any, Any, Any] | None:
        days = self.lifetime.currentData()
        return self.page.context.workspace.access.create_key(
            self.page.client_id, self.name.text().strip() or None,
            int(days) if days is not None else None, initiator=self.page)


class KeyOnceDialog(QDialog):
    """The new key, once: Copy, and the promise that it is not shown again. The text lives
    in this dialog's field only and is cleared when it closes."""

    def __init__(self, secret: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyOnceDialog")
        self.setWindowTitle(tr("New API key"))
        layout = QVBoxLayout(self)
        heading = plain_label(tr("Copy the key now: it will not be shown again."), self)
        font = heading.font()
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        layout.addWidget(heading)
        text = tr("si-desktop does not keep it anywhere. Paste it where “%1” will use it; "
                  "if it is lost, revoke it and make a new one.").replace(
                      "%1", name or tr("the program"))
        body = plain_label(text, self)
        body.setWordWrap(True)
        layout.addWidget(body)
        row = QHBoxLayout()
        self.field = QLineEdit(secret, self)
        self.field.setObjectName("newKey")
        self.field.setReadOnly(True)
        self.field.setAccessibleName(tr("The new API key"))
        self.field.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance(secret) + 24)
        self.field.setCursorPosition(0)
        row.addWidget(self.field, 1)
        self.copy_button = QPushButton(tr("&Copy"), self)
        self.copy_button.setObjectName("copyKey")
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.copy_button)
        layout.addLayout(row)
        self.copied = quiet_label("", self)
        layout.addWidget(self.copied)
        buttons = QDialogButtonBox(self)
        self.done_button = buttons.addButton(tr("&Done"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.copy_button.setDefault(True)
        self.copy_button.setFocus()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.field.text())
        self.copied.setText(tr("Copied to the clipboard."))

    def done(self, result: int) -> None:
        self.forget()
        super().done(result)

    def forget(self) -> None:
        self.field.clear()


# -- the page ---------------------------------------------------------------------------------


class AccessPage(ClientPage):
    page_id: ClassVar[str] = "access"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._deferred = False
        self._ask = False  # the user asked: the service, even if it was out of reach
        body = self.body
        self.body_layout.setContentsMargins(16, 12, 16, 12)
        self.body_layout.setSpacing(6)
        self.summary_label = plain_label("", body)
        self.summary_label.setObjectName("accessSummary")
        self.summary_label.setWordWrap(True)
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setWeight(QFont.Weight.DemiBold)
        self.summary_label.setFont(font)
        self.body_layout.addWidget(self.summary_label)
        state_row = QHBoxLayout()
        self.state_label = quiet_label("", body)
        self.state_label.setObjectName("accessState")
        self.state_label.setWordWrap(True)
        state_row.addWidget(self.state_label, 1)
        self.check_button = QPushButton(icon("refresh"), tr("Check &again"), body)
        self.check_button.setObjectName("checkAccess")
        self.check_button.clicked.connect(self.check_again)
        state_row.addWidget(self.check_button)
        self.body_layout.addLayout(state_row)
        self.problem = problem_label(body)
        self.body_layout.addWidget(self.problem)

        # people
        self.users = RecordsModel(USER_COLUMNS, "user_id", self)
        self.invite_button = QPushButton(icon("add"), tr("&Invite…"), body)
        self.invite_button.setObjectName("inviteButton")
        self.invite_button.clicked.connect(self.invite)
        self.role_button = QPushButton(icon("edit"), tr("Change &role…"), body)
        self.role_button.setObjectName("roleButton")
        self.role_button.clicked.connect(self.change_role)
        self.remove_button = QPushButton(tr("Re&move…"), body)
        self.remove_button.setObjectName("removeUserButton")
        self.remove_button.clicked.connect(self.remove_user)
        self._section(tr("People with access"),
                      (self.invite_button, self.role_button, self.remove_button))
        self.users_view = _table(self.users, "usersTable", tr("People with access"), body)
        self.users_view.activated.connect(lambda _index: self.change_role())  # Enter
        self.users_empty = quiet_label(tr("No one has a user account for this client."), body)
        self.body_layout.addWidget(self.users_view)
        self.body_layout.addWidget(self.users_empty)

        # invitations
        self.invitations = RecordsModel(INVITATION_COLUMNS, "id", self)
        self.resend_button = QPushButton(tr("Re&send"), body)
        self.resend_button.setObjectName("resendButton")
        self.resend_button.clicked.connect(self.resend_invitation)
        self.cancel_button = QPushButton(tr("Cancel invi&tation…"), body)
        self.cancel_button.setObjectName("cancelInvitationButton")
        self.cancel_button.clicked.connect(self.cancel_invitation)
        self._section(tr("Invitations"), (self.resend_button, self.cancel_button))
        self.invitations_view = _table(self.invitations, "invitationsTable", tr("Invitations"),
                                       body)
        self.invitations_empty = quiet_label(tr("No invitation is waiting for an answer."), body)
        self.body_layout.addWidget(self.invitations_view)
        self.body_layout.addWidget(self.invitations_empty)

        # keys
        self.keys = RecordsModel(KEY_COLUMNS, "id", self)
        self.new_key_button = QPushButton(icon("add"), tr("New &API key…"), body)
        self.new_key_button.setObjectName("newKeyButton")
        self.new_key_button.clicked.connect(self.new_key)
        self.revoke_button = QPushButton(tr("Re&voke…"), body)
        self.revoke_button.setObjectName("revokeKeyButton")
        self.revoke_button.clicked.connect(self.revoke_key)
        self._section(tr("API keys"), (self.new_key_button, self.revoke_button))
        self.keys_view = _table(self.keys, "keysTable", tr("API keys"), body)
        self.keys_empty = quiet_label(tr("This client has no API keys."), body)
        self.body_layout.addWidget(self.keys_view)
        self.body_layout.addWidget(self.keys_empty)
        self.hint = quiet_label(tr(
            "Changes to access are made on Space Invoices at once and are never queued. "
            "Keys are shown once, when they are made; si-desktop does not keep them."), body)
        self.hint.setWordWrap(True)
        self.body_layout.addSpacing(6)
        self.body_layout.addWidget(self.hint)
        self.body_layout.addStretch(1)

        for view in (self.users_view, self.invitations_view, self.keys_view):
            view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        for view, action in ((self.users_view, self.remove_user),
                             (self.invitations_view, self.cancel_invitation),
                             (self.keys_view, self.revoke_key)):
            shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(action)
        self._update_buttons()

    def _section(self, title: str, buttons: Sequence[QPushButton]) -> None:
        row = QHBoxLayout()
        heading = plain_label(title, self.body)
        font = heading.font()
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        row.addWidget(heading)
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        self.body_layout.addSpacing(6)
        self.body_layout.addLayout(row)

    @classmethod
    def title(cls) -> str:
        return captions.access()

    # loading -------------------------------------------------------------------------------

    def check_again(self) -> None:
        """Ask the service now, even when it was out of reach or refused the key."""
        self._ask = True
        self.reload()

    def fetch(self, entity_id: str) -> Coroutine[Any, Any, Any]:
        ask, self._ask = self._ask, False
        return self.context.workspace.access.view(entity_id, ask=ask)

    def read_now(self, entity_id: str) -> Any:
        """Offline (or with a refused key): what was seen, at once. A tab behind another
        asks the service only once it is shown (a client switch costs no requests for a
        tab nobody looks at)."""
        access = self.context.workspace.access
        known = None if self._ask else access.view_now(entity_id)
        if known is not None:
            return known
        if self._behind_another():
            self._deferred = True
            return AccessView(entity_id, access.last_seen(entity_id), live=False)
        return NOT_NOW

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._deferred and self.client_id:
            self._deferred = False
            self.reload()

    def reload(self) -> None:
        self._deferred = False
        super().reload()

    @property
    def view(self) -> AccessView | None:
        data = self.data
        return data if isinstance(data, AccessView) else None

    @property
    def snapshot(self) -> AccessSnapshot | None:
        view = self.view
        return view.snapshot if view is not None else None

    def show_data(self, data: Any) -> None:
        view = data if isinstance(data, AccessView) else None
        snapshot = view.snapshot if view is not None else None
        self.users.set_records(snapshot.users if snapshot else ())
        self.invitations.set_records(snapshot.shown_invitations() if snapshot else ())
        self.keys.set_records(snapshot.keys if snapshot else ())
        if view is None:
            self.summary_label.setText("")
            self.state_label.setText("")
        else:
            self.summary_label.setText(self._summary_text(view))
            self.state_label.setText(self._state_text(view))
        self.check_button.setVisible(view is not None and not view.live
                                     and not self._deferred)
        set_problem(self.problem, "")
        for table, empty in ((self.users_view, self.users_empty),
                             (self.invitations_view, self.invitations_empty),
                             (self.keys_view, self.keys_empty)):
            has_rows = bool(table.model().rowCount())
            _fit_rows(table)
            table.setVisible(has_rows)
            empty.setVisible(snapshot is not None and not has_rows)
        self._update_buttons()

    @staticmethod
    def _summary_text(view: AccessView) -> str:
        if view.snapshot is not None:
            return summary_text(view.snapshot.summary())
        if view.offline:
            return tr("Access can be reviewed when connected")
        if view.problem is not None:
            return tr("Access could not be read")
        return tr("Reading access from Space Invoices…")

    def _state_text(self, view: AccessView) -> str:
        snapshot = view.snapshot
        if view.live and snapshot is not None:
            text = tr("Read from Space Invoices %1.").replace(
                "%1", age_text(snapshot.fetched_at))
            if snapshot.skipped:
                text += " " + tr("%n record the service sent could not be read and is not "
                                 "shown; the log has the details.", snapshot.skipped)
            return text
        if self._deferred:
            return ""
        if view.offline:
            if snapshot is None:
                return tr("Space Invoices cannot be reached. %1").replace("%1", tr(NOT_QUEUED))
            return tr("Offline — as seen %1. %2").replace(
                "%1", age_text(snapshot.fetched_at)).replace("%2", tr(NOT_QUEUED))
        if view.problem is not None:
            problem = describe(view.problem)
            if problem.kind is ProblemKind.PERMISSION:
                return tr("This key may not review access to the client. Connect with the "
                          "firm's account key (sk_…) to see and change it.")
            if problem.kind is ProblemKind.AUTHENTICATION:
                return tr("Space Invoices no longer accepts this key: it was revoked or has "
                          "expired. Connect again with a valid key.")
            return error_text(view.problem)
        return ""

    # buttons -------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        view = self.view
        can = view is not None and view.can_change and bool(self.client_id)
        reason = "" if can else self._why_not()
        user = _selected(self.users_view, self.users)
        invitation = _selected(self.invitations_view, self.invitations)
        key = _selected(self.keys_view, self.keys)
        for button, selected, pick in (
            (self.invite_button, True, ""),
            (self.new_key_button, True, ""),
            (self.role_button, user is not None, tr("Choose a person in the list first.")),
            (self.remove_button, user is not None, tr("Choose a person in the list first.")),
            (self.resend_button, invitation is not None,
             tr("Choose an invitation in the list first.")),
            (self.cancel_button, invitation is not None,
             tr("Choose an invitation in the list first.")),
            (self.revoke_button, key is not None, tr("Choose a key in the list first.")),
        ):
            button.setEnabled(can and selected)
            button.setToolTip(reason if not can else "" if selected else pick)

    def _why_not(self) -> str:
        view = self.view
        if view is None or not self.client_id:
            return ""
        if view.offline:
            return tr(NOT_QUEUED)
        if view.problem is not None:
            return tr("Access could not be read, so it cannot be changed here.")
        return tr("Access is being read from Space Invoices.")

    # actions -------------------------------------------------------------------------------

    def open_dialog(self, dialog: QDialog) -> bool:
        """Run a dialog; tests replace this to drive it without a nested event loop."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def confirm(self, box: QMessageBox) -> bool:
        """Ask a question whose default is the safe answer; tests replace this."""
        return box.exec() == QMessageBox.StandardButton.Ok

    def _client_name(self) -> str:
        record = self.context.workspace.client_now(self.client_id) if self.client_id else None
        return shown_text((record or {}).get("name")) or self.client_id

    def _question(self, title: str, text: str, yes: str) -> QMessageBox:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Ok).setText(yes)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # the safe answer
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return box

    def _apply_change(self, view: Any, message: str) -> None:
        if isinstance(view, AccessView) and view.entity_id == self.client_id:
            self._apply(view)
        self.context.status_message.emit(message)

    def _run_change(self, job: Coroutine[Any, Any, Any], message: str) -> None:
        entity_id = self.client_id

        def done(view: Any) -> None:
            if entity_id == self.client_id:
                self._apply_change(view, message)

        def failed(error: BaseException) -> None:
            if entity_id == self.client_id:
                set_problem(self.problem, error_text(error))
            if describe(error).kind is ProblemKind.NETWORK:
                self.context.report_failure(error)
                self.reload()

        self._set_busy_buttons()
        self.context.bridge.run(job, owner=self, key="change", on_success=done,
                                on_error=failed, on_finally=self._update_buttons)

    def _set_busy_buttons(self) -> None:
        for button in (self.invite_button, self.role_button, self.remove_button,
                       self.resend_button, self.cancel_button, self.new_key_button,
                       self.revoke_button):
            button.setEnabled(False)

    def invite(self) -> None:
        if not self.invite_button.isEnabled():
            return
        dialog = InviteDialog(self, self._client_name())
        if self.open_dialog(dialog):
            self._apply_change(dialog.result_value, tr("Access given or invitation sent."))
        dialog.deleteLater()

    def change_role(self) -> None:
        user = _selected(self.users_view, self.users)
        if user is None or not self.role_button.isEnabled():
            return
        dialog = RoleDialog(self, user)
        if self.open_dialog(dialog):
            self._apply_change(dialog.result_value, tr("Role changed."))
        dialog.deleteLater()

    def remove_user(self) -> None:
        user = _selected(self.users_view, self.users)
        if user is None or not self.remove_button.isEnabled():
            return
        who = shown_text(user.get("name")) or shown_text(user.get("email"))
        box = self._question(
            tr("Remove access"),
            tr("Remove %1's access to %2? They can no longer see or change anything of this "
               "client.").replace("%1", who).replace("%2", self._client_name()),
            tr("Remove access"))
        if not self.confirm(box):
            return
        self._run_change(self.context.workspace.access.remove_user(
            self.client_id, str(user["user_id"]), initiator=self), tr("Access removed."))

    def resend_invitation(self) -> None:
        invitation = _selected(self.invitations_view, self.invitations)
        if invitation is None or not self.resend_button.isEnabled():
            return
        self._run_change(self.context.workspace.access.resend_invitation(
            self.client_id, str(invitation["id"]), initiator=self),
            tr("Invitation sent again; it is valid for 7 days."))

    def cancel_invitation(self) -> None:
        invitation = _selected(self.invitations_view, self.invitations)
        if invitation is None or not self.cancel_button.isEnabled():
            return
        box = self._question(
            tr("Cancel invitation"),
            tr("Cancel the invitation to %1? The link in the e-mail stops working.").replace(
                "%1", shown_text(invitation.get("email"))),
            tr("Cancel invitation"))
        box.button(QMessageBox.StandardButton.Cancel).setText(tr("Keep it"))
        if not self.confirm(box):
            return
        self._run_change(self.context.workspace.access.cancel_invitation(
            self.client_id, str(invitation["id"]), initiator=self), tr("Invitation cancelled."))

    def new_key(self) -> None:
        if not self.new_key_button.isEnabled():
            return
        dialog = NewKeyDialog(self, self._client_name())
        made = self.open_dialog(dialog)
        created = dialog.result_value
        dialog.result_value = None
        dialog.deleteLater()
        if not made or not isinstance(created, CreatedKey):
            return
        self._apply_change(created.view, tr("API key made."))
        self.show_key_once(created)

    def show_key_once(self, created: CreatedKey) -> None:
        """The key's one showing; nothing else here holds its text afterwards."""
        once = KeyOnceDialog(created.key.secret, shown_text(created.key.record.name), self)
        self.open_dialog(once)
        once.forget()
        once.deleteLater()

    def revoke_key(self) -> None:
        key = _selected(self.keys_view, self.keys)
        if key is None or not self.revoke_button.isEnabled():
            return
        name = shown_text(key.get("name")) or _key_hint(key)
        box = self._question(
            tr("Revoke API key"),
            tr("Revoke “%1” (%2)? Whatever uses it stops working at once. This cannot be "
               "undone.").replace("%1", name).replace("%2", _key_hint(key)),
            tr("Revoke key"))
        if not self.confirm(box):
            return
        self._run_change(self.context.workspace.access.revoke_key(
            self.client_id, str(key["id"]), initiator=self), tr("API key revoked."))
