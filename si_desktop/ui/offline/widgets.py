"""What the window shows of the offline cache: the offline banner, the line over a client's
pages (edits waiting, how old the data is, a conflict to review) and the refresh progress
in the status bar."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from si_desktop.sync.refresh import parse_time
from si_desktop.ui.icons import icon
from si_desktop.ui.offline.service import (
    OfflineService,
    Progress,
    age_text,
    saved_at_text,
)
from si_desktop.ui.widgets import LiveText, plain_label

BACK_ONLINE_MS = 6000
PANEL_STYLE = (
    "#{name} {{ background: palette(alternate-base); border: 1px solid palette(mid);"
    " border-radius: 4px; }}"
)


def tr(text: str) -> str:
    return QCoreApplication.translate("Offline", text)


class OfflineBanner(QFrame):
    """"Offline — showing what was saved at 08:14 today", with "Try again"; back online it
    says so for a few seconds. Never modal: every page stays readable under it."""

    try_again = Signal()

    def __init__(self, service: OfflineService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("offlineBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(PANEL_STYLE.format(name="offlineBanner"))
        self.setAccessibleName(tr("Connection"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.icon_label = QLabel(self)
        self.icon_label.setPixmap(icon("offline").pixmap(18, 18))
        layout.addWidget(self.icon_label)
        self.label = plain_label("", self)
        self.label.setObjectName("offlineBannerText")
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        # a countdown changing every second: it repaints itself and moves nothing (a label
        # changing width re-laid out the whole window, and repainted it, every second)
        self.retry_note = LiveText(self)
        self.retry_note.setObjectName("offlineRetryNote")
        self.retry_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.retry_note.reserve_width(tr("Trying…"), tr("Next try in %1 s").replace("%1", "888"))
        self.retry_note.set_alignment(Qt.AlignmentFlag.AlignRight)  # beside its button
        layout.addWidget(self.retry_note)
        self.try_button = QPushButton(tr("Try again"), self)
        self.try_button.setObjectName("tryAgainButton")
        self.try_button.setToolTip(tr("Ask Space Invoices again now"))
        self.try_button.clicked.connect(self._try_again)
        layout.addWidget(self.try_button)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(BACK_ONLINE_MS)
        self._hide_timer.timeout.connect(self.hide)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._update_retry_note)
        service.state_changed.connect(self._on_state)
        service.back_online.connect(self.show_back_online)
        self.setVisible(False)
        if service.offline:
            self._on_state(False)

    @property
    def text(self) -> str:
        return self.label.text()

    def _on_state(self, online: bool) -> None:
        if online:
            if not self._hide_timer.isActive():
                self.setVisible(False)
            self._countdown.stop()
            return
        self._hide_timer.stop()
        self.show_offline()

    def show_offline(self, saved_at: datetime | None = None) -> None:
        moment = saved_at if saved_at is not None else self.service.saved_at()
        if moment is None:
            text = tr("Offline — nothing was saved for offline use yet. Edits are kept and "
                      "sent later.")
        else:
            text = tr("Offline — showing what was saved at %1").replace(
                "%1", saved_at_text(moment)
            )
        self.label.setText(text)
        self.try_button.setVisible(True)
        self.try_button.setEnabled(True)
        self.icon_label.setVisible(True)
        self._update_retry_note()
        self._countdown.start()
        self.setVisible(True)

    def show_back_online(self) -> None:
        self._countdown.stop()
        self.label.setText(tr("Back online — refreshing and sending waiting edits."))
        self.retry_note.setText("")
        self.try_button.setVisible(False)
        self.icon_label.setVisible(False)
        self.setVisible(True)
        self._hide_timer.start()

    def _update_retry_note(self) -> None:
        seconds = self.service.seconds_until_retry()
        if seconds is None or not self.service.offline:
            self.retry_note.setText("")
        elif seconds < 1:
            self.retry_note.setText(tr("Trying…"))
        else:
            self.retry_note.setText(tr("Next try in %1 s").replace("%1", str(round(seconds))))

    def _try_again(self) -> None:
        self.retry_note.setText(tr("Trying…"))
        self.try_again.emit()
        self.service.try_again()


class ClientSyncLine(QFrame):
    """The line over a client's pages: "2 changes waiting to be sent", how old the data is
    when it is older than the last refresh (offline, the banner says when the rest was
    saved), and a button for a conflict to review."""

    review_requested = Signal(str)  # the entity id

    def __init__(self, service: OfflineService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("clientSyncLine")
        self.setStyleSheet(PANEL_STYLE.format(name="clientSyncLine"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 3, 4, 3)
        self.pending_label = plain_label("", self)
        self.pending_label.setObjectName("pendingEdits")
        layout.addWidget(self.pending_label)
        self.age_label = plain_label("", self)
        self.age_label.setObjectName("dataAge")
        self.age_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.age_label, 1)
        self.review_button = QPushButton(tr("Review conflict…"), self)
        self.review_button.setObjectName("reviewConflict")
        self.review_button.clicked.connect(
            lambda: self.review_requested.emit(self.service.context.current_client_id)
        )
        layout.addWidget(self.review_button)
        context = service.context
        context.client_changed.connect(lambda _id: self.update_text())
        service.pending_changed.connect(self.update_text)
        service.cache_changed.connect(self.update_text)
        service.state_changed.connect(lambda _online: self.update_text())
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self.update_text)
        self._clock.start()
        self.update_text()

    def update_text(self) -> None:
        entity_id = self.service.context.current_client_id
        view = self.service.client_view(entity_id)
        if view is None:
            self.setVisible(False)
            return
        pending = self.service.pending_count(entity_id)  # the client's and its units'
        problems = self.service.problems(entity_id)
        if view.is_local:
            text = tr("Created offline: it is sent to Space Invoices when it can be reached.")
        elif pending == 1:
            text = tr("1 change waiting to be sent")
        elif pending:
            text = tr("%1 changes waiting to be sent").replace("%1", str(pending))
        else:
            text = ""
        if problems:
            kinds = {p.kind for p in problems}
            text = (text + " — " if text else "") + (
                tr("someone else changed the same fields") if "conflict" in kinds
                else tr("Space Invoices did not accept a change") if "rejected" in kinds
                else tr("a change could not be sent")
            )
        self.pending_label.setText(text)
        self.pending_label.setVisible(bool(text))
        self.review_button.setVisible(bool(problems))
        self.review_button.setText(
            tr("Review conflict…") if any(p.kind == "conflict" for p in problems)
            else tr("Review change…")
        )
        age = ""
        workspace = self.service.workspace
        if workspace is not None and not view.is_local and workspace.is_stale(view):
            fetched = parse_time(view.fetched_at)
            age = tr("These details were saved %1; the last refresh did not reach them.").replace(
                "%1", age_text(fetched)
            )
        self.age_label.setText(age)
        self.age_label.setVisible(bool(age))
        self.setVisible(bool(text or age))


class RefreshProgressWidget(QWidget):
    """The status bar's "Refreshing clients 120 / 312" with a bar and a cancel button."""

    def __init__(self, service: OfflineService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("refreshProgress")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.label = plain_label("", self)
        self.label.setObjectName("refreshProgressText")
        layout.addWidget(self.label)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(12)
        self.bar.setTextVisible(False)
        layout.addWidget(self.bar)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName("cancelRefresh")
        self.cancel_button.setText(tr("Cancel"))
        self.cancel_button.setToolTip(tr("Stop the refresh; what arrived so far is kept"))
        self.cancel_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.cancel_button.clicked.connect(service.cancel_refresh)
        layout.addWidget(self.cancel_button)
        service.progress_changed.connect(self.show_progress)
        self.show_progress(service.progress)

    def show_progress(self, progress: Progress | None) -> None:
        if progress is None:
            self.setVisible(False)
            return
        self.label.setText(progress.text)
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.done, progress.total))
        else:
            self.bar.setRange(0, 0)
        self.setVisible(True)
