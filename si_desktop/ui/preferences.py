"""Preferences (Ctrl+,): language, colour scheme, refresh interval, log level, the client
metadata key naming a client's bookkeeper and the user's own name (the client list's "Mine"
filter), the data folder, and clearing an account's cache.

The values live in the app's QSettings (`settings.ini` in the data folder); the functions at
the top read them with their defaults, so other parts of the app (the refresh timer of the
offline cache, the start-up code) read the same keys the same way.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt, QUrl
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from si_desktop.core.practice import DEFAULT_BOOKKEEPER_KEY
from si_desktop.sync.vocabulary import Scope, ScopeCounts, ScopeSummary, StoreError
from si_desktop.ui import i18n
from si_desktop.ui.context import AppContext
from si_desktop.ui.i18n import QT_TRANSLATE_NOOP
from si_desktop.ui.theme import SCHEME_CHOICES, SYSTEM, ThemeManager
from si_desktop.ui.widgets import quiet_label

LANGUAGE_KEY = "ui/language"
COLOR_SCHEME_KEY = "ui/color_scheme"
REFRESH_MINUTES_KEY = "sync/refresh_minutes"
LOG_LEVEL_KEY = "logging/level"
BOOKKEEPER_KEY_KEY = "practice/bookkeeper_key"
MY_NAME_KEY = "practice/my_name"
DEFAULT_REFRESH_MINUTES = 15
MAX_REFRESH_MINUTES = 24 * 60
LOG_LEVELS = ("ERROR", "WARNING", "INFO", "DEBUG")
DEFAULT_LOG_LEVEL = "INFO"

_SCHEME_LABELS = {
    SYSTEM: QT_TRANSLATE_NOOP("Preferences", "Follow the system"),
    "light": QT_TRANSLATE_NOOP("Preferences", "Light"),
    "dark": QT_TRANSLATE_NOOP("Preferences", "Dark"),
}
_LEVEL_LABELS = {
    "ERROR": QT_TRANSLATE_NOOP("Preferences", "Errors only"),
    "WARNING": QT_TRANSLATE_NOOP("Preferences", "Warnings and errors"),
    "INFO": QT_TRANSLATE_NOOP("Preferences", "Information (default)"),
    "DEBUG": QT_TRANSLATE_NOOP("Preferences", "Everything, for a bug report"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Preferences", text)


_NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # a cached account's name in the list


# the values ------------------------------------------------------------------------------


def _text(settings: QSettings, key: str, default: str) -> str:
    value = settings.value(key, default)
    return value if isinstance(value, str) and value else default


def language(settings: QSettings) -> str:
    value = _text(settings, LANGUAGE_KEY, i18n.SYSTEM)
    return value if value in i18n.LANGUAGE_CHOICES else i18n.SYSTEM


def resolved_language(preference: str) -> str:
    return i18n.resolve_language(preference)


def color_scheme(settings: QSettings) -> str:
    value = _text(settings, COLOR_SCHEME_KEY, SYSTEM)
    return value if value in SCHEME_CHOICES else SYSTEM


def refresh_minutes(settings: QSettings) -> int:
    """How often the open workspace refreshes in the background, in minutes (0: never)."""
    value = settings.value(REFRESH_MINUTES_KEY, DEFAULT_REFRESH_MINUTES)
    try:
        minutes = int(str(value))
    except (TypeError, ValueError):
        return DEFAULT_REFRESH_MINUTES
    return minutes if 0 <= minutes <= MAX_REFRESH_MINUTES else DEFAULT_REFRESH_MINUTES


def bookkeeper_key(settings: QSettings) -> str:
    """The client metadata key that names a client's bookkeeper."""
    return _text(settings, BOOKKEEPER_KEY_KEY, DEFAULT_BOOKKEEPER_KEY).strip() \
        or DEFAULT_BOOKKEEPER_KEY


def my_name(settings: QSettings) -> str:
    """The user's name as the bookkeeper metadata writes it ("" when not set)."""
    return _text(settings, MY_NAME_KEY, "").strip()


def log_level(settings: QSettings) -> str:
    value = _text(settings, LOG_LEVEL_KEY, DEFAULT_LOG_LEVEL).upper()
    return value if value in LOG_LEVELS else DEFAULT_LOG_LEVEL


