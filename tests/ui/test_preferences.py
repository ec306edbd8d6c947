"""Preferences: each value is stored where the rest of the app reads it, the colour scheme
and log level apply at once, and clearing an account's cache asks first, with a count."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from si_desktop.store import Scope, Store
from si_desktop.sync.connection import Connection
from si_desktop.ui import i18n
from si_desktop.ui import preferences as prefs
from si_desktop.ui.context import AppContext
from si_desktop.ui.preferences import PreferencesDialog
from si_desktop.ui.theme import ThemeManager
from tests.ui.fakes import FakeWorkspace, make_entity

KEY = "sk_live_" + "ab" * 16
BASE = "http://127.0.0.1:1"


@pytest.fixture
def dialog(qtbot: QtBot, context: AppContext) -> Iterator[PreferencesDialog]:
    logger = logging.getLogger("si_desktop")
    level = logger.level
    window = PreferencesDialog(context)
    qtbot.addWidget(window)
    try:
        yield window
    finally:
        logger.setLevel(level)


def test_defaults(context: AppContext) -> None:
    assert prefs.refresh_minutes(context.settings) == 15
    assert prefs.color_scheme(context.settings) == "system"
    assert prefs.language(context.settings) == "system"
    assert prefs.log_level(context.settings) == "INFO"
    context.settings.setValue(prefs.REFRESH_MINUTES_KEY, "nonsense")
    context.settings.setValue(prefs.COLOR_SCHEME_KEY, "purple")
    context.settings.setValue(prefs.LOG_LEVEL_KEY, "LOUD")
    assert prefs.refresh_minutes(context.settings) == 15
    assert prefs.color_scheme(context.settings) == "system"
    assert prefs.log_level(context.settings) == "INFO"


def test_values_are_stored(dialog: PreferencesDialog, context: AppContext) -> None:
    assert dialog.refresh_spin.value() == 15
    dialog.refresh_spin.setValue(5)
    assert prefs.refresh_minutes(context.settings) == 5
    dialog.refresh_spin.setValue(0)
    assert prefs.refresh_minutes(context.settings) == 0
    assert dialog.refresh_spin.text() == "Never"
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("DEBUG"))
    assert prefs.log_level(context.settings) == "DEBUG"
    assert logging.getLogger("si_desktop").level == logging.DEBUG
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("sl_SI"))
    assert prefs.language(context.settings) == "sl_SI"
    assert dialog.language_note.isVisibleTo(dialog)  # the interface is English until restart


def test_colour_scheme_applies_at_once(
    qtbot: QtBot, dialog: PreferencesDialog, context: AppContext
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette, sheet = app.palette(), app.styleSheet()
    theme = ThemeManager(app, "light")
    context.theme = theme
    try:
        with qtbot.waitSignal(theme.scheme_changed):
            dialog.scheme_combo.setCurrentIndex(dialog.scheme_combo.findData("dark"))
        assert prefs.color_scheme(context.settings) == "dark"
        assert theme.preference == "dark"
    finally:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.styleHints().colorSchemeChanged.disconnect(theme._on_system_changed)
        app.setStyleSheet(sheet)
        app.setPalette(palette)


def test_open_folder_opens_the_data_folder(dialog: PreferencesDialog, context: AppContext) -> None:
    opened: list[QUrl] = []
    context.open_url = lambda url: opened.append(url) or True
    dialog.open_folder_button.click()
    assert [url.toLocalFile() for url in opened] == [str(context.data_dir)]
    assert dialog.folder_edit.text() == str(context.data_dir)


def _seed_cache(context: AppContext) -> tuple[Scope, Scope]:
    mine = Scope.for_api_key(KEY, base_url=BASE)
    other = Scope.for_api_key("sk_sandbox_" + "cd" * 16, base_url="https://api.example")
    with Store.open_in(context.data_dir) as store:
        store.entities.upsert(mine, [make_entity(i) for i in range(3)])
        store.entities.upsert(other, [make_entity(i) for i in range(5)])
    return mine, other


def test_clear_cache_asks_with_a_count_and_clears_one_account(
    qtbot: QtBot, context: AppContext
) -> None:
    mine, other = _seed_cache(context)
    fake = FakeWorkspace([])
    fake.connection = Connection(base_url=BASE, api_key=KEY)
    context.workspace_factory = lambda connection: fake
    context.open_connection(fake.connection)
    dialog = PreferencesDialog(context)
    qtbot.addWidget(dialog)
    rows = [dialog.cache_list.item(i).text() for i in range(dialog.cache_list.count())]
    assert len(rows) == 2
    assert rows[0].startswith("This account (open now)") and "Clients: 3" in rows[0]
    assert "Clients: 5" in rows[1] and "sandbox" in rows[1]
    assert all(KEY not in row for row in rows)

    asked: list[tuple[str, str]] = []
    dialog.confirm_clear = lambda text, more: asked.append((text, more)) or False  # type: ignore[method-assign]
    dialog.cache_list.setCurrentRow(0)
    dialog.clear_button.click()
    assert "Clients: 3" in asked[0][1]
    with Store.open_in(context.data_dir) as store:
        assert store.scopes.counts(mine).entities == 3  # cancelled: nothing went

    dialog.confirm_clear = lambda text, more: True  # type: ignore[method-assign]
    dialog.clear_button.click()
    with Store.open_in(context.data_dir) as store:
        assert store.scopes.counts(mine).entities == 0
        assert store.scopes.counts(other).entities == 5
    assert dialog.cache_list.count() == 1


def test_no_cache_file_means_nothing_to_clear(dialog: PreferencesDialog) -> None:
    assert dialog.cache_list.count() == 0
    assert dialog.cache_empty.isVisibleTo(dialog)
    assert not dialog.clear_button.isEnabled()
    assert not dialog.context.local_cache.path.exists()  # looking creates nothing


def test_the_window_opens_preferences_with_ctrl_comma_and_about(
    qtbot: QtBot, context: AppContext
) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QDialog

    from si_desktop.ui.about import AboutDialog
    from si_desktop.ui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    shown: list[QDialog] = []
    window.run_modal = shown.append  # type: ignore[method-assign]
    assert window.preferences_action.shortcut() == QKeySequence("Ctrl+,")
    window.preferences_action.trigger()
    window.about()
    assert [type(d) for d in shown] == [PreferencesDialog, AboutDialog]


def test_the_cache_line_names_archived_units_and_wraps(
    qtbot: QtBot, context: AppContext
) -> None:
    """The cache holds archived units too (the status bar counts only active ones): the
    line says how many are archived, and wraps below the account's name in a narrow list
    instead of running off to the right."""
    mine = Scope.for_api_key(KEY, base_url=BASE)
    entity = make_entity(1)
    units = [
        {"id": f"unit_{i:024x}", "entity_id": entity["id"], "name": f"Enota {i}",
         "numbering_index": i, "is_active": i != 3,
         "deleted_at": "2025-03-01T10:00:00.000Z" if i == 3 else None, "settings": {},
         "updated_at": "2024-09-01T00:00:00.000Z"}
        for i in range(1, 4)
    ]
    with Store.open_in(context.data_dir) as store:
        store.entities.upsert(mine, [entity])
        store.units.upsert(mine, units)
        assert store.scopes.counts(mine).archived_business_units == 1
    dialog = PreferencesDialog(context)
    qtbot.addWidget(dialog)
    dialog.resize(560, 500)
    dialog.show()
    qtbot.waitExposed(dialog)
    item = dialog.cache_list.item(0)
    name, counts = item.text().split("\n")
    assert name.startswith("Account ")
    assert counts.startswith("Clients: 1, business units: 3 (1 archived), files: 0")
    assert dialog.cache_list.wordWrap()
    assert dialog.cache_list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert dialog.cache_list.visualItemRect(item).width() <= dialog.cache_list.viewport().width()
    asked: list[str] = []
    dialog.confirm_clear = lambda text, more: asked.append(text) or False  # type: ignore[method-assign]
    dialog.clear_button.click()
    assert asked == [f"Clear the cache of “{name}”?"]


def test_the_language_note_says_which_language_is_in_use(
    qtbot: QtBot, context: AppContext
) -> None:
    """The interface may run in another language than the preference says (chosen on the
    command line for one run): the dialog names the one in use."""
    system = i18n.resolve_language(i18n.SYSTEM)
    other = i18n.SLOVENIAN if system == i18n.ENGLISH else i18n.ENGLISH
    names = {i18n.ENGLISH: "English", i18n.SLOVENIAN: "Slovenščina"}
    context.translations = i18n.Translations()
    context.translations.language = other  # as `--language` would have installed it
    dialog = PreferencesDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.language_combo.currentData() == i18n.SYSTEM
    assert dialog.language_note.isVisibleTo(dialog)
    assert dialog.language_note.text() == (
        f"In use now: {names[other]}. {names[system]} shows after si-desktop restarts."
    )
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(other))
    assert not dialog.language_note.isVisibleTo(dialog)  # the choice is what is shown
