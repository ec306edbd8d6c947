"""E-mail defaults: subject and body per document type with their limits counted live, an
"Insert placeholder" menu, unknown placeholders underlined with a did-you-mean, and a plain
text preview rendered with the client's own values, dates and amounts written as its
customers read them. For a business unit, each subject and body is inherited from the client
or set for the unit."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core import branding, limits, numbering, templates
from si_desktop.sync.settings import EditorData
from si_desktop.ui.editors.base import SettingsPage, document_name, tr
from si_desktop.ui.editors.widgets import (
    Counter,
    FieldMessage,
    InheritanceBar,
    MarkedLineEdit,
    Tone,
    quiet,
    section_title,
    tone_color,
)
from si_desktop.ui.pages import captions

PARTS = ("subject", "body")
KEYS = tuple(f"{doc}_{part}" for doc in numbering.DOCUMENT_TYPES for part in PARTS)


def placeholder_text(text: str) -> str:
    """A placeholder group's name or description in the app's language."""
    return QCoreApplication.translate("Placeholders", text)


def unknown_message(name: str) -> str:
    suggestion = templates.closest_known(name)
    if suggestion is not None:
        return tr("{{name}} is not a placeholder the service knows; did you mean "
                  "{{suggestion}}?").replace("{name}", name).replace("{suggestion}", suggestion)
    return tr("{{name}} is not a placeholder the service knows; it would be sent as written."
              ).replace("{name}", name)


def unknown_spans(text: str) -> list[tuple[int, int, str]]:
    return [
        (found.start, found.end, found.name)
        for found in templates.find_placeholders(text)
        if found.name not in templates.KNOWN_PLACEHOLDERS
    ]


class PlaceholderHighlighter(QSyntaxHighlighter):
    """Underlines unknown placeholders in a body."""

    def __init__(self, document: QTextDocument, color: QColor) -> None:
        super().__init__(document)
        self.mark = QTextCharFormat()
        self.mark.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self.mark.setUnderlineColor(color)
        background = QColor(color)
        background.setAlpha(48)
        self.mark.setBackground(background)

    def highlightBlock(self, text: str) -> None:
        for start, end, _name in unknown_spans(text):
            self.setFormat(start, end - start, self.mark)


@dataclass
class TextField:
    key: str
    widget: QLineEdit | QPlainTextEdit
    counter: Counter
    message: FieldMessage
    bar: InheritanceBar

    def text(self) -> str:
        if isinstance(self.widget, QLineEdit):
            return self.widget.text()
        return self.widget.toPlainText()

    def set_text(self, text: str) -> None:
        if isinstance(self.widget, QLineEdit):
            self.widget.setText(text)
        else:
            self.widget.setPlainText(text)

    def insert(self, text: str) -> None:
        if isinstance(self.widget, QLineEdit):
            self.widget.insert(text)
        else:
            self.widget.insertPlainText(text)
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)


class EmailDefaultsPage(SettingsPage):
    page_id: ClassVar[str] = "email-defaults"

    @classmethod
    def title(cls) -> str:
        return captions.email_defaults()

    def scope_text(self) -> str:
        return tr("The e-mail a customer gets with each document, before anyone edits it.")

    # building -------------------------------------------------------------------------------

    def build(self) -> None:
        self.fields: dict[str, TextField] = {}
        self._overridden: dict[str, bool] = {key: False for key in KEYS}
        self._last: dict[str, TextField] = {}
        self._loaded: dict[str, str] = {}  # each text as the last load showed it
        self.tabs = QTabBar(self.body)
        self.tabs.setObjectName("documentTabs")
        self.tabs.setExpanding(False)
        self.tabs.setDocumentMode(True)
        self.body_layout.addWidget(self.tabs)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.body_layout.addLayout(row, 1)
        self.stack = QStackedWidget(self.body)
        row.addWidget(self.stack, 3)
        self.panes: dict[str, QWidget] = {}
        for doc in numbering.DOCUMENT_TYPES:
            self.tabs.addTab(document_name(doc))
            pane = self._pane(doc)
            self.panes[doc] = pane
            self.stack.addWidget(pane)
        self.tabs.currentChanged.connect(self._tab_changed)

        preview = QGroupBox(tr("What the customer gets"), self.body)
        preview.setObjectName("emailPreview")
        box = QVBoxLayout(preview)
        box.setSpacing(4)
        self.preview_meta = quiet("", preview)
        # a client's name may be one 300-letter word: wrap, and never widen the window
        self.preview_meta.setWordWrap(True)
        self.preview_meta.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        box.addWidget(self.preview_meta)
        self.preview_subject = QLabel(preview)
        self.preview_subject.setObjectName("previewSubject")
        self.preview_subject.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_subject.setWordWrap(True)
        self.preview_subject.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        font = QFont(self.preview_subject.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.preview_subject.setFont(font)
        box.addWidget(self.preview_subject)
        self.preview_body = QPlainTextEdit(preview)
        self.preview_body.setObjectName("previewBody")
        self.preview_body.setReadOnly(True)
        self.preview_body.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        box.addWidget(self.preview_body, 1)
        self.preview_note = quiet(tr(
            "Filled in with this client's data and a sample customer and document; a "
            "placeholder still in braces has no value for this client."
        ), preview)
        box.addWidget(self.preview_note)
        row.addWidget(preview, 2)

    def _pane(self, doc: str) -> QWidget:
        pane = QWidget(self.stack)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(4)
        for part in PARTS:
            key = f"{doc}_{part}"
            head = QHBoxLayout()
            head.addWidget(section_title(tr("Subject") if part == "subject" else tr("Body"),
                                         pane))
            head.addStretch(1)
            limit = limits.EMAIL_SUBJECT_MAX if part == "subject" else limits.EMAIL_BODY_MAX
            counter = Counter(limit, pane)
            counter.setObjectName(f"counter_{key}")
            if part == "subject":
                # a push button: its menu arrow gets room of its own (a tool button's
                # arrow is drawn over the end of the text)
                menu_button = QPushButton(tr("Insert placeholder"), pane)
                menu_button.setObjectName(f"insert_{doc}")
                menu_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                menu_button.setMenu(self._placeholder_menu(doc, menu_button))
                head.addWidget(menu_button)
            layout.addLayout(head)
            widget: QLineEdit | QPlainTextEdit
            if part == "subject":
                line = MarkedLineEdit(pane)
                line.setMaxLength(limits.EMAIL_SUBJECT_MAX * 2)
                widget = line
            else:
                text = QPlainTextEdit(pane)
                text.setTabChangesFocus(True)
                text.setMinimumHeight(140)
                PlaceholderHighlighter(text.document(), tone_color(self.palette(), Tone.WARNING))
                widget = text
            widget.setObjectName(key)
            widget.setAccessibleName(
                (tr("Subject: %1") if part == "subject" else tr("Body: %1")).replace(
                    "%1", document_name(doc)
                )
            )
            layout.addWidget(widget, 1 if part == "body" else 0)
            foot = QHBoxLayout()
            message = FieldMessage(pane)
            bar = InheritanceBar(pane)
            bar.reset_requested.connect(lambda k=key: self.use_client_value(k))
            foot.addWidget(message, 1)
            foot.addWidget(counter, 0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(foot)
            layout.addWidget(bar)
            field = TextField(key, widget, counter, message, bar)
            self.fields[key] = field
            self.register_field(("email_defaults", key), widget, message)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _text, k=key: self._typed(k))
                widget.textChanged.connect(lambda _text: self.on_edit())
                assert isinstance(widget, MarkedLineEdit)
                widget.focused.connect(lambda d=doc, f=field: self._last.__setitem__(d, f))
            else:
                widget.textChanged.connect(lambda k=key: self._typed(k))
                widget.cursorPositionChanged.connect(
                    lambda d=doc, f=field: self._remember_focus(d, f)
                )
            if part == "subject":
                self._last.setdefault(doc, field)
        return pane

    def _remember_focus(self, doc: str, field: TextField) -> None:
        if field.widget.hasFocus():
            self._last[doc] = field

    def _placeholder_menu(self, doc: str, parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        menu.setObjectName(f"placeholders_{doc}")
        for group in templates.PLACEHOLDER_GROUPS:
            sub = menu.addMenu(placeholder_text(group.name))
            for info in group.placeholders:
                action = sub.addAction(f"{info.token}  —  {placeholder_text(info.description)}")
                action.setData(info.token)
                action.triggered.connect(
                    lambda _checked=False, d=doc, t=info.token: self.insert_placeholder(d, t)
                )
        return menu

    # values ---------------------------------------------------------------------------------

    def _entity_defaults(self) -> dict[str, Any]:
        found = self.entity_settings().get("email_defaults")
        return dict(found) if isinstance(found, dict) else {}

    def _unit_defaults(self) -> dict[str, Any]:
        found = self.unit_settings().get("email_defaults")
        return branding.flat_email_defaults(found) if isinstance(found, dict) else {}

    def populate(self, data: EditorData | None) -> None:
        self.stack.setEnabled(data is not None)
        client = self._entity_defaults()
        unit = self._unit_defaults() if self.is_unit else {}
        for key, field in self.fields.items():
            self._overridden[key] = self.is_unit and isinstance(unit.get(key), str)
            value = unit.get(key) if self._overridden[key] else client.get(key)
            field.set_text(value if isinstance(value, str) else "")
            field.bar.setVisible(self.is_unit and data is not None)
        self._loaded = {key: field.text() for key, field in self.fields.items()}
        self._show_sources()

    def collect(self) -> dict[str, Any]:
        if self.is_unit:
            original = self._unit_defaults()
            merged = {k: v for k, v in original.items() if k not in KEYS}
            for key, field in self.fields.items():
                if self._overridden[key]:
                    merged[key] = field.text()
            return {"email_defaults": merged or None}
        found = self.entity_settings().get("email_defaults")
        result = copy.deepcopy(found) if isinstance(found, dict) else {}
        for key, field in self.fields.items():
            text = field.text()
            if text or result.get(key) not in (None, ""):
                result[key] = text
        if not result and not isinstance(found, dict):
            return {"email_defaults": found}
        return {"email_defaults": result}

    def _typed(self, key: str) -> None:
        if self._populating:
            return
        if self.is_unit and not self._overridden[key]:
            self._overridden[key] = True
            self._show_sources()
        self.on_edit()

    def use_client_value(self, key: str) -> None:
        if not self.is_unit:
            return
        self._overridden[key] = False
        value = self._entity_defaults().get(key)
        self._populating = True
        try:
            self.fields[key].set_text(value if isinstance(value, str) else "")
        finally:
            self._populating = False
        self._show_sources()
        self.on_edit()

    def _show_sources(self) -> None:
        if not self.is_unit:
            return
        for key, field in self.fields.items():
            field.bar.set_state(self._overridden[key], self.client_name)

    # checking -------------------------------------------------------------------------------

    def validate(self) -> list[str]:
        blocking: list[str] = []
        for key, field in self.fields.items():
            text = field.text()
            field.counter.set_count(len(text))
            too_long = limits.email_text_problem(key, text)
            spans = unknown_spans(text)
            if isinstance(field.widget, MarkedLineEdit):
                field.widget.set_marks([(start, end) for start, end, _ in spans])
            notes = [unknown_message(name) for name in dict.fromkeys(n for *_, n in spans)]
            if too_long:
                field.message.set_live("\n".join([too_long, *notes]), Tone.ERROR)
                blocking.append(too_long)
            else:
                field.message.set_live("\n".join(notes), Tone.WARNING)
        for index, doc in enumerate(numbering.DOCUMENT_TYPES):
            bad = any(
                limits.email_text_problem(f"{doc}_{part}", self.fields[f"{doc}_{part}"].text())
                for part in PARTS
            )
            self.tabs.setTabText(index, document_name(doc) + (" ⚠" if bad else ""))
        return blocking

    def new_unknown_placeholders(self) -> list[str]:
        """Unknown placeholders the edits brought in (one already saved asked no question
        then and asks none now), in the order they appear."""
        found: list[str] = []
        for key, field in self.fields.items():
            text = field.text()
            before = self._loaded.get(key, "")
            if text == before:
                continue
            known_before = {name for *_, name in unknown_spans(before)}
            found += [name for *_, name in unknown_spans(text)
                      if name not in known_before and name not in found]
        return found

    # saving ---------------------------------------------------------------------------------

    def save(self, then: Callable[[], None] | None = None) -> bool:
        """Save, after asking when the edits hold placeholders the service does not know:
        it would send them to customers as written."""
        starts = self.is_dirty() and not self.is_saving and self.can_save()
        unknown = self.new_unknown_placeholders() if starts else []
        if unknown and not self.confirm_unknown(unknown):
            return False
        return super().save(then)

    def unknown_question(self, names: list[str]) -> QMessageBox:
        """The question before saving unknown placeholders: Go back is the default."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(tr("Unknown placeholders"))
        box.setText(tr("Save placeholders the service does not know? They reach customers "
                       "as written, braces included."))
        box.setInformativeText("\n".join(unknown_message(name) for name in names))
        back = box.addButton(tr("Go back"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(tr("Save anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        return box

    def confirm_unknown(self, names: list[str]) -> bool:
        """Ask before saving unknown placeholders; tests replace this."""
        box = self.unknown_question(names)
        box.exec()
        answer = box.buttonRole(box.clickedButton()) if box.clickedButton() else None
        box.deleteLater()
        return answer == QMessageBox.ButtonRole.AcceptRole

    # actions --------------------------------------------------------------------------------

    def current_doc(self) -> str:
        return numbering.DOCUMENT_TYPES[max(0, self.tabs.currentIndex())]

    def show_doc(self, doc: str) -> None:
        self.tabs.setCurrentIndex(numbering.DOCUMENT_TYPES.index(doc))

    def _tab_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.schedule_preview()

    def insert_placeholder(self, doc: str, token: str) -> None:
        """Insert at the cursor of the subject or body last used on the document's pane."""
        field = self._last.get(doc) or self.fields[f"{doc}_subject"]
        field.insert(token)

    def reveal(self, widget: QWidget) -> None:
        for doc, pane in self.panes.items():
            if pane.isAncestorOf(widget):
                self.show_doc(doc)
        super().reveal(widget)

    # preview --------------------------------------------------------------------------------

    def refresh_preview(self) -> None:
        if self.editor_data is None:
            self.preview_meta.setText("")
            self.preview_subject.setText("")
            self.preview_body.setPlainText("")
            return
        doc = self.current_doc()
        unit = self.unit
        values = templates.sample_values(self.entity, unit, doc_type=doc)
        subject = templates.render(self.fields[f"{doc}_subject"].text(), values)
        body = templates.render(self.fields[f"{doc}_body"].text(), values)
        sender = str(self.entity.get("email") or "").strip()
        sender_line = values["entity_name"] + (f" <{sender}>" if sender else "")
        self.preview_meta.setText(
            tr("From: {sender}\nTo: {customer} <{email}>")
            .replace("{sender}", sender_line)
            .replace("{customer}", values["customer_name"])
            .replace("{email}", values["customer_email"])
        )
        self.preview_subject.setText(subject or tr("(no subject)"))
        self.preview_body.setPlainText(body)
