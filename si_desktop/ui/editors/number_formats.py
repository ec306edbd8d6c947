"""Number formats: one row per document type with its format, first number and next
numbers; the business units' shared format with each unit's next number and each unit's own
first numbers (`unit_number_sequence_starts`); the year end; token chips. Rules from
`core.numbering`.

Next numbers are not guessed: they come from the service's counters (`next_number`, asked
when the page shows a client; for invoices, estimates and credit notes, which the service
numbers), and a changed format or first number shows what it gives from there once saved.
When the service cannot be asked, the last number of the sequence in this computer's copy
stands in, and the page says so. The year-end example counts the documents really issued
this year (from the cache)."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core import numbering
from si_desktop.sync.settings import EditorData
from si_desktop.sync.vocabulary import IssuedNumber
from si_desktop.ui.editors.base import SettingsPage, document_name, short_name, tr
from si_desktop.ui.editors.widgets import (
    FieldMessage,
    MarkedLineEdit,
    Tone,
    quiet,
    section_title,
    small_font,
    tone_color,
)
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.pages import captions

MAX_START = 999_999_999
UNITS_SHOWN = 4
COUNTED_TYPES = ("invoice", "estimate", "credit_note")
"""The types the service numbers (and answers `next_number` for)."""

TOKENS: tuple[tuple[str, str], ...] = (
    ("{yyyy}", QT_TRANSLATE_NOOP("Editors", "The year, four digits (2026)")),
    ("{yy}", QT_TRANSLATE_NOOP("Editors", "The year, two digits (26)")),
    ("{nnnnn}", QT_TRANSLATE_NOOP("Editors", "The sequence number, at least five digits (00042)")),
    (
        "{u}",
        QT_TRANSLATE_NOOP("Editors", "The business unit's number (business-unit formats only)"),
    ),
)


@dataclass
class FormatRow:
    """The widgets of one format field."""

    doc: str
    unit: bool
    edit: MarkedLineEdit
    message: FieldMessage
    fix: QPushButton
    preview: QLabel
    start: QSpinBox | None = None
    start_message: FieldMessage | None = None


def _date_text(day: datetime.date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy")


class NumberFormatsPage(SettingsPage):
    page_id: ClassVar[str] = "number-formats"
    needs_units: ClassVar[bool] = True
    unit_saves_to_entity: ClassVar[bool] = True

    @classmethod
    def title(cls) -> str:
        return captions.number_formats()

    def scope_text(self) -> str:
        return tr("How this client's documents are numbered.")

    def unit_scope_text(self) -> str:
        return tr("Business unit “{unit}” of “{client}”: its documents are numbered with the "
                  "client's shared business-unit formats.")

    # building -------------------------------------------------------------------------------

    def build(self) -> None:
        self.today = datetime.date.today()
        self.rows: list[FormatRow] = []
        self.unit_rows: list[FormatRow] = []
        self._target: FormatRow | None = None
        self._minimums: dict[str, int] = {}
        # the service's next numbers by (type, unit id or None), for the saved settings
        self.counters: dict[tuple[str, str | None], str] = {}
        self.counters_asked = False  # an answer came (or the service could not be asked)
        self.issued: list[IssuedNumber] = []  # what the cache knows was issued
        self.unit_starts: dict[tuple[str, str], QSpinBox] = {}
        self._unit_start_fields: list[Any] = []

        scroll = QScrollArea(self.body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, which scroll in
        content = QWidget(scroll)
        content.setObjectName("numberFormatsContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(12)
        scroll.setWidget(content)
        self.body_layout.addWidget(scroll, 1)
        self.content = content

        chips = QHBoxLayout()
        chips.setSpacing(6)
        chips.addWidget(QLabel(tr("Insert at the cursor:"), content))
        self.chips: dict[str, QToolButton] = {}
        for token, help_text in TOKENS:
            chip = QToolButton(content)
            chip.setText(token)
            chip.setObjectName(f"chip{token.strip('{}')}")
            chip.setToolTip(tr(help_text))
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.setAutoRaise(False)
            chip.clicked.connect(lambda _checked=False, t=token: self.insert_token(t))
            chips.addWidget(chip)
            self.chips[token] = chip
        chips.addStretch(1)
        layout.addLayout(chips)
        layout.addWidget(quiet(tr(
            "A format is text with tokens: {yyyy} or {yy} for the year, {n…} for the sequence "
            "(as many n as digits, never cut), {u…} for a business unit's number. The guide's "
            "spelling ({YYYY}, {NUM}, {MM}, {DD}) is read too."
        ), content))

        self.client_group = QGroupBox(tr("Client's documents"), content)
        grid = QGridLayout(self.client_group)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self._headers(grid, (tr("Document"), tr("Format"), tr("First number"),
                             tr("Next numbers")))
        for index, doc in enumerate(numbering.DOCUMENT_TYPES):
            self.rows.append(self._format_row(grid, 1 + index * 2, doc, unit=False))
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.counters_note = quiet("", self.client_group)
        self.counters_note.setObjectName("countersNote")
        self.counters_note.setWordWrap(True)
        grid.addWidget(self.counters_note, 1 + len(numbering.DOCUMENT_TYPES) * 2, 0, 1, 4)
        layout.addWidget(self.client_group)

        self.unit_group = QGroupBox(tr("Business units"), content)
        unit_layout = QVBoxLayout(self.unit_group)
        self.unit_intro = quiet("", self.unit_group)
        unit_layout.addWidget(self.unit_intro)
        unit_grid = QGridLayout()
        unit_grid.setHorizontalSpacing(12)
        unit_grid.setVerticalSpacing(2)
        self._headers(unit_grid, (tr("Document"), tr("Shared format"), "", tr("Next number")))
        for index, doc in enumerate(numbering.DOCUMENT_TYPES):
            self.unit_rows.append(self._format_row(unit_grid, 1 + index * 2, doc, unit=True))
        unit_grid.setColumnStretch(1, 3)
        unit_grid.setColumnStretch(3, 2)
        unit_layout.addLayout(unit_grid)
        self.unit_starts_title = section_title(tr("First numbers per unit"))
        self.unit_starts_title.setFont(small_font(self.unit_starts_title, 0.95))
        unit_layout.addWidget(self.unit_starts_title)
        self.unit_starts_intro = quiet(tr(
            "Each unit counts on its own. A unit that moves to Space Invoices part-way "
            "through the year starts at the number it had reached."), self.unit_group)
        self.unit_starts_intro.setWordWrap(True)
        unit_layout.addWidget(self.unit_starts_intro)
        self.unit_starts_grid = QGridLayout()
        self.unit_starts_grid.setHorizontalSpacing(12)
        self.unit_starts_grid.setVerticalSpacing(2)
        unit_layout.addLayout(self.unit_starts_grid)
        self.unit_starts_message = FieldMessage(self.unit_group)
        unit_layout.addWidget(self.unit_starts_message)
        layout.addWidget(self.unit_group)

        self.year_group = QGroupBox(tr("Year end"), content)
        year_layout = QVBoxLayout(self.year_group)
        self.year_intro = quiet("", self.year_group)
        year_layout.addWidget(self.year_intro)
        self.year_grid = QGridLayout()
        self.year_grid.setHorizontalSpacing(16)
        self.year_grid.setVerticalSpacing(2)
        year_layout.addLayout(self.year_grid)
        self.year_labels: list[tuple[QLabel, QLabel, QLabel, QLabel]] = []
        for index in range(len(numbering.DOCUMENT_TYPES) * 2):
            labels = (QLabel(self.year_group), QLabel(self.year_group), QLabel(self.year_group),
                      QLabel(self.year_group))
            for column, label in enumerate(labels):
                label.setTextFormat(Qt.TextFormat.PlainText)
                if column == 3:
                    label.setWordWrap(True)
                    palette = label.palette()
                    palette.setColor(label.foregroundRole(),
                                     tone_color(self.palette(), Tone.WARNING))
                    label.setPalette(palette)
                self.year_grid.addWidget(label, index, column)
            self.year_labels.append(labels)
        self.year_grid.setColumnStretch(3, 1)
        layout.addWidget(self.year_group)
        layout.addStretch(1)

    def _headers(self, grid: QGridLayout, titles: tuple[str, ...]) -> None:
        for column, title in enumerate(titles):
            label = section_title(title)
            label.setFont(small_font(label, 0.95))
            grid.addWidget(label, 0, column)

    def _format_row(self, grid: QGridLayout, row: int, doc: str, *, unit: bool) -> FormatRow:
        parent = grid.parentWidget() or self.content
        name = QLabel(document_name(doc), parent)
        name.setTextFormat(Qt.TextFormat.PlainText)
        edit = MarkedLineEdit(parent)
        edit.setObjectName(f"{'unit_' if unit else ''}format_{doc}")
        default = numbering.DEFAULT_UNIT_FORMAT if unit else numbering.DEFAULT_FORMAT
        edit.setPlaceholderText(tr("{format} (the default)").replace("{format}", default))
        edit.setMinimumWidth(200)
        edit.setAccessibleName(
            (tr("Business units' format: %1") if unit else tr("Format: %1")).replace(
                "%1", document_name(doc)
            )
        )
        message = FieldMessage(parent)
        fix = QPushButton(tr("Use the standard tokens"), parent)
        fix.setObjectName(f"{'unit_' if unit else ''}fix_{doc}")
        fix.setVisible(False)
        preview = quiet("", parent)
        preview.setObjectName(f"{'unit_' if unit else ''}next_{doc}")
        preview.setWordWrap(True)
        preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        record = FormatRow(doc, unit, edit, message, fix, preview)
        grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(edit, row, 1)
        if not unit:
            start = QSpinBox(parent)
            start.setObjectName(f"start_{doc}")
            start.setRange(1, MAX_START)
            start.setGroupSeparatorShown(False)
            start.setMinimumWidth(96)
            start.setAccessibleName(tr("First number: %1").replace("%1", document_name(doc)))
            start.setToolTip(tr("The first number to use; it may only move forward."))
            start_message = FieldMessage(parent)
            record.start, record.start_message = start, start_message
            grid.addWidget(start, row, 2)
            start.valueChanged.connect(lambda _value: self.on_edit())
            start.lineEdit().textEdited.connect(lambda text, r=record: self._start_typed(r, text))
            self.register_field(("number_sequence_starts", doc), start, start_message)
        grid.addWidget(preview, row, 3)
        under = QVBoxLayout()
        under.setContentsMargins(0, 0, 0, 6)
        under.setSpacing(2)
        under.addWidget(message)
        if record.start_message is not None:
            under.addWidget(record.start_message)
        fix_row = QHBoxLayout()
        fix_row.addWidget(fix)
        fix_row.addStretch(1)
        under.addLayout(fix_row)
        grid.addLayout(under, row + 1, 1, 1, 3)
        edit.textChanged.connect(lambda _text: self.on_edit())
        edit.focused.connect(lambda r=record: self._set_target(r))
        fix.clicked.connect(lambda _checked=False, r=record: self.use_standard_tokens(r))
        key = "unit_number_formats" if unit else "number_formats"
        self.register_field((key, doc), edit, message)
        return record

    # the scope ------------------------------------------------------------------------------

    def _active_units(self) -> list[dict[str, Any]]:
        if self.unit is not None:
            return [self.unit]
        return list(self.editor_data.units) if self.editor_data is not None else []

    # filling and reading --------------------------------------------------------------------

    def populate(self, data: EditorData | None) -> None:
        self.content.setEnabled(data is not None)
        settings = self.entity_settings()
        formats = settings.get("number_formats")
        formats = formats if isinstance(formats, dict) else {}
        unit_formats = settings.get("unit_number_formats")
        shared = unit_formats if isinstance(unit_formats, str) else None
        unit_formats = unit_formats if isinstance(unit_formats, dict) else {}
        starts = settings.get("number_sequence_starts")
        starts = starts if isinstance(starts, dict) else {}
        self._minimums = {}
        for row in self.rows:
            value = formats.get(row.doc)
            row.edit.setText(value if isinstance(value, str) else "")
            if row.start is not None:
                first = starts.get(row.doc)
                first = first if isinstance(first, int) and not isinstance(first, bool) else 1
                first = max(1, min(MAX_START, first))
                self._minimums[row.doc] = first
                row.start.setMinimum(first)
                row.start.setValue(first)
                if row.start_message is not None:
                    row.start_message.set_live("")
        for row in self.unit_rows:
            value = unit_formats.get(row.doc, shared)
            row.edit.setText(value if isinstance(value, str) else "")
        self.client_group.setVisible(not self.is_unit)
        units = self._active_units()
        if self.is_unit:
            index = (self.unit or {}).get("numbering_index")
            self.unit_intro.setText(tr(
                "Business units share one format per document type, set on the client: "
                "changing it here changes it for every unit of “{client}”. This unit's "
                "number is {index}."
            ).replace("{client}", short_name(self.client_name)).replace("{index}", str(index)))
        elif units:
            self.unit_intro.setText(tr(
                "One format per document type shared by all business units; {u} becomes the "
                "unit's number."
            ))
        else:
            self.unit_intro.setText(tr(
                "One format per document type shared by all business units; {u} becomes the "
                "unit's number. This client has no active business units yet, so the "
                "preview shows unit 1."
            ))
        self._fill_unit_starts(settings)
        self.issued = []
        self.counters = {}
        self.counters_asked = False
        if data is not None:
            self.issued = self.context.workspace.issued_numbers_now(data.entity_id)
            self._ask_counters(data)
        self._target = None
        self._update_chips()

    # the units' own first numbers -----------------------------------------------------------

    def _fill_unit_starts(self, settings: dict[str, Any]) -> None:
        """One row per active unit (only the unit, for a unit's dialog): a first number per
        type the service numbers."""
        grid = self.unit_starts_grid
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for field in self._unit_start_fields:
            if field in self._fields:
                self._fields.remove(field)
        self._unit_start_fields = []
        self.unit_starts = {}
        starts = settings.get("unit_number_sequence_starts")
        starts = starts if isinstance(starts, dict) else {}
        units = self._active_units()
        for column, doc in enumerate(COUNTED_TYPES, start=1):
            header = section_title(document_name(doc))
            header.setFont(small_font(header, 0.95))
            grid.addWidget(header, 0, column)
        for row, unit in enumerate(units, start=1):
            unit_id = str(unit.get("id") or "")
            name = QLabel(tr("{unit} (number {index})").replace(
                "{unit}", short_name(str(unit.get("name") or ""), 32)).replace(
                "{index}", str(unit.get("numbering_index") or "")), self.unit_group)
            name.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(name, row, 0)
            for column, doc in enumerate(COUNTED_TYPES, start=1):
                per_unit = starts.get(doc)
                value = per_unit.get(unit_id) if isinstance(per_unit, dict) else None
                spin = QSpinBox(self.unit_group)
                spin.setObjectName(f"unit_start_{doc}_{unit_id}")
                spin.setRange(1, MAX_START)
                spin.setGroupSeparatorShown(False)
                spin.setMinimumWidth(96)
                spin.setValue(value if isinstance(value, int) and not isinstance(value, bool)
                              and value >= 1 else 1)
                spin.setAccessibleName(tr("First number: %1, %2").replace(
                    "%1", document_name(doc)).replace("%2", str(unit.get("name") or "")))
                spin.valueChanged.connect(lambda _value: self.on_edit())
                grid.addWidget(spin, row, column)
                self.unit_starts[(doc, unit_id)] = spin
                self.register_field(("unit_number_sequence_starts", doc, unit_id), spin,
                                    self.unit_starts_message)
                self._unit_start_fields.append(self._fields[-1])
        grid.setColumnStretch(len(COUNTED_TYPES) + 1, 1)
        visible = bool(units)
        for widget in (self.unit_starts_title, self.unit_starts_intro):
            widget.setVisible(visible)

    def _unit_start(self, doc: str, unit_id: str) -> int:
        spin = self.unit_starts.get((doc, unit_id))
        return spin.value() if spin is not None else 1

    # the service's counters -----------------------------------------------------------------

    def _ask_counters(self, data: EditorData) -> None:
        """The next number of each counted type, without a unit and for the units shown,
        from the service (nothing is used up)."""
        units = self._active_units()[:UNITS_SHOWN]
        wanted: list[tuple[str, str | None]] = []
        if not self.is_unit:
            wanted += [(doc, None) for doc in COUNTED_TYPES]
        wanted += [(doc, str(unit.get("id"))) for unit in units for doc in COUNTED_TYPES]
        if self.context.online is False or not wanted:
            self._counters_known({})
            return
        workspace = self.context.workspace
        entity_id = data.entity_id

        async def ask() -> dict[tuple[str, str | None], str]:
            found: dict[tuple[str, str | None], str] = {}
            for doc, unit_id in wanted:
                number = await workspace.next_number(entity_id, doc, unit_id)
                if number is None:
                    break  # offline: the rest would not answer either
                found[(doc, unit_id)] = number
            return found

        job: Coroutine[Any, Any, dict[tuple[str, str | None], str]] = ask()
        self.context.bridge.run(job, owner=self, key="counters",
                                on_success=self._counters_known,
                                on_error=lambda _error: self._counters_known({}))

    def _counters_known(self, counters: dict[tuple[str, str | None], str]) -> None:
        self.counters = counters
        self.counters_asked = True
        self.refresh_preview()

    def saved_format(self, row: FormatRow) -> str:
        """The row's format as saved (what the service numbers with now)."""
        settings = self.entity_settings()
        if row.unit:
            formats = settings.get("unit_number_formats")
            value = formats.get(row.doc) if isinstance(formats, dict) else formats
        else:
            formats = settings.get("number_formats")
            value = formats.get(row.doc) if isinstance(formats, dict) else None
        default = numbering.DEFAULT_UNIT_FORMAT if row.unit else numbering.DEFAULT_FORMAT
        if isinstance(value, str) and value.strip() and not numbering.find_problems(
                value, unit=row.unit):
            return value
        return default

    def next_sequence(self, row: FormatRow, unit_id: str | None, start: int) -> int:
        """The sequence number the next document of the row's type (and unit) gets: the
        service's counter read back through the saved format, else one past the last in
        the cache (this year's, for a yearly format); never below `start`."""
        saved = self.saved_format(row)
        number = self.counters.get((row.doc, unit_id))
        found = numbering.sequence_of(saved, number) if number else None
        if found is not None:
            return max(found, start)
        yearly = numbering.has_year_token(saved)
        year = str(self.today.year)
        last = 0
        for issued in self.issued:
            if issued.type != row.doc or issued.business_unit_id != unit_id:
                continue
            if yearly and not (issued.date or "").startswith(year):
                continue
            sequence = numbering.sequence_of(saved, issued.number)
            if sequence is not None:
                last = max(last, sequence)
        return max(last + 1, start)

    def issued_this_year(self, doc: str, unit_id: str | None) -> int:
        year = str(self.today.year)
        return sum(1 for issued in self.issued if issued.type == doc
                   and issued.business_unit_id == unit_id
                   and (issued.date or "").startswith(year))

    def _counters_text(self) -> str:
        if not self.counters_asked:
            return tr("Asking Space Invoices for the next numbers…")
        if self.counters:
            return tr("Next numbers of invoices, estimates and credit notes come from "
                      "Space Invoices' own counters; a changed format or first number shows "
                      "what it gives once saved.")
        return tr("Space Invoices cannot be asked now: next numbers follow the last "
                  "document on this computer and the first numbers.")

    def _text(self, row: FormatRow) -> str:
        return row.edit.text()

    def collect(self) -> dict[str, Any]:
        settings = self.entity_settings()
        result: dict[str, Any] = {}
        if not self.is_unit:
            result["number_formats"] = self._formats(settings.get("number_formats"), self.rows)
            starts = settings.get("number_sequence_starts")
            merged = copy.deepcopy(starts) if isinstance(starts, dict) else {}
            for row in self.rows:
                if row.start is None:
                    continue
                value = row.start.value()
                if row.doc in merged or value != 1:
                    merged[row.doc] = value
            result["number_sequence_starts"] = merged if merged or starts is not None else None
        result["unit_number_formats"] = self._formats(
            settings.get("unit_number_formats"), self.unit_rows
        )
        unit_starts = self._unit_starts_value(settings.get("unit_number_sequence_starts"))
        if unit_starts is not None:
            result["unit_number_sequence_starts"] = unit_starts
        return result

    def _unit_starts_value(self, original: object) -> Any:
        """`{type: {unit id: first number}}` with what the spin boxes say: a unit's first
        number stays set once set, and 1 is not written where nothing was."""
        merged = copy.deepcopy(original) if isinstance(original, dict) else {}
        for (doc, unit_id), spin in self.unit_starts.items():
            per_unit = merged.get(doc)
            known = isinstance(per_unit, dict) and unit_id in per_unit
            if spin.value() != 1 or known:
                if not isinstance(per_unit, dict):
                    per_unit = merged[doc] = {}
                per_unit[unit_id] = spin.value()
        if not merged and not isinstance(original, dict):
            return None
        return merged

    def _formats(self, original: object, rows: list[FormatRow]) -> Any:
        merged = copy.deepcopy(original) if isinstance(original, dict) else {}
        for row in rows:
            text = self._text(row)
            if text.strip():
                merged[row.doc] = text
            else:
                merged.pop(row.doc, None)
        if not merged and not isinstance(original, dict):
            return original
        return merged

    # checking and previews ------------------------------------------------------------------

    def _format_of(self, row: FormatRow) -> str:
        text = self._text(row)
        if text.strip():
            return text
        return numbering.DEFAULT_UNIT_FORMAT if row.unit else numbering.DEFAULT_FORMAT

    def _start_of(self, doc: str) -> int:
        for row in self.rows:
            if row.doc == doc and row.start is not None:
                return row.start.value()
        return 1

    def validate(self) -> list[str]:
        blocking: list[str] = []
        rows = self.unit_rows if self.is_unit else [*self.rows, *self.unit_rows]
        for row in rows:
            text = self._text(row)
            found = numbering.find_problems(text, unit=row.unit) if text.strip() else []
            row.edit.set_marks([(p.start, p.end) for p in found if p.end - p.start < len(text)])
            notes: list[str] = [p.message for p in found]
            tone = Tone.ERROR
            guide = bool(text.strip()) and numbering.canonical(text) != text
            if not found and numbering.uses_guide_only_tokens(text):
                notes.append(tr(
                    "{MM} and {DD} (month and day) exist only in the guide's spelling; they "
                    "stay as written."
                ))
                tone = Tone.INFO
            row.message.set_live("\n".join(notes), tone if not found else Tone.ERROR)
            row.fix.setVisible(guide)
            blocking += [p.message for p in found]
        return blocking

    def _start_typed(self, row: FormatRow, text: str) -> None:
        """Say why a smaller first number is refused (the spin box will not take it)."""
        if row.start_message is None:
            return
        minimum = self._minimums.get(row.doc, 1)
        try:
            typed = int(text)
        except ValueError:
            typed = minimum
        if typed < minimum:
            row.start_message.set_live(
                tr("Numbering may only move forward: it is at {current}, so {typed} is too "
                   "low.").replace("{current}", str(minimum)).replace("{typed}", str(typed)),
                Tone.ERROR,
            )
        else:
            row.start_message.set_live("")

    def refresh_preview(self) -> None:
        if self.editor_data is None:
            for row in [*self.rows, *self.unit_rows]:
                row.preview.setText("")
            self.counters_note.setText("")
            return
        self.counters_note.setText(self._counters_text())
        for row in self.rows:
            fmt = self._format_of(row)
            if numbering.find_problems(fmt):
                row.preview.setText("")
                continue
            start = self.next_sequence(row, None, self._start_of(row.doc))
            numbers = numbering.preview(fmt, start=start, on=self.today)
            row.preview.setText(" · ".join(numbers))
        units = self._active_units()
        for row in self.unit_rows:
            fmt = self._format_of(row)
            if numbering.find_problems(fmt, unit=True):
                row.preview.setText("")
                continue
            if self.is_unit or not units:
                unit = units[0] if units else {}
                unit_id = str(unit.get("id")) if unit else None
                start = self.next_sequence(row, unit_id, self._unit_start(row.doc, unit_id)
                                           if unit_id else 1)
                index = int(unit.get("numbering_index") or 1)
                numbers = numbering.preview(fmt, start=start, on=self.today, unit_index=index)
                row.preview.setText(" · ".join(numbers))
                continue
            lines = []
            for unit in units[:UNITS_SHOWN]:
                unit_id = str(unit.get("id"))
                start = self.next_sequence(row, unit_id, self._unit_start(row.doc, unit_id))
                lines.append(f"{short_name(str(unit.get('name') or ''), 28)}: "
                             + numbering.render(fmt, number=start, on=self.today,
                                                unit_index=int(unit.get("numbering_index")
                                                               or 1)))
            if len(units) > UNITS_SHOWN:
                lines.append(tr("and {count} more").replace("{count}",
                                                          str(len(units) - UNITS_SHOWN)))
            row.preview.setText("\n".join(lines))
        self._refresh_year_end()

    def _refresh_year_end(self) -> None:
        year = self.today.year
        self.year_intro.setText(tr(
            "The last number on 31 December if no more documents are issued in {year}, and "
            "the first on 1 January. The counts are the documents issued in {year} so far, "
            "as this computer's copy has them. A format with a year restarts at 1; one "
            "without keeps counting."
        ).replace("{year}", str(year)))
        entries: list[tuple[str, bool, FormatRow]] = []
        if not self.is_unit:
            entries += [(document_name(row.doc), False, row) for row in self.rows]
        units = self._active_units()
        for row in self.unit_rows:
            entries.append((document_name(row.doc), True, row))
        unit = units[0] if units else None
        for labels, (name, for_unit, row) in zip(self.year_labels, entries, strict=False):
            fmt = self._format_of(row)
            index = int((unit or {}).get("numbering_index") or 1)
            unit_id = str(unit.get("id")) if for_unit and unit is not None else None
            first_label, last_label, next_label, warning = labels
            for label in labels:
                label.setVisible(True)
            count = self.issued_this_year(row.doc, unit_id)
            what = tr("{name}, unit").replace("{name}", name) if for_unit else name
            first_label.setText(tr("{what}: {count} in {year}").replace("{what}", what)
                                .replace("{count}", str(count)).replace("{year}", str(year)))
            if numbering.find_problems(fmt, unit=row.unit):
                last_label.setText("—")
                next_label.setText("")
                warning.setText("")
                continue
            start = self._unit_start(row.doc, unit_id) if unit_id else (
                1 if for_unit else self._start_of(row.doc))
            last = self.next_sequence(row, unit_id, start) - 1
            unit_index = index if row.unit else None
            if last >= 1:
                (last_day, shown), (first_day, following) = numbering.year_end_preview(
                    fmt, last_number=last, year=year, unit_index=unit_index)
                last_label.setText(f"{_date_text(last_day)}: {shown}")
            else:  # nothing issued: the next year starts where this one would have
                first_day = datetime.date(year + 1, 1, 1)
                following = numbering.render(
                    fmt, number=1 if numbering.has_year_token(fmt) else start, on=first_day,
                    unit_index=unit_index)
                last_label.setText(tr("none issued yet"))
            next_label.setText(f"{_date_text(first_day)}: {following}")
            if numbering.has_year_token(fmt):
                warning.setText("")
            else:
                warning.setText(tr(
                    "No year in this format: numbers keep counting on 1 January and never "
                    "restart, which is usually not what a firm wants."
                ))
        for labels in self.year_labels[len(entries):]:
            for label in labels:
                label.setVisible(False)

    # actions --------------------------------------------------------------------------------

    def _set_target(self, row: FormatRow) -> None:
        self._target = row
        self._update_chips()

    def _update_chips(self) -> None:
        target = self._target
        self.chips["{u}"].setEnabled(target is not None and target.unit)

    def insert_token(self, token: str) -> None:
        """Insert `token` at the cursor of the format field last used (undoable)."""
        row = self._target
        if row is None:
            rows = self.unit_rows if self.is_unit else self.rows
            row = rows[0]
            self._set_target(row)
        if token.startswith("{u") and not row.unit:
            return
        row.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        row.edit.insert(token)

    def use_standard_tokens(self, row: FormatRow) -> None:
        """Rewrite the guide's spelling ({YYYY}-{NUM}) as the standard one, undoably."""
        text = self._text(row)
        fixed = numbering.canonical(text)
        if fixed == text:
            return
        row.edit.selectAll()
        row.edit.insert(fixed)
        row.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def row(self, doc: str, *, unit: bool = False) -> FormatRow:
        return next(r for r in (self.unit_rows if unit else self.rows) if r.doc == doc)