def theme_of(context: AppContext) -> ThemeManager | None:
    return context.theme


def describe_counts(counts: ScopeCounts) -> str:
    """"Clients: 412, business units: 37 (4 archived), files: 5 (1.2 MB)", with edits not
    yet sent. The business units are every one cached, archived ones included; the
    status bar after a refresh counts the active ones, so this says how many of these are
    archived."""
    locale = QLocale()
    if counts.archived_business_units:
        template = tr("Clients: %1, business units: %2 (%5 archived), files: %3 (%4)")
    else:
        template = tr("Clients: %1, business units: %2, files: %3 (%4)")
    text = (
        template
        .replace("%1", locale.toString(counts.entities))
        .replace("%2", locale.toString(counts.business_units))
        .replace("%3", locale.toString(counts.files))
        .replace("%4", locale.formattedDataSize(counts.file_bytes))
        .replace("%5", locale.toString(counts.archived_business_units))
    )
    if counts.queued_edits:
        text += ", " + tr("edits not yet sent: %1").replace(
            "%1", locale.toString(counts.queued_edits)
        )
    return text


def apply_preferences(
    context: AppContext,
    *,
    scheme_override: str | None = None,
    language_override: str | None = None,
) -> None:
    """Install the interface language, the colour scheme and the log level the user chose
    (or the command line's overrides) before any window is built: widgets take their texts
    when they are made. The theme and translations are kept in the context."""
    from si_desktop.ui.i18n import Translations

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    translations = Translations()
    translations.install(
        resolved_language(language_override or language(context.settings)),
        context.data_dir,
    )
    context.translations = translations
    theme = ThemeManager(app, scheme_override or color_scheme(context.settings))
    theme.apply()
    context.theme = theme
    logging.getLogger("si_desktop").setLevel(log_level(context.settings))


# the dialog ------------------------------------------------------------------------------


