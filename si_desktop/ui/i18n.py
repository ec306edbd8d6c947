"""The interface language: English (the source strings) or Slovenian, through Qt Linguist.

`.ts` sources live in `resources/translations/`; the `.qm` files Qt loads are built from
them by `pyside6-lrelease`: for a wheel at its build (packaging/setuptools_hooks.py), for a
bundle by the PyInstaller spec, and in a source checkout at start, beside the `.ts`, when
missing or older than it. An installed app never writes into its own package: a wheel built
without the compiler is compiled at start into `<data folder>/translations/` and used from
there. If that is impossible too, the app starts in English and logs why.

Only the interface is translated. Client data (names, e-mail templates, numbering formats)
is shown exactly as stored.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from si_desktop.resources import ResourceNotFoundError, checkout_resources, resource_path

log = logging.getLogger(__name__)

CATALOG = "si-desktop"
SYSTEM = "system"
ENGLISH = "en"
SLOVENIAN = "sl_SI"
LANGUAGE_CHOICES = (SYSTEM, ENGLISH, SLOVENIAN)


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks `source` for pyside6-lupdate in `context` and returns it unchanged, for tables
    declared at import time and translated where they are shown. (PySide6's own is typed
    as returning `object`.)"""
    return source


def resolve_language(preference: str, system: QLocale | None = None) -> str:
    """"en" or "sl_SI": the preference, or for "system" the system's language when we have
    it (any Slovenian locale) and English otherwise."""
    if preference in (ENGLISH, SLOVENIAN):
        return preference
    locale = system if system is not None else QLocale.system()
    return SLOVENIAN if locale.language() == QLocale.Language.Slovenian else ENGLISH


def translations_source() -> Path | None:
    try:
        return resource_path("translations")
    except ResourceNotFoundError:
        return None


def _lrelease() -> list[str] | None:
    """The command that compiles .ts to .qm: the lrelease PySide6 ships, else one on PATH."""
    try:
        import PySide6

        folder = Path(PySide6.__file__).parent
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        return None
    for name in ("lrelease", "lrelease.exe"):
        candidate = folder / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return [found] if found else None


def _stale(qm: Path, ts: Path) -> bool:
    return not qm.is_file() or qm.stat().st_mtime < ts.stat().st_mtime


def compile_catalog(ts: Path, qm: Path) -> bool:
    command = _lrelease()
    if command is None:
        log.warning("no lrelease to compile %s; the interface stays in English", ts.name)
        return False
    qm.parent.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [*command, "-silent", str(ts), "-qm", str(qm)],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("could not compile %s: %s", ts.name, error)
        return False
    return qm.is_file()


def _in_checkout(source: Path) -> bool:
    checkout = checkout_resources()
    return checkout is not None and source.parent == checkout and not getattr(
        sys, "frozen", False
    )


def catalog_path(language: str, data_dir: Path) -> Path | None:
    """The compiled catalog for `language` ("sl_SI"). An installed wheel or a bundle ships
    it (file times there say nothing: it was compiled from the sources beside it). In a
    checkout it is compiled first if missing or older than its source, beside the source
    when that folder is writable; else, and for a wheel built without a compiler, into the
    data folder."""
    source = translations_source()
    if source is None:
        return None
    ts = source / f"{CATALOG}_{language}.ts"
    qm = ts.with_suffix(".qm")
    checkout = _in_checkout(source)
    if not ts.is_file() or (not checkout and qm.is_file()):
        return qm if qm.is_file() else None
    if not _stale(qm, ts):
        return qm
    if checkout and os.access(source, os.W_OK) and compile_catalog(ts, qm):
        return qm
    cached = data_dir / "translations" / qm.name
    if not _stale(cached, ts) or compile_catalog(ts, cached):
        return cached
    return qm if qm.is_file() else None  # older than its source, but better than none


def formatting_locale(language: str, system: QLocale | None = None) -> QLocale:
    """The locale numbers, dates and money are shown in: the user's own (the system's),
    whatever the interface language, so a Slovenian who prefers English menus keeps a decimal
    comma. Only an unset system locale ("C") takes the interface language's (sl_SI), or
    stays "C" (ISO dates, decimal point) for English."""
    system = system if system is not None else QLocale.system()
    if system.language() == QLocale.Language.C and language == SLOVENIAN:
        return QLocale(QLocale.Language.Slovenian, QLocale.Country.Slovenia)
    return system


class CatalogTranslator(QTranslator):
    """Our catalog, looked up by the caller's context and then by the empty one.

    The UI's modules translate through small `tr()` helpers that name a context
    ("MainWindow", "Editors" …); pyside6-lupdate files every call of such a plain function
    under the empty context. Looking there second finds those strings without renaming a
    helper in every module. Counts are mostly worded so that one form fits every number
    ("strank: %n"), so a message without plural forms is used for any count."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        for where in (context, "") if context else ("",):
            found = super().translate(where, source, disambiguation, n)
            if not found and n >= 0:
                # a message with one form for every count ("strank: %n"): Qt would look
                # for the count's plural form and find none
                found = super().translate(where, source, disambiguation, -1)
            if found:
                return found
        return ""


class Translations:
    """The translators installed on the application; one per running app."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = ENGLISH

    def install(self, language: str, data_dir: Path) -> str:
        """Switch the interface and the default locale to `language`; returns the language
        actually in use ("en" when the Slovenian catalog could not be loaded)."""
        app = QCoreApplication.instance()
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed.clear()
        chosen = ENGLISH
        if language != ENGLISH and app is not None:
            path = catalog_path(language, data_dir)
            ours = CatalogTranslator(app)
            if path is not None and ours.load(str(path)):
                QCoreApplication.installTranslator(ours)
                self._installed.append(ours)
                chosen = language
                # Qt's own strings (standard buttons, context menus) in the same language.
                qt = QTranslator(app)
                folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
                if qt.load(QLocale(language), "qtbase", "_", folder) or qt.load(
                    QLocale(language), "qt", "_", folder
                ):
                    QCoreApplication.installTranslator(qt)
                    self._installed.append(qt)
            else:
                log.warning("no %s catalog could be loaded; using English", language)
        self.language = chosen
        QLocale.setDefault(formatting_locale(chosen))
        return chosen
