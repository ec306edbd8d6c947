"""`--screenshots OUT`: render the window for the first client to PNG files at 1280×800
(main.png, then one file per page: documents.png, overview.png, business-units.png, …,
access.png, then new-invoice.png and document.png (the editor and the view of one of its
invoices), document-pdf.png (the view of the first Slovenian client's latest issued invoice
on its PDF tab, the service's real PDF) and send.png (its Send by e-mail dialog), practice-
list.png (the client list sorted overdue first, once the cached documents show clients with
overdue invoices), access-overview.png, year-end.png and branding-wall.png (Firm → Year end…
scrolled to its first problem, Firm → Branding wall… with every tile drawn), the Preferences
and About dialogs, the export dialogs after a run: export.png, export-firm.png, and the
firm's standards: drift.png, dry-run.png, activity.png, after a batch applied to ten clients
and undone) in the light scheme, the same again under OUT/dark/; in the light scheme also
document-pdf-gb.png and document-pdf-at.png (the PDFs of the other `PREVIEW_COUNTRIES`, each
in its client's language and branding), then the branding preview of one client of each of
`PREVIEW_COUNTRIES` (branding-si.png, …: each page in its client's language, whatever the
window's), then, given a way to stop the service, offline.png (the banner, a client
readable, one edit waiting to be sent), and exit. No dialog that shows a new API key is ever
opened here. The offscreen platform's complaints about size hints are filtered out meanwhile
(`qt_messages`): they are about the platform, not the app."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt

from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.switcher.model import ClientRole

if TYPE_CHECKING:  # the editor is imported when its page is built
    from si_desktop.ui.editors.branding import BrandingPage
    from si_desktop.ui.pages.base import ClientPage

SIZE = (1280, 800)
TIMEOUT_S = 60.0
SHOWN_YEAR_END_CLIENTS = 8
"""year-end.png waits for this many clients read with the service's counters (the rows
around the first problem, Bled elektro d.o.o., the seventh client by name)."""
PREVIEW_COUNTRIES = ("SI", "GB", "AT")
"""Clients whose branding preview is shown: three languages, two currencies, three date
forms (the demo has these; it has no Japanese client)."""


def _wait(condition: Callable[[], bool], timeout: float = TIMEOUT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if condition():
            return True
        time.sleep(0.01)
    return False


def _settle() -> None:
    for _ in range(5):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.02)


def take_screenshots(
    window: MainWindow, out_dir: Path, *, stop_service: Callable[[], None] | None = None
) -> int:
    from si_desktop.ui.qt_messages import install_offscreen_filter

    restore = install_offscreen_filter()
    try:
        return _take_screenshots(window, out_dir, stop_service)
    finally:
        restore()


def _take_screenshots(
    window: MainWindow, out_dir: Path, stop_service: Callable[[], None] | None
) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    context = window.context
    if not context.has_workspace:
        print("si-desktop: --screenshots needs a workspace (use --demo)", file=sys.stderr)
        return 2
    window.resize(*SIZE)
    window.show()
    switcher = window.switcher
    if not _wait(lambda: switcher.proxy.rowCount() > 0):
        print("si-desktop: no clients arrived for the screenshots", file=sys.stderr)
        return 1
    first = str(switcher.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1))
    if not _open(window, first):
        print("si-desktop: the first client did not load for the screenshots", file=sys.stderr)
        return 1
    switcher.select(first)
    switcher.note_recent_now()  # as it would be after the pause: under Pinned and recent
    # the refresh at start reads the open client's documents: the Documents tab shows them
    _wait(lambda: context.workspace.documents_window(first) is not None)
    theme = context.theme
    preference = getattr(theme, "preference", None)
    written: list[Path] = []
    try:
        for scheme, folder in (("light", out_dir), ("dark", out_dir / "dark")):
            if theme is not None:
                theme.set_preference(scheme)
            elif scheme == "dark":
                break  # no theme manager: only the one look there is
            written += _render(window, folder, every_country=scheme == "light")
        if theme is not None:
            theme.set_preference("light")
        written += _render_previews(window, out_dir)
    finally:
        if theme is not None and preference is not None:
            theme.set_preference(preference)
    if not _open(window, first):  # the offline picture is of the first client again
        print("si-desktop: the first client did not load again", file=sys.stderr)
        return 1
    if stop_service is not None:
        offline = _render_offline(window, out_dir, stop_service)
        if offline is None:
            print("si-desktop: the offline screenshot could not be made", file=sys.stderr)
            return 1
        written.append(offline)
    for path in written:
        print(path)
    return 0


def _open(window: MainWindow, entity_id: str) -> bool:
    """Choose the client and wait until every page holds it."""
    context, switcher = window.context, window.switcher
    window.request_client(entity_id)

    def ready() -> bool:
        return (
            context.current_client_id == entity_id
            and not switcher.model.is_loading
            and all(not page.is_loading and page.data is not None for page in window.pages)
        )

    if not _wait(ready):
        return False
    switcher.select(entity_id)
    return True


def _preview_drawn(page: BrandingPage) -> bool:
    """Whether the page's preview shows its client and is painted."""
    canvas = page.preview.canvas
    invoice = canvas.invoice
    return (invoice is not None and invoice.seller_name == str(page.entity.get("name") or "")
            and canvas.painted_revision == canvas.revision)


