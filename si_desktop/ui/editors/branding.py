"""Branding: PDF template (thumbnails drawn by the app's renderer), primary colour with a
WCAG check, logo and its size, and the live preview of a sample invoice. For a business
unit, each value says whether it is inherited or set for the unit. "Last real invoice"
(`self.last_invoice`) shows the client's most recent issued invoice as the service
rendered it, for comparison; whoever loads it calls its `set_pdf` or says why not."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QColorDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core import branding, limits
from si_desktop.core.document_words import title
from si_desktop.core.file_names import document_pdf_name
from si_desktop.core.formatting import client_locale
from si_desktop.sync.settings import (
    LOGO_EXTENSIONS,
    LOGO_HEAD_BYTES,
    EditorData,
    logo_file_problem,
    remove_logo,
    upload_logo,
)
from si_desktop.ui.editors.base import SettingsPage, short_name, tr
from si_desktop.ui.editors.widgets import (
    FieldMessage,
    InheritanceBar,
    MessageLabel,
    Tone,
    quiet,
)
from si_desktop.ui.errors import error_text
from si_desktop.ui.pages import captions
from si_desktop.ui.pdf.thumbnail import LastInvoicePreview
from si_desktop.ui.preview import (
    InvoicePreview,
    LogoArt,
    SampleInvoice,
    build_sample_invoice,
    can_draw,
    primary_contrast,
    render_thumbnail,
    style_for,
)
from si_desktop.ui.preview.sample import DEFAULT_COLOR, DEFAULT_TEMPLATE
from si_desktop.ui.widgets import plain_tooltip

KEYS = ("pdf_template", "primary_color", "logo_scale_percent")
RECENT_KEY = "editors/recent_colors"
RECENT_MAX = 8
THUMB_WIDTH = 88
THUMBS_DELAY_MS = 100
WCAG_AA = 4.5
CONTROLS_MIN = 380
"""Three template thumbnails side by side, and the scroll bar."""
CONTROLS_MAX = 430
WIDE = 760
"""Below this width the preview goes under the controls instead of beside them."""
QWIDGETSIZE_MAX = (1 << 24) - 1


def template_name(template: str) -> str:
    names = {
        "modern": tr("Modern"),
        "classic": tr("Classic"),
        "condensed": tr("Condensed"),
        "minimal": tr("Minimal"),
        "fashion": tr("Fashion"),
    }
    return names.get(template, template)


def _swatch(color: str, size: int = 18) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class BrandingPage(SettingsPage):
    page_id: ClassVar[str] = "branding"
    needs_logo: ClassVar[bool] = True

    @classmethod
    def title(cls) -> str:
        return captions.branding()

    def scope_text(self) -> str:
        return tr("How this client's documents look: template, colour and logo.")

    # building -------------------------------------------------------------------------------

    def build(self) -> None:
        self._overridden: dict[str, bool] = {key: False for key in (*KEYS, "logo")}
        self._last_invoice_stale = False
        self._template: str | None = None
        self._kept_template: str | None = None
        self._logo_art: LogoArt | None = None
        # The template thumbnails follow the preview a moment later (five small renders:
        # a colour dragged or typed waits for the preview only), and a hidden tab draws them
        # when it is shown.
        self._thumbs_invoice: SampleInvoice | None = None
        self._thumbs_stale = False
        self._thumbs_timer = QTimer(self)
        self._thumbs_timer.setSingleShot(True)
        self._thumbs_timer.setInterval(THUMBS_DELAY_MS)
        self._thumbs_timer.timeout.connect(self._on_thumbs_due)

        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(16)
        self.row = row
        self.body_layout.addLayout(row, 1)
        scroll = QScrollArea(self.body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(CONTROLS_MIN)
        scroll.setMaximumWidth(CONTROLS_MAX)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, which scroll in
        self.controls_scroll = scroll
        # Side by side when there is room, stacked in a narrow window.
        self.setMinimumWidth(CONTROLS_MIN + 32)
        controls = QWidget(scroll)
        controls.setObjectName("brandingControls")
        self.controls = controls
        layout = QVBoxLayout(controls)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(12)
        scroll.setWidget(controls)
        row.addWidget(scroll, 0)
        self.preview = InvoicePreview(self.body)
        row.addWidget(self.preview, 1)

        # template
        group = QGroupBox(tr("PDF template"), controls)
        box = QVBoxLayout(group)
        grid = QGridLayout()
        grid.setSpacing(6)
        self.template_group = QButtonGroup(self)
        self.template_group.setExclusive(True)
        self.template_buttons: dict[str, QToolButton] = {}
        for index, template in enumerate(branding.PDF_TEMPLATES):
            button = self._template_button(template, template_name(template), group)
            grid.addWidget(button, index // 3, index % 3)
        self.other_template = self._template_button("", "", group)
        self.other_template.setVisible(False)
        grid.addWidget(self.other_template, 1, 2)
        box.addLayout(grid)
        self.template_note = quiet("", group)
        box.addWidget(self.template_note)
        self.template_bar = InheritanceBar(group)
        self.template_bar.reset_requested.connect(lambda: self.use_client_value("pdf_template"))
        box.addWidget(self.template_bar)
        self.template_message = FieldMessage(group)
        box.addWidget(self.template_message)
        self.register_field(("pdf_template",), self.template_buttons["modern"],
                            self.template_message)
        layout.addWidget(group)

        # colour
        group = QGroupBox(tr("Primary colour"), controls)
        box = QVBoxLayout(group)
        line = QHBoxLayout()
        self.color_edit = QLineEdit(group)
        self.color_edit.setObjectName("primaryColor")
        self.color_edit.setPlaceholderText(tr("{color} (the default)").replace("{color}",
                                                                              DEFAULT_COLOR))
        self.color_edit.setMaxLength(7)
        self.color_edit.setMinimumWidth(
            self.color_edit.fontMetrics().horizontalAdvance("#1d4ed8 (the default)") + 16
        )
        self.swatch = QToolButton(group)
        self.swatch.setObjectName("colorSwatch")
        self.swatch.setToolTip(tr("Choose a colour…"))
        self.swatch.setIconSize(QSize(22, 22))
        line.addWidget(self.color_edit)
        line.addWidget(self.swatch)
        line.addStretch(1)
        box.addLayout(line)
        self.recent_row = QHBoxLayout()
        self.recent_row.setSpacing(4)
        self.recent_label = quiet(tr("Recent:"), group)
        self.recent_label.setWordWrap(False)
        self.recent_row.addWidget(self.recent_label)
        self.recent_buttons: list[QToolButton] = []
        for _ in range(RECENT_MAX):
            button = QToolButton(group)
            button.setIconSize(QSize(16, 16))
            button.setAutoRaise(True)
            button.clicked.connect(lambda _checked=False, b=button: self._pick_recent(b))
            self.recent_buttons.append(button)
            self.recent_row.addWidget(button)
        self.recent_row.addStretch(1)
        box.addLayout(self.recent_row)
        self.color_message = FieldMessage(group)
        box.addWidget(self.color_message)
        self.contrast_label = MessageLabel(group)
        self.contrast_label.setObjectName("contrast")
        box.addWidget(self.contrast_label)
        self.color_bar = InheritanceBar(group)
        self.color_bar.reset_requested.connect(lambda: self.use_client_value("primary_color"))
        box.addWidget(self.color_bar)
        self.register_field(("primary_color",), self.color_edit, self.color_message)
        self.color_edit.textEdited.connect(lambda _text: self._edited("primary_color"))
        self.swatch.clicked.connect(self.choose_color)
        layout.addWidget(group)

        # logo
        group = QGroupBox(tr("Logo"), controls)
        box = QVBoxLayout(group)
        self.logo_view = QLabel(group)
        self.logo_view.setObjectName("logoView")
        self.logo_view.setTextFormat(Qt.TextFormat.PlainText)
        self.logo_view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        box.addWidget(self.logo_view)
        buttons = QHBoxLayout()
        self.choose_logo_button = QPushButton(tr("Choose file…"), group)
        self.choose_logo_button.setObjectName("chooseLogo")
        self.choose_logo_button.setToolTip(tr("A PNG, JPEG, WEBP or SVG image of at most 5 MB"))
        self.remove_logo_button = QPushButton(tr("Remove"), group)
        self.remove_logo_button.setObjectName("removeLogo")
        buttons.addWidget(self.choose_logo_button)
        buttons.addWidget(self.remove_logo_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.logo_message = MessageLabel(group)
        self.logo_message.setObjectName("logoMessage")
        box.addWidget(self.logo_message)
        self.logo_bar = InheritanceBar(group)
        self.logo_bar.reset_requested.connect(self.remove_logo)
        box.addWidget(self.logo_bar)
        scale_line = QHBoxLayout()
        scale_line.addWidget(QLabel(tr("Size on the page:"), group))
        self.scale_spin = QSpinBox(group)
        self.scale_spin.setObjectName("logoScale")
        self.scale_spin.setRange(limits.LOGO_SCALE_MIN, limits.LOGO_SCALE_MAX)
        self.scale_spin.setSuffix(" %")
        self.scale_spin.setSingleStep(5)
        scale_line.addWidget(self.scale_spin)
        scale_line.addStretch(1)
        box.addLayout(scale_line)
        self.scale_message = FieldMessage(group)
        box.addWidget(self.scale_message)
        self.scale_bar = InheritanceBar(group)
        self.scale_bar.reset_requested.connect(
            lambda: self.use_client_value("logo_scale_percent")
        )
        box.addWidget(self.scale_bar)
        self.register_field(("logo_scale_percent",), self.scale_spin, self.scale_message)
        self.scale_spin.valueChanged.connect(lambda _value: self._edited("logo_scale_percent"))
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button.clicked.connect(self.remove_logo)
        layout.addWidget(group)

        # the real thing, to compare with the sample
        group = QGroupBox(tr("Last real invoice"), controls)
        group.setObjectName("lastInvoiceGroup")
        box = QVBoxLayout(group)
        box.addWidget(quiet(tr("The client's most recent issued invoice as Space Invoices "
                               "rendered it, beside the app's sample."), group))
        self.last_invoice = LastInvoicePreview(group)
        box.addWidget(self.last_invoice)
        layout.addWidget(group)
        layout.addStretch(1)
        self._show_recent()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = self.width() >= WIDE
        direction = (
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        if self.row.direction() != direction:
            self.row.setDirection(direction)
            self.controls_scroll.setMaximumWidth(CONTROLS_MAX if wide else QWIDGETSIZE_MAX)
            self.row.setStretch(0, 0 if wide else 1)

    def _template_button(self, template: str, text: str, parent: QWidget) -> QToolButton:
        button = QToolButton(parent)
        button.setObjectName(f"template_{template or 'other'}")
        button.setCheckable(True)
        button.setText(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setIconSize(QSize(THUMB_WIDTH, round(THUMB_WIDTH * 297 / 210)))
        button.setAutoRaise(True)
        self.template_group.addButton(button)
        if template:
            self.template_buttons[template] = button
            button.clicked.connect(lambda _checked=False, t=template: self.choose_template(t))
        else:
            button.clicked.connect(self._keep_other_template)
        return button

    # values ---------------------------------------------------------------------------------

    def _entity_value(self, key: str) -> Any:
        return self.entity_settings().get(key)

    def _effective(self, key: str) -> Any:
        if self.is_unit and not self._overridden.get(key):
            return self._entity_value(key)
        return self.own_settings().get(key)

    def populate(self, data: EditorData | None) -> None:
        self.controls.setEnabled(data is not None)
        own = self.own_settings()
        for key in KEYS:
            self._overridden[key] = self.is_unit and own.get(key) is not None
        self._overridden["logo"] = data is not None and data.logo_source == "unit"
        values = {key: self._effective(key) for key in KEYS}
        template = values["pdf_template"]
        self._set_template(template if isinstance(template, str) and template else None)
        color = values["primary_color"]
        self.color_edit.setText(color if isinstance(color, str) else "")
        scale = values["logo_scale_percent"]
        self.scale_spin.setValue(
            int(scale) if isinstance(scale, int | float) and not isinstance(scale, bool) else 100
        )
        self.logo_message.set_message("")
        self._show_logo()
        self._show_sources()
        # The real invoice is a request (and a render on the service): only for a page the
        # bookkeeper looks at, not for every client opened with the Branding tab behind.
        self._last_invoice_stale = True
        if self.isVisible():
            self.load_last_invoice()

    # the last real invoice --------------------------------------------------------------------

    def _last_invoice_row(self) -> Any:
        """The most recent issued, not voided invoice of this client (of this unit, on a
        unit's page) in the cache, or None."""
        entity_id = self.entity.get("id")
        if not isinstance(entity_id, str) or not self.context.has_workspace:
            return None
        unit_id = self.unit.get("id") if self.unit is not None else None
        for row in self.context.workspace.document_rows_now(entity_id,
                                                            document_type="invoice"):
            if row.local or row.state in ("draft", "voided") or not row.number:
                continue
            if row.business_unit_id == unit_id:
                return row
        return None

    def load_last_invoice(self) -> None:
        """Fetch (or read from the cache) the PDF of the last real invoice for "Last real
        invoice"; the answer for a client or unit left meanwhile is dropped."""
        self._last_invoice_stale = False
        row = self._last_invoice_row()
        if row is None:
            self.last_invoice.show_none()
            return
        self.last_invoice.show_loading()
        locale = client_locale(self.entity)
        heading = f"{title('invoice', locale)} {row.number}"
        file_name = document_pdf_name("invoice", row.number, locale)

        def shown(data: bytes | None) -> None:
            if data:
                self.last_invoice.set_pdf(data, file_name, tr(
                    "%1, as Space Invoices rendered it").replace("%1", heading))
            elif self.context.workspace.connectivity.offline:
                self.last_invoice.show_unavailable_offline()
            else:
                self.last_invoice.show_message(tr("The last invoice's PDF could not be "
                                                  "loaded."))

        def failed(error: BaseException) -> None:
            self.last_invoice.show_message(error_text(error))

        self.context.bridge.run(self.context.workspace.document_pdf(row.id), owner=self,
                                key="last-invoice", on_success=shown, on_error=failed)

    def _set_template(self, template: str | None) -> None:
        """Check the template's button; a value the app does not offer gets its own button
        and is kept as it is."""
        self._template = template
        known = template in self.template_buttons
        if template is not None and not known:
            self._kept_template = template
        self.other_template.setVisible(self._kept_template is not None)
        if self._kept_template is not None:
            self.other_template.setText(short_name(self._kept_template, 18))
            # the name comes from the server: escaped, or Qt renders "<b>…" in it as HTML
            self.other_template.setToolTip(plain_tooltip(
                tr("“{template}” is set on the server. The preview shows it as Modern; it is "
                   "kept unless you choose another template.").replace(
                    "{template}", self._kept_template
                )
            ))
        button = (
            self.template_buttons[template] if template is not None and known
            else self.other_template if template is not None
            else self.template_buttons[DEFAULT_TEMPLATE]
        )
        button.setChecked(True)
        if template is not None and not can_draw(template):
            self.template_note.setText(
                tr("“{template}” is kept as set on the server; the preview shows it as "
                   "Modern.").replace("{template}", template)
            )
        elif template is None:
            self.template_note.setText(tr("No template is set; documents use Modern."))
        else:
            self.template_note.setText("")
        self.template_note.setVisible(bool(self.template_note.text()))

    def collect(self) -> dict[str, Any]:
        own = self.own_settings()
        result: dict[str, Any] = {}
        for key in KEYS:
            if self.is_unit and not self._overridden[key]:
                result[key] = None
                continue
            result[key] = self._widget_value(key, own.get(key))
        return result

    def _widget_value(self, key: str, original: Any) -> Any:
        if key == "pdf_template":
            return self._template if self._template is not None else original
        if key == "primary_color":
            text = self.color_edit.text().strip()
            return text or None
        value = self.scale_spin.value()
        if original is None and value == 100 and not self.is_unit:
            return None
        return value

    def _edited(self, key: str) -> None:
        if self._populating:
            return
        if self.is_unit:
            self._overridden[key] = True
            self._show_sources()
        self.on_edit()

    def use_client_value(self, key: str) -> None:
        """For a unit: drop its own value and show the client's again."""
        if not self.is_unit:
            return
        self._overridden[key] = False
        value = self._entity_value(key)
        self._populating = True
        try:
            if key == "pdf_template":
                self._set_template(value if isinstance(value, str) and value else None)
            elif key == "primary_color":
                self.color_edit.setText(value if isinstance(value, str) else "")
            elif key == "logo_scale_percent":
                number = value if isinstance(value, int) and not isinstance(value, bool) else 100
                self.scale_spin.setValue(number)
        finally:
            self._populating = False
        self._show_sources()
        self.on_edit()

    def _show_sources(self) -> None:
        bars = {
            "pdf_template": self.template_bar,
            "primary_color": self.color_bar,
            "logo_scale_percent": self.scale_bar,
            "logo": self.logo_bar,
        }
        for key, bar in bars.items():
            bar.setVisible(self.is_unit and self.editor_data is not None)
            if self.is_unit:
                bar.set_state(self._overridden[key], self.client_name)

    # template and colour --------------------------------------------------------------------

    def choose_template(self, template: str) -> None:
        self._set_template(template)
        self._edited("pdf_template")

    def _keep_other_template(self) -> None:
        if self._kept_template is not None:
            self.choose_template(self._kept_template)

    def choose_color(self) -> None:
        current = QColor(self._current_color())
        chosen = self.ask_color(current)
        if chosen is None or not chosen.isValid():
            return
        self.set_color(chosen.name())
        self._remember_color(chosen.name())

    def ask_color(self, current: QColor) -> QColor | None:
        """The colour dialog; tests replace this."""
        chosen = QColorDialog.getColor(current, self, tr("Primary colour"))
        return chosen if chosen.isValid() else None

    def set_color(self, color: str) -> None:
        """Put a colour in the field as if typed (undoable)."""
        self.color_edit.selectAll()
        self.color_edit.insert(color)
        self._edited("primary_color")

    def _pick_recent(self, button: QToolButton) -> None:
        color = button.property("color")
        if isinstance(color, str):
            self.set_color(color)

    def recent_colors(self) -> list[str]:
        raw = self.context.settings.value(RECENT_KEY, "", type=str)
        try:
            found = json.loads(str(raw)) if raw else []
        except ValueError:
            found = []
        colors = []
        for item in found if isinstance(found, list) else []:
            try:
                colors.append(branding.parse_color(item))
            except ValueError:
                continue
        return colors[:RECENT_MAX]

    def _remember_color(self, color: str) -> None:
        try:
            color = branding.parse_color(color)
        except ValueError:
            return
        colors = [color, *[c for c in self.recent_colors() if c != color]][:RECENT_MAX]
        self.context.settings.setValue(RECENT_KEY, json.dumps(colors))
        self._show_recent()

    def _show_recent(self) -> None:
        colors = self.recent_colors()
        self.recent_label.setVisible(bool(colors))
        for index, button in enumerate(self.recent_buttons):
            if index < len(colors):
                button.setIcon(_swatch(colors[index], 16))
                button.setToolTip(plain_tooltip(colors[index]))  # read from a settings file
                button.setProperty("color", colors[index])
                button.setVisible(True)
            else:
                button.setVisible(False)

    def _current_color(self) -> str:
        try:
            return branding.parse_color(self.color_edit.text().strip())
        except ValueError:
            return DEFAULT_COLOR

    def _current_template(self) -> str:
        return self._template or DEFAULT_TEMPLATE

    def validate(self) -> list[str]:
        blocking: list[str] = []
        text = self.color_edit.text().strip()
        if text:
            try:
                branding.parse_color(text)
                self.color_message.set_live("")
            except ValueError as error:
                self.color_message.set_live(str(error))
                blocking.append(str(error))
        else:
            self.color_message.set_live("")
        problem = limits.logo_scale_problem(self.scale_spin.value())
        self.scale_message.set_live(problem or "")
        if problem:
            blocking.append(problem)
        self._show_contrast()
        self.swatch.setIcon(_swatch(self._current_color(), 22))
        return blocking

    def _show_contrast(self) -> None:
        color = self._current_color()
        template = self._current_template()
        ratio = primary_contrast(template, color)
        figure = f"{ratio:.1f}:1"
        style = style_for(template)
        shown = template_name(template if can_draw(template) else "modern")
        if style.text_on_primary:
            where = tr("White text on {color} in the {template} template").replace(
                "{color}", color
            ).replace("{template}", shown)
        else:
            where = tr("Text in {color} on white in the {template} template").replace(
                "{color}", color
            ).replace("{template}", shown)
        if ratio < WCAG_AA:
            self.contrast_label.set_message(
                tr("{where} has a contrast of {figure}; WCAG AA asks for at least 4.5:1, so "
                   "some readers will struggle.").replace("{where}", where).replace(
                    "{figure}", figure
                ),
                Tone.WARNING,
            )
        else:
            self.contrast_label.set_message(
                tr("{where}: contrast {figure}, passes WCAG AA.").replace(
                    "{where}", where
                ).replace("{figure}", figure),
                Tone.OK,
            )

    # logo -----------------------------------------------------------------------------------

    def _show_logo(self) -> None:
        data = self.editor_data
        logo = data.logo if data is not None else None
        self._logo_art = LogoArt(logo) if logo else None
        if self._logo_art is None or not self._logo_art.valid:
            self._logo_art = None
            self.logo_view.setPixmap(QPixmap())
            self.logo_view.setText(tr("No logo yet.") if data is not None else "")
            self.logo_view.setMinimumHeight(0)
        else:
            self.logo_view.setPixmap(self._logo_pixmap(logo or b""))
            self.logo_view.setMinimumHeight(64)
        own_logo = data is not None and (
            data.logo_source == "unit" if self.is_unit else data.logo_source == "entity"
        )
        self.remove_logo_button.setVisible(own_logo)
        self.remove_logo_button.setText(tr("Remove"))
        self.scale_spin.setEnabled(self._logo_art is not None)

    def _logo_pixmap(self, data: bytes) -> QPixmap:
        ratio = self.devicePixelRatioF()
        box = QSize(round(200 * ratio), round(64 * ratio))
        art = LogoArt(data)
        aspect = art.aspect() or 1.0
        width = min(box.width(), round(box.height() * aspect))
        height = max(1, round(width / aspect))
        pixmap = QPixmap(max(1, width), height)
        pixmap.fill(QColor(Qt.GlobalColor.transparent))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        art.draw(painter, QRectF(0, 0, width, height))
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    def choose_logo(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in LOGO_EXTENSIONS)
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Choose a logo"), str(Path.home()),
            tr("Images ({patterns})").replace("{patterns}", patterns),
        )
        if path:
            self.upload_logo_file(path)

    def upload_logo_file(self, path: str | Path) -> bool:
        """Check and upload a logo file; returns False (with a message) when it cannot be
        one."""
        if self.editor_data is None:
            return False
        name = os.path.basename(str(path))
        try:
            size = os.path.getsize(path)
            with open(path, "rb") as handle:
                head = handle.read(LOGO_HEAD_BYTES)
        except OSError as error:
            self.logo_message.set_message(
                tr("Cannot read {name}: {error}").replace("{name}", name).replace(
                    "{error}", error.strerror or str(error)
                ),
                Tone.ERROR,
            )
            return False
        problem = logo_file_problem(name, size, head)
        if problem is not None:
            self.logo_message.set_message(problem, Tone.ERROR)
            return False
        content = Path(path).read_bytes()
        self.logo_message.set_message(tr("Uploading {name}…").replace("{name}", name),
                                      Tone.INFO)
        self._logo_job(
            upload_logo(self.context.workspace, self.editor_data, content=content,
                        filename=name, initiator=self),
            tr("Logo uploaded."),
        )
        return True

    def remove_logo(self) -> None:
        if self.editor_data is None:
            return
        self.logo_message.set_message(tr("Removing the logo…"), Tone.INFO)
        done = tr("The unit uses the client's logo again.") if self.is_unit else tr(
            "Logo removed."
        )
        self._logo_job(
            remove_logo(self.context.workspace, self.editor_data, initiator=self), done)

    def _logo_job(self, coro: Any, done: str) -> None:
        self.choose_logo_button.setEnabled(False)
        self.remove_logo_button.setEnabled(False)
        client_id = self.client_id

        def finished(data: EditorData) -> None:
            if client_id != self.client_id:
                return
            self.editor_data = data
            self._data = data
            self._overridden["logo"] = data.logo_source == "unit"
            self._show_logo()
            self._show_sources()
            self.logo_message.set_message(done, Tone.OK)
            if not self.is_unit:
                self.context.client_updated.emit(data.entity)
            self.schedule_preview()

        def failed(error: BaseException) -> None:
            self.logo_message.set_message(
                str(error) if isinstance(error, ValueError) else error_text(error), Tone.ERROR
            )

        def always() -> None:
            self.choose_logo_button.setEnabled(True)
            self.remove_logo_button.setEnabled(True)

        self.context.bridge.run(coro, owner=self, key="logo", on_success=finished,
                                on_error=failed, on_finally=always)

    # preview --------------------------------------------------------------------------------

    def sample(self) -> SampleInvoice | None:
        if self.editor_data is None:
            return None
        overrides = self.collect()
        color = overrides.get("primary_color")
        if isinstance(color, str):
            try:
                branding.parse_color(color)
            except ValueError:
                overrides.pop("primary_color")
        if not self.is_unit:
            overrides = {k: v for k, v in overrides.items() if v is not None}
        return build_sample_invoice(
            self.entity, self.unit, overrides=overrides, logo=self.editor_data.logo
        )

    def refresh_preview(self) -> None:
        invoice = self.sample()
        self.preview.set_invoice(invoice)
        self._thumbs_invoice = invoice
        self._thumbs_stale = True
        self._thumbs_timer.start()

    def _on_thumbs_due(self) -> None:
        if not self.isVisible() and self.window().isVisible():
            return  # a tab nobody looks at: drawn when shown
        self._draw_thumbnails(self._thumbs_invoice)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # first: a page filled as it is shown has new thumbnails due
        if self._thumbs_stale:
            self._draw_thumbnails(self._thumbs_invoice)
        if self._last_invoice_stale:
            self.load_last_invoice()

    def _draw_thumbnails(self, invoice: SampleInvoice | None) -> None:
        self._thumbs_timer.stop()
        self._thumbs_stale = False
        ratio = self.devicePixelRatioF()
        buttons: list[tuple[str, QToolButton]] = list(self.template_buttons.items())
        if self._kept_template is not None:
            buttons.append(("modern", self.other_template))
        for template, button in buttons:
            if invoice is None:
                button.setIcon(QIcon())
                continue
            pixmap = render_thumbnail(invoice, template, THUMB_WIDTH, logo=self._logo_art,
                                      device_pixel_ratio=ratio)
            button.setIcon(QIcon(pixmap))

    def after_save(self, data: Any) -> None:
        super().after_save(data)
        color = self.color_edit.text().strip()
        if color:
            self._remember_color(color)

