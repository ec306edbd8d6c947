"""Slovenian: every string the interface translates has a Slovenian translation that is not
empty and keeps the same placeholders, both as pyside6-lupdate finds them in the code and
as the running window asks for them (which also covers strings kept in tables)."""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from si_desktop.ui import i18n
from si_desktop.ui.about import AboutDialog
from si_desktop.ui.context import AppContext
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.preferences import PreferencesDialog
from tests.painted import wait_painted
from tests.ui.fakes import FakeWorkspace, make_entity

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "resources" / "translations" / "si-desktop_sl_SI.ts"
PLACEHOLDER = re.compile(r"%(?:\d+|n)|\{\{?[A-Za-z_]+\}?\}")


def _tool(name: str) -> str:
    folder = Path(PySide6.__file__).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    pytest.skip(f"PySide6's {name} is not installed")


def _messages(ts: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) → the translation's forms ([] when unfinished or obsolete)."""
    found: dict[tuple[str, str], list[str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            forms: list[str] = []
            if translation is not None and translation.get("type") not in (
                "unfinished", "obsolete", "vanished"
            ):
                numerus = translation.findall("numerusform")
                forms = [f.text or "" for f in numerus] if numerus else [translation.text or ""]
            found[(name, source)] = forms
    return found


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _check(source: str, forms: list[str]) -> str | None:
    if not forms or any(not form.strip() for form in forms):
        return f"no Slovenian for {source!r}"
    for form in forms:
        if _placeholders(form) != _placeholders(source):
            return f"placeholders differ: {source!r} → {form!r}"
    return None


def test_every_string_in_the_code_has_a_slovenian_translation(tmp_path: Path) -> None:
    """Extract the strings afresh with pyside6-lupdate and look each up in the catalog."""
    fresh = tmp_path / "fresh_sl_SI.ts"
    files = sorted(str(p) for p in (ROOT / "si_desktop" / "ui").rglob("*.py"))
    subprocess.run(
        [_tool("lupdate"), "-extensions", "py", "-locations", "none", *files, "-ts", str(fresh)],
        check=True, capture_output=True, timeout=120,
    )
    catalog = _messages(CATALOG)
    wanted = _messages(fresh)
    assert len(wanted) > 300
    problems = [
        problem
        for key in wanted
        if (problem := _check(key[1], catalog.get(key, []))) is not None
    ]
    assert not problems, "\n".join(problems)


def test_the_catalog_keeps_placeholders_and_has_nothing_unfinished() -> None:
    text = CATALOG.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text
    problems = [
        problem
        for (_context, source), forms in _messages(CATALOG).items()
        if (problem := _check(source, forms)) is not None
    ]
    assert not problems, "\n".join(problems)


class Recording(i18n.CatalogTranslator):
    """Our catalog, remembering every string of ours it was asked for and did not have."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[tuple[str, str]] = set()
        self.missing: set[tuple[str, str]] = set()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        found = super().translate(context, source, disambiguation, n)
        if context and not context.startswith("Q"):  # Qt's own contexts start with Q
            self.asked.add((context, source))
            if not found:
                self.missing.add((context, source))
        return found


@pytest.fixture
def slovenian(tmp_path: Path) -> Iterator[Recording]:
    qm = tmp_path / "si-desktop_sl_SI.qm"
    subprocess.run(
        [_tool("lrelease"), "-silent", str(CATALOG), "-qm", str(qm)],
        check=True, capture_output=True, timeout=120,
    )
    translator = Recording()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        yield translator
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_running_window_finds_every_string_in_slovenian(
    qtbot: QtBot, context: AppContext, slovenian: Recording
) -> None:
    """Builds the window with every page, opens a client, and the dialogs; every string of
    ours that is looked up (table labels included) must be in the catalog."""
    fake = FakeWorkspace([make_entity(i) for i in range(1, 4)])
    context.workspace_factory = lambda connection: fake
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.open_connection(fake.connection)
    window.show()
    qtbot.waitUntil(lambda: bool(context.current_client_id), timeout=5000)
    qtbot.waitUntil(lambda: all(p.client_id and not p.is_loading for p in window.pages),
                    timeout=5000)  # every page has its answer (data or an error)
    for page in window.pages:
        window.tabs.setCurrentWidget(page)
        wait_painted(qtbot, page)
    for dialog_class in (PreferencesDialog, AboutDialog):
        dialog = dialog_class(context, window)
        dialog.show()
        dialog.close()
    window.export_many()  # File → Export for many clients…
    assert window.firm_export is not None
    window.firm_export.close()
    from si_desktop.ui.exports.client_dialog import ExportDialog

    export = ExportDialog(context, context.current_client_id, window)
    export.show()
    export.close()
    assert window.tabs.tabText(0) == "Dokumenti"
    assert len(slovenian.asked) > 100
    assert not slovenian.missing, sorted(slovenian.missing)
    window.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]


def test_the_catalog_is_compiled_into_the_data_folder_when_resources_are_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "resources"
    source.mkdir()
    (source / CATALOG.name).write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    source.chmod(0o555)
    monkeypatch.setattr(i18n, "translations_source", lambda: source)
    real_access = i18n.os.access
    monkeypatch.setattr(  # root ignores the mode bits: say the folder is read-only
        i18n.os, "access", lambda path, mode: path != source and real_access(path, mode)
    )
    data = tmp_path / "data"
    try:
        path = i18n.catalog_path(i18n.SLOVENIAN, data)
    finally:
        source.chmod(0o755)
    assert path == data / "translations" / "si-desktop_sl_SI.qm"
    assert path.is_file() and not (source / "si-desktop_sl_SI.qm").exists()


def test_language_follows_the_system_unless_chosen() -> None:
    slovene = QLocale(QLocale.Language.Slovenian, QLocale.Country.Slovenia)
    german = QLocale(QLocale.Language.German, QLocale.Country.Austria)
    assert i18n.resolve_language("system", slovene) == "sl_SI"
    assert i18n.resolve_language("system", german) == "en"
    assert i18n.resolve_language("en", slovene) == "en"
    assert i18n.resolve_language("sl_SI", german) == "sl_SI"
    # formats stay the user's own, whatever the interface language
    assert i18n.formatting_locale("en", slovene) == slovene
    assert i18n.formatting_locale("sl_SI", german) == german
    assert i18n.formatting_locale("sl_SI", QLocale.c()).language() == QLocale.Language.Slovenian


def test_installing_slovenian_translates_and_sets_the_locale(
    qtbot: QtBot, context: AppContext
) -> None:
    app = QApplication.instance()
    assert app is not None
    previous = QLocale()
    translations = i18n.Translations()
    try:
        assert translations.install(i18n.SLOVENIAN, context.data_dir) == "sl_SI"
        assert QCoreApplication.translate("MainWindow", "&File") == "&Datoteka"
        assert QCoreApplication.translate("Preferences", "Never") == "Nikoli"
        assert translations.install(i18n.ENGLISH, context.data_dir) == "en"
        assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    finally:
        translations.install(i18n.ENGLISH, context.data_dir)
        QLocale.setDefault(previous)


def test_core_texts_list_every_placeholder_text_of_core() -> None:
    from si_desktop.core.templates import PLACEHOLDER_GROUPS
    from si_desktop.ui.core_texts import PLACEHOLDER_TEXTS

    expected = []
    for group in PLACEHOLDER_GROUPS:
        expected.append(group.name)
        expected += [info.description for info in group.placeholders]
    assert list(PLACEHOLDER_TEXTS) == expected


def test_a_bundle_uses_the_catalog_it_ships(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyInstaller copies files without their times: the shipped .qm may look older than
    the .ts beside it, and a bundle has no lrelease to compile another."""
    import sys

    source = tmp_path / "resources"
    source.mkdir()
    ts = source / CATALOG.name
    qm = ts.with_suffix(".qm")
    qm.write_bytes(b"compiled")
    ts.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")  # newer
    monkeypatch.setattr(i18n, "translations_source", lambda: source)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(i18n, "_lrelease", lambda: None)
    assert i18n.catalog_path(i18n.SLOVENIAN, tmp_path / "data") == qm


def test_an_installed_wheel_never_writes_into_its_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a wheel's writable site-packages got a .qm compiled at first run, which
    `pip uninstall` then left behind. Now the wheel ships it; one built without a compiler
    is compiled into the data folder."""
    package = tmp_path / "site-packages" / "si_desktop" / "_resources" / "translations"
    package.mkdir(parents=True)
    ts = package / CATALOG.name
    ts.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(i18n, "translations_source", lambda: package)
    data = tmp_path / "data"
    path = i18n.catalog_path(i18n.SLOVENIAN, data)
    assert path == data / "translations" / "si-desktop_sl_SI.qm" and path.is_file()
    assert sorted(p.name for p in package.iterdir()) == [CATALOG.name]

    shipped = ts.with_suffix(".qm")
    shipped.write_bytes(b"compiled at build")
    os.utime(shipped, (1, 1))  # older than the .ts: install times say nothing
    monkeypatch.setattr(i18n, "_lrelease", lambda: None)
    assert i18n.catalog_path(i18n.SLOVENIAN, data) == shipped
    assert shipped.read_bytes() == b"compiled at build"


def test_a_checkout_compiles_beside_its_sources() -> None:
    source = i18n.translations_source()
    assert source is not None and source == ROOT / "resources" / "translations"
    assert i18n._in_checkout(source)