def _render_previews(window: MainWindow, folder: Path) -> list[Path]:
    """branding-<country>.png: the branding page of a client of each country of
    `PREVIEW_COUNTRIES` (`_client_of`), its preview drawn."""
    from si_desktop.ui.editors.branding import BrandingPage

    page = next((p for p in window.pages if isinstance(p, BrandingPage)), None)
    if page is None:
        return []
    written = []
    for country in PREVIEW_COUNTRIES:
        entity_id = _client_of(window, country)
        if entity_id is None or not _open(window, entity_id):
            continue
        window.tabs.setCurrentWidget(page)
        if not _wait(functools.partial(_preview_drawn, page)):
            print(f"si-desktop: the branding preview of {entity_id} was not drawn",
                  file=sys.stderr)
            continue
        _settle()
        target = folder / f"branding-{country.lower()}.png"
        window.grab().save(str(target))
        written.append(target)
    window.tabs.setCurrentIndex(0)
    return written


def _latest_invoice(window: MainWindow, entity_id: str) -> dict[str, Any] | None:
    """The client's most recent issued invoice to a customer with an e-mail address (else
    its most recent issued one), its documents read from the service."""
    workspace = window.context.workspace
    window.context.bridge.call(workspace.load_documents(entity_id), timeout=TIMEOUT_S)
    issued = [workspace.document_now(row.id)
              for row in workspace.document_rows_now(entity_id, document_type="invoice")
              if not row.local and row.state not in ("draft", "voided") and row.number]
    found = [document for document in issued if document is not None]
    return next((document for document in found
                 if (document.get("customer") or {}).get("email")),
                found[0] if found else None)


def _client_of(window: MainWindow, country: str) -> str | None:
    """The first client of `country` in the list that has a logo (the pictures are to show
    a client's branding whole), else the first of the country."""
    proxy, workspace = window.switcher.proxy, window.context.workspace
    found = [str(proxy.index(row, 0).data(ClientRole.Id)) for row in range(proxy.rowCount())
             if proxy.index(row, 0).data(ClientRole.CountryCode) == country]

    def has_logo(entity_id: str) -> bool:
        settings = (workspace.client_now(entity_id) or {}).get("settings")
        return isinstance(settings, dict) and settings.get("has_logo") is True

    return next((entity_id for entity_id in found if has_logo(entity_id)),
                found[0] if found else None)