class PreferencesDialog(QDialog):
    """Applies each change at once (colour scheme, log level) or for the next start
    (language); Close closes."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = context.settings
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(tr("Preferences"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        look = QGroupBox(tr("Look and language"), self)
        form = QFormLayout(look)
        self.language_combo = QComboBox(look)
        self.language_combo.setObjectName("languageCombo")
        system_name = i18n.resolve_language(i18n.SYSTEM)
        self.language_combo.addItem(
            tr("Same as the system (%1)").replace("%1", self._language_name(system_name)),
            i18n.SYSTEM,
        )
        self.language_combo.addItem("English", i18n.ENGLISH)
        self.language_combo.addItem("Slovenščina", i18n.SLOVENIAN)
        self._select(self.language_combo, language(self.settings))
        self.language_combo.setAccessibleName(tr("Language"))
        self.language_combo.currentIndexChanged.connect(self._language_changed)
        form.addRow(tr("&Language:"), self.language_combo)
        self.language_note = quiet_label("")
        self.language_note.setObjectName("languageNote")
        self.language_note.setWordWrap(True)
        form.addRow("", self.language_note)
        self._show_language_note()
        self.scheme_combo = QComboBox(look)
        self.scheme_combo.setObjectName("colorSchemeCombo")
        for key in SCHEME_CHOICES:
            self.scheme_combo.addItem(tr(str(_SCHEME_LABELS[key])), key)
        self._select(self.scheme_combo, color_scheme(self.settings))
        self.scheme_combo.setAccessibleName(tr("Colour scheme"))
        self.scheme_combo.currentIndexChanged.connect(self._scheme_changed)
        form.addRow(tr("Colour &scheme:"), self.scheme_combo)
        layout.addWidget(look)

        work = QGroupBox(tr("Working"), self)
        work_form = QFormLayout(work)
        self.refresh_spin = QSpinBox(work)
        self.refresh_spin.setObjectName("refreshMinutes")
        self.refresh_spin.setRange(0, MAX_REFRESH_MINUTES)
        self.refresh_spin.setSpecialValueText(tr("Never"))
        self.refresh_spin.setSuffix(tr(" min"))
        self.refresh_spin.setValue(refresh_minutes(self.settings))
        self.refresh_spin.setAccessibleName(tr("Refresh interval in minutes"))
        self.refresh_spin.valueChanged.connect(self._refresh_changed)
        work_form.addRow(tr("&Refresh every:"), self.refresh_spin)
        self.level_combo = QComboBox(work)
        self.level_combo.setObjectName("logLevelCombo")
        for key in LOG_LEVELS:
            self.level_combo.addItem(tr(str(_LEVEL_LABELS[key])), key)
        self._select(self.level_combo, log_level(self.settings))
        self.level_combo.setAccessibleName(tr("Log level"))
        self.level_combo.currentIndexChanged.connect(self._level_changed)
        work_form.addRow(tr("Lo&g:"), self.level_combo)
        self.bookkeeper_key_edit = QLineEdit(bookkeeper_key(self.settings), work)
        self.bookkeeper_key_edit.setObjectName("bookkeeperKey")
        self.bookkeeper_key_edit.setAccessibleName(tr("Metadata key of the bookkeeper"))
        self.bookkeeper_key_edit.setToolTip(
            tr("The client metadata key that names the client's bookkeeper."))
        self.bookkeeper_key_edit.editingFinished.connect(self._bookkeeper_key_changed)
        work_form.addRow(tr("&Bookkeeper key:"), self.bookkeeper_key_edit)
        self.my_name_edit = QLineEdit(my_name(self.settings), work)
        self.my_name_edit.setObjectName("myName")
        self.my_name_edit.setAccessibleName(tr("My name as bookkeeper"))
        self.my_name_edit.setToolTip(
            tr("Your name as the bookkeeper key holds it: the client list's Mine filter."))
        self.my_name_edit.editingFinished.connect(self._my_name_changed)
        work_form.addRow(tr("&My name:"), self.my_name_edit)
        layout.addWidget(work)

        data = QGroupBox(tr("Data folder and cache"), self)
        data_layout = QVBoxLayout(data)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(context.data_dir), data)
        self.folder_edit.setObjectName("dataFolder")
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setAccessibleName(tr("Data folder"))
        folder_row.addWidget(self.folder_edit, 1)
        self.open_folder_button = QPushButton(tr("&Open folder"), data)
        self.open_folder_button.setObjectName("openFolder")
        self.open_folder_button.setAccessibleName(tr("Open the data folder"))
        self.open_folder_button.clicked.connect(self.open_folder)
        folder_row.addWidget(self.open_folder_button)
        data_layout.addLayout(folder_row)
        cache_note = quiet_label(
            tr("Cached clients, by account. Clearing one loads it again from the server the "
               "next time it is opened."),
            data,
        )
        cache_note.setWordWrap(True)
        data_layout.addWidget(cache_note)
        self.cache_list = QListWidget(data)
        self.cache_list.setObjectName("cacheList")
        self.cache_list.setAccessibleName(tr("Cached accounts"))
        self.cache_list.setMinimumHeight(90)
        # an account's name above its counts, wrapped to the width (Slovenian is longer)
        self.cache_list.setWordWrap(True)
        self.cache_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.cache_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.cache_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cache_list.currentRowChanged.connect(lambda _row: self._update_clear_button())
        data_layout.addWidget(self.cache_list)
        clear_row = QHBoxLayout()
        self.cache_empty = quiet_label(tr("Nothing is cached yet."), data)
        clear_row.addWidget(self.cache_empty, 1)
        self.clear_button = QPushButton(tr("&Clear cache…"), data)
        self.clear_button.setObjectName("clearCache")
        self.clear_button.setAccessibleName(tr("Clear the selected account's cache"))
        self.clear_button.clicked.connect(self.clear_selected)
        clear_row.addWidget(self.clear_button)
        data_layout.addLayout(clear_row)
        layout.addWidget(data)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(tr("Close"))
        layout.addWidget(buttons)
        self.load_cache()

    # the look ------------------------------------------------------------------------------

    @staticmethod
    def _language_name(code: str) -> str:
        return "Slovenščina" if code == i18n.SLOVENIAN else "English"

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(0, index))

    def _language_changed(self) -> None:
        value = str(self.language_combo.currentData())
        self.settings.setValue(LANGUAGE_KEY, value)
        self._show_language_note()

    def in_use_language(self) -> str:
        """The language the interface shows now: the preference's at start, unless the
        command line chose another for this run (or a catalog could not be loaded)."""
        return str(getattr(self.context.translations, "language", i18n.ENGLISH))

    def _show_language_note(self) -> None:
        """When the choice is not the language on screen, say which one is, and that the
        choice shows after a restart."""
        chosen = i18n.resolve_language(str(self.language_combo.currentData()))
        current = self.in_use_language()
        self.language_note.setText(
            tr("In use now: %1. %2 shows after si-desktop restarts.")
            .replace("%1", self._language_name(current))
            .replace("%2", self._language_name(chosen))
            if chosen != current else ""
        )
        self.language_note.setVisible(chosen != current)

    def _scheme_changed(self) -> None:
        value = str(self.scheme_combo.currentData())
        self.settings.setValue(COLOR_SCHEME_KEY, value)
        theme = theme_of(self.context)
        if theme is not None:
            theme.set_preference(value)

    def _refresh_changed(self, minutes: int) -> None:
        self.settings.setValue(REFRESH_MINUTES_KEY, minutes)

    def _bookkeeper_key_changed(self) -> None:
        self.settings.setValue(BOOKKEEPER_KEY_KEY, self.bookkeeper_key_edit.text().strip())

    def _my_name_changed(self) -> None:
        self.settings.setValue(MY_NAME_KEY, self.my_name_edit.text().strip())

    def _level_changed(self) -> None:
        value = str(self.level_combo.currentData())
        self.settings.setValue(LOG_LEVEL_KEY, value)
        logging.getLogger("si_desktop").setLevel(value)

    # the data folder -----------------------------------------------------------------------

    def open_folder(self) -> None:
        self.context.open_url(QUrl.fromLocalFile(str(self.context.data_dir)))

    def _current_scopes(self) -> dict[Scope, str]:
        """The scope of the open workspace, named for the list."""
        if not self.context.has_workspace:
            return {}
        from si_desktop.sync.connection import scope_of

        connection = self.context.workspace.connection
        try:
            scope = scope_of(connection)
        except ValueError:
            return {}
        label = tr("Demo workspace") if connection.demo else tr("This account (open now)")
        return {scope: label}

    def load_cache(self) -> None:
        self.cache_list.clear()
        summaries: list[ScopeSummary] = []
        try:
            summaries = self.context.local_cache.summaries()
        except StoreError as error:
            self.cache_empty.setText(tr("The cache cannot be read: %1").replace("%1", str(error)))
        named = self._current_scopes()
        for summary in summaries:
            scope = summary.scope
            name = named.get(scope) or tr("Account %1 (%2)").replace(
                "%1", scope.account.removeprefix("fp_")[:8]
            ).replace("%2", scope.environment)
            item = QListWidgetItem(f"{name}\n{describe_counts(summary.counts)}")
            item.setData(Qt.ItemDataRole.UserRole, scope)
            item.setData(_NAME_ROLE, name)
            self.cache_list.addItem(item)
        self.cache_empty.setVisible(self.cache_list.count() == 0)
        if self.cache_list.count():
            self.cache_list.setCurrentRow(0)
        self._update_clear_button()

    def _update_clear_button(self) -> None:
        self.clear_button.setEnabled(self.cache_list.currentItem() is not None)

    def confirm_clear(self, text: str, informative: str) -> bool:
        """Asks before clearing; tests replace this."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(tr("Clear cache"))
        box.setText(text)
        box.setInformativeText(informative)
        box.setStandardButtons(
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.button(QMessageBox.StandardButton.Discard).setText(tr("Clear cache"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Discard

    def clear_selected(self) -> None:
        item: QListWidgetItem | None = self.cache_list.currentItem()
        if item is None:
            return
        scope = item.data(Qt.ItemDataRole.UserRole)
        cache = self.context.local_cache
        counts = cache.counts(scope) or ScopeCounts()
        informative = tr("This removes %1 from this computer.").replace(
            "%1", describe_counts(counts)
        )
        if counts.queued_edits:
            informative += " " + tr(
                "Edits not yet sent are lost: they were never saved on the server."
            )
        name = str(item.data(_NAME_ROLE))
        if not self.confirm_clear(tr("Clear the cache of “%1”?").replace("%1", name), informative):
            return
        cache.clear(scope)
        self.context.status_message.emit(tr("Cache cleared."))
        self.load_cache()