def _render_document(window: MainWindow, folder: Path, *, every_country: bool) -> list[Path]:
    """document-pdf.png (and with `every_country` document-pdf-<country>.png for the other
    `PREVIEW_COUNTRIES`): the view of the client's latest issued invoice on its PDF tab;
    send.png: the first one's Send by e-mail dialog."""
    countries = PREVIEW_COUNTRIES if every_country else PREVIEW_COUNTRIES[:1]
    written = []
    for country in countries:
        name = "document-pdf.png" if country == PREVIEW_COUNTRIES[0] else \
            f"document-pdf-{country.lower()}.png"
        written += _render_pdf_view(window, folder, country, name,
                                    with_send=country == PREVIEW_COUNTRIES[0])
    return written


def _render_pdf_view(window: MainWindow, folder: Path, country: str, name: str, *,
                     with_send: bool) -> list[Path]:
    from si_desktop.ui.documents.view import DocumentView
    from si_desktop.ui.pdf.send_dialog import SendDocumentDialog
    from si_desktop.ui.pdf.viewer import ViewerState

    context = window.context
    entity_id = _client_of(window, country)
    entity = context.workspace.client_now(entity_id) if entity_id else None
    try:
        document = _latest_invoice(window, entity_id) if entity_id else None
    except Exception as error:  # a screenshot run reports and goes on
        print(f"si-desktop: the documents could not be read: {error}", file=sys.stderr)
        document = None
    if entity is None or document is None:
        print(f"si-desktop: no issued invoice for {name}", file=sys.stderr)
        return []
    view = DocumentView(context, str(document["id"]), window)
    view.show()
    view.tabs.setCurrentWidget(view.pdf_tab)

    def shown() -> bool:
        viewer = view.pdf_tab.viewer
        pixmap = viewer.page_label.pixmap() if viewer is not None else None
        return (viewer is not None and viewer.state is ViewerState.SHOWING
                and pixmap is not None and not pixmap.isNull()
                and not context.bridge.pending(view))

    written = []
    if _wait(shown):
        _settle()
        target = folder / name
        view.grab().save(str(target))
        written.append(target)
    else:
        print(f"si-desktop: the PDF for {name} was not shown", file=sys.stderr)
    view.close()
    view.deleteLater()
    if not with_send:
        return written
    unit_id = document.get("business_unit_id")
    unit = context.workspace.unit_now(unit_id) if isinstance(unit_id, str) else None
    dialog = SendDocumentDialog(entity, unit, {**document, "type": "invoice"}, window)
    dialog.resize(720, 640)
    dialog.show()
    _settle()
    target = folder / "send.png"
    dialog.grab().save(str(target))
    written.append(target)
    dialog.close()
    dialog.deleteLater()
    return written


def _idle(page: ClientPage) -> bool:
    """Loaded, and what it asks of the service on its own answered (Number formats' next
    numbers)."""
    return not page.is_loading and bool(getattr(page, "counters_asked", True))


def _render(window: MainWindow, folder: Path, *, every_country: bool) -> list[Path]:
    """main.png, one file per page, the documents' dialogs, then the Preferences and About
    dialogs and the exports."""
    from si_desktop.ui.about import AboutDialog
    from si_desktop.ui.preferences import PreferencesDialog

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    window.tabs.setCurrentIndex(0)
    _settle()
    target = folder / "main.png"
    window.grab().save(str(target))
    written.append(target)
    for page in window.pages:
        window.tabs.setCurrentWidget(page)
        _wait(functools.partial(_idle, page))  # a tab may read when first shown
        _settle()
        target = folder / f"{page.page_id}.png"
        window.grab().save(str(target))
        written.append(target)
    window.tabs.setCurrentIndex(0)
    written += _render_documents(window, folder)
    written += _render_document(window, folder, every_country=every_country)
    overview = _render_access_overview(window, folder)
    if overview is not None:
        written.append(overview)
    written += _render_firm_checks(window, folder)
    written.append(_render_practice_list(window, folder))
    for name, dialog_class in (("preferences", PreferencesDialog), ("about", AboutDialog)):
        dialog = dialog_class(window.context, window)
        dialog.show()
        _settle()
        target = folder / f"{name}.png"
        dialog.grab().save(str(target))
        written.append(target)
        dialog.close()
        dialog.deleteLater()
    written += _render_exports(window, folder)
    written += _render_standards(window, folder)
    return written


def _render_standards(window: MainWindow, folder: Path) -> list[Path]:
    """drift.png, dry-run.png, activity.png (see `ui.firm.screenshots`); the batch is sent
    and undone on the first pass only."""
    from si_desktop.ui.firm.screenshots import render_firm

    return render_firm(window, folder, _wait, _settle, send=folder.name != "dark")


def _render_exports(window: MainWindow, folder: Path) -> list[Path]:
    """export.png: the open client's Export… once it saved its files; export-firm.png:
    Export for many clients after a run over every client for the last quarter. Both write
    into a temporary folder, removed afterwards, and leave the settings and the data folder
    as they were."""
    import shutil
    import tempfile

    from si_desktop.ui.exports.client_dialog import ExportDialog
    from si_desktop.ui.exports.common import FOLDER_SETTING
    from si_desktop.ui.exports.firm_dialog import FirmExportDialog, choices_from_switcher

    context = window.context
    remembered = context.settings.value(FOLDER_SETTING)
    scratch = Path(tempfile.mkdtemp(prefix="si-desktop-exports-"))
    written: list[Path] = []
    single = ExportDialog(context, context.current_client_id, window)
    firm = FirmExportDialog(context, choices_from_switcher(window.switcher), window)
    try:
        single.options.type_boxes["credit_note"].setChecked(True)
        single.options.folder.setText(str(scratch / "Exports"))
        single.show()
        single.start()
        _wait(lambda: not single.running)
        _settle()
        target = folder / "export.png"
        single.grab().save(str(target))
        written.append(target)
        single.close()
        firm.all_button.setChecked(True)
        firm.options.folder.setText(str(scratch / "Exports"))
        firm.show()
        firm.start()
        _wait(lambda: firm.summary is not None or not firm.running)
        firm.table.scrollToTop()
        _settle()
        target = folder / "export-firm.png"
        firm.grab().save(str(target))
        written.append(target)
        if firm.export is not None:
            firm.export.discard()  # a finished job: nothing to offer later
    finally:
        for dialog in (single, firm):
            dialog.close()
            dialog.deleteLater()
        if remembered is None:
            context.settings.remove(FOLDER_SETTING)
        else:
            context.settings.setValue(FOLDER_SETTING, remembered)
        shutil.rmtree(scratch, ignore_errors=True)
    return written


def _render_documents(window: MainWindow, folder: Path) -> list[Path]:
    """new-invoice.png (a new invoice of the client, its lines taken from the client's
    latest invoice) and document.png (an invoice with a payment, else the latest)."""
    from si_desktop.ui.documents.editor import DocumentEditor
    from si_desktop.ui.documents.view import DocumentView

    context = window.context
    entity_id = context.current_client_id
    workspace = context.workspace
    invoices = [row for row in workspace.document_rows_now(entity_id, document_type="invoice")
                if not row.local and row.state != "draft"]
    if not invoices:
        return []
    written = []
    latest = workspace.document_now(invoices[0].id) or {}
    editor = DocumentEditor(context, entity_id, "invoice", window, source=latest)
    editor.show()
    _wait(lambda: not editor.number_label.text().endswith("…"), 10)
    _settle()
    target = folder / "new-invoice.png"
    editor.grab().save(str(target))
    written.append(target)
    editor.close()
    editor.deleteLater()
    paid = next((row for row in invoices if row.state == "partially_paid"), None) or next(
        (row for row in invoices if row.state == "paid"), invoices[0])
    view = DocumentView(context, paid.id, window)
    view.show()
    _wait(lambda: not context.bridge.pending(view), 10)
    _settle()
    target = folder / "document.png"
    view.grab().save(str(target))
    written.append(target)
    view.close()
    view.deleteLater()
    return written


def _render_access_overview(window: MainWindow, folder: Path) -> Path | None:
    """access-overview.png: every client's access, once all were read."""
    from si_desktop.ui.access_overview import open_access_overview

    dialog = open_access_overview(window)
    if dialog is None:
        return None
    if not _wait(lambda: not dialog.running):
        print("si-desktop: the access overview did not finish", file=sys.stderr)
    _settle()
    target = folder / "access-overview.png"
    dialog.grab().save(str(target))
    dialog.close()
    return target


def _render_practice_list(window: MainWindow, folder: Path) -> Path:
    """practice-list.png: the client list sorted overdue first, once some client shows
    overdue invoices (the documents the refresh cached; a firm without any is shown as it
    is after the wait), then the list by name again."""
    switcher = window.switcher

    def has_overdue() -> bool:
        return switcher.proxy.rowCount() > 0 and bool(switcher.proxy.paint_texts(0)[3])

    switcher.set_sort("overdue")
    _wait(has_overdue, timeout=20.0)
    switcher.view.scrollToTop()
    _settle()
    target = folder / "practice-list.png"
    window.grab().save(str(target))
    switcher.set_sort("name")
    return target


def _render_firm_checks(window: MainWindow, folder: Path) -> list[Path]:
    """year-end.png once every client was read with the service's counters, scrolled to the
    first sequence with a problem; branding-wall.png once the tiles on screen are drawn."""
    from si_desktop.ui.firm.branding_wall import open_branding_wall
    from si_desktop.ui.firm.year_end import open_year_end

    written: list[Path] = []
    year_end = open_year_end(window)
    if year_end is not None:
        year_end.resize(*SIZE)
        # the first clients by name (those on screen) with the service's counters: all 40
        # would wait for the rate limiter's minute after the start-up refresh
        if not _wait(lambda: not year_end.running
                     or len(year_end.model.read_with_counters) >= SHOWN_YEAR_END_CLIENTS):
            print("si-desktop: the year end did not finish", file=sys.stderr)
        problem = next((row for row in range(year_end.proxy.rowCount())
                        if year_end.proxy.index(row, 9).data()), None)
        if problem is not None:
            year_end.view.selectRow(problem)
            year_end.view.scrollTo(year_end.proxy.index(problem, 0),
                                   year_end.view.ScrollHint.PositionAtCenter)
        _settle()
        target = folder / "year-end.png"
        year_end.grab().save(str(target))
        written.append(target)
        year_end.close()
    wall = open_branding_wall(window)
    if wall is not None:
        wall.resize(*SIZE)
        if not _wait(wall.visible_drawn):
            print("si-desktop: the branding wall was not drawn", file=sys.stderr)
        _settle()
        target = folder / "branding-wall.png"
        wall.grab().save(str(target))
        written.append(target)
        wall.close()
    return written


def _render_offline(
    window: MainWindow, out_dir: Path, stop_service: Callable[[], None]
) -> Path | None:
    """offline.png: the service stopped, the banner showing, the first client readable
    from the cache and one edit of it waiting to be sent."""
    from si_desktop.ui.pages.overview import OverviewPage

    service = window.context.offline
    overview = next((p for p in window.pages if isinstance(p, OverviewPage)), None)
    if overview is None:
        return None
    _wait(lambda: not service.refreshing)
    stop_service()
    service.refresh()  # finds the service gone: offline
    if not _wait(lambda: service.offline and not service.refreshing):
        return None
    window.tabs.setCurrentWidget(overview)
    edit = overview.edits["phone"]
    edit.setText("+386 1 555 0142" if edit.text() != "+386 1 555 0142" else "+386 1 555 0143")
    edit.textEdited.emit(edit.text())
    entity_id = window.context.current_client_id
    if not overview.save() or not _wait(
        lambda: not overview.is_saving and service.pending_count(entity_id) == 1
    ):
        return None
    window.statusBar().clearMessage()
    _settle()
    target = out_dir / "offline.png"
    window.grab().save(str(target))
    return target
