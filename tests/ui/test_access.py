"""The Access tab and the access overview against the sandbox in-process (behind a switch
that takes the network away): one test per flow — invite, a refusal on its field, change
role and remove, cancel and resend, a new key shown once and revoked, offline, text from the
service shown as text, the overview's filter and CSV — and the summary line's words."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import stamina
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from si_desktop.datadir import ensure_private_dir
from si_desktop.sync.access import AccessSummary
from si_desktop.sync.connection import Connection
from si_desktop.ui import i18n
from si_desktop.ui import main_window as mw
from si_desktop.ui.access_overview import (
    AccessOverviewDialog,
    Show,
    open_access_overview,
)
from si_desktop.ui.context import AppContext
from si_desktop.ui.csv_files import csv_cell
from si_desktop.ui.main_window import MainWindow
from si_desktop.ui.pages.access import (
    AccessPage,
    InviteDialog,
    KeyOnceDialog,
    NewKeyDialog,
    RoleDialog,
    summary_text,
)
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.unit.sync.conftest import Switch

WAIT = 10_000


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=1):
        yield


@pytest.fixture
def english_dates() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    try:
        yield
    finally:
        QLocale.setDefault(previous)


class Rig:
    """The window with the Access tab on the sandbox, its cache in the data folder."""

    def __init__(self, qtbot: QtBot, data_dir: Path, app: Starlette, key: str) -> None:
        self.qtbot, self.app, self.key = qtbot, app, key
        self.switch = Switch(app)
        folder = ensure_private_dir(data_dir)
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        self.context = AppContext(data_dir=folder, settings=settings,
                                  collation_locale=QLocale("sl_SI"), transport=self.switch)
        self.window = MainWindow(self.context, [AccessPage])
        qtbot.addWidget(self.window)
        self.window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
        self.window.open_connection(Connection(base_url=ASGI_BASE_URL, api_key=key))
        self.window.show()

    @property
    def page(self) -> AccessPage:
        page = self.window.pages[0]
        assert isinstance(page, AccessPage)
        return page

    def http(self, entity_id: str | None = None) -> httpx.Client:
        """Someone else on the service (the test's own hands), not through the app."""
        headers = {"Authorization": f"Bearer {self.key}"}
        if entity_id:
            headers["x-entity-id"] = entity_id
        return httpx.Client(transport=_SyncAsgi(self.app), base_url=ASGI_BASE_URL,
                            headers=headers)

    def make_client(self, name: str) -> str:
        with self.http() as http:
            answer = http.post("/entities", json={"name": name, "country": "Slovenia"})
            answer.raise_for_status()
            return str(answer.json()["id"])

    def add_user(self, entity_id: str, email: str, role: str, name: str) -> str:
        """Someone with access: invited, then accepted (the invitee's own step)."""
        with self.http(entity_id) as http:
            invitation = http.post("/entities/users", json={"email": email, "role": role})
            accepted = http.post(f"/sandbox/invitations/{invitation.json()['id']}/accept",
                                 json={"name": name})
            return str(accepted.json()["user_id"])

    def open(self, entity_id: str) -> AccessPage:
        """Open the client once the refresh has brought it into the list, as a user would."""
        model = self.window.switcher.model
        self.qtbot.waitUntil(lambda: model.record(entity_id) is not None, timeout=WAIT)
        self.window.request_client(entity_id)
        page = self.page
        self.qtbot.waitUntil(
            lambda: page.client_id == entity_id and not page.is_loading
            and page.view is not None and page.view.entity_id == entity_id, timeout=WAIT)
        return page

    def wait_settled(self) -> None:
        page = self.page
        self.qtbot.waitUntil(
            lambda: not self.context.bridge.pending(page) and not page.is_loading,
            timeout=WAIT)


class _SyncAsgi(httpx.BaseTransport):
    """The in-process sandbox for a plain (blocking) httpx client."""

    def __init__(self, app: Starlette) -> None:
        self.inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        import asyncio

        async def run() -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers,
                                  content=content)

        return asyncio.run(run())


@pytest.fixture
def rig(qtbot: QtBot, data_dir: Path, sandbox_app: Starlette, sandbox_key: str,
        english_dates: None) -> Iterator[Rig]:
    made = Rig(qtbot, data_dir, sandbox_app, sandbox_key)
    try:
        yield made
    finally:
        made.window.close()
        made.context.close()
        made.context.deleteLater()


def answering(qtbot: QtBot, fill: Callable[[Any], None],
              seen: list[Any] | None = None) -> Callable[[QDialog], bool]:
    """A stand-in for `open_dialog`: fill the dialog, press OK, wait for the service."""

    def open_dialog(dialog: QDialog) -> bool:
        if seen is not None:
            seen.append(dialog)
        fill(dialog)
        if isinstance(dialog, KeyOnceDialog):
            return True
        dialog.submit()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted
                        or dialog.ok_button.isEnabled(), timeout=WAIT)  # type: ignore[attr-defined]
        return dialog.result() == QDialog.DialogCode.Accepted

    return open_dialog


def rows(model: Any, column: int) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


# -- the summary line ---------------------------------------------------------------------


def summary(users: int = 0, pending: int = 0, keys: int = 0,
            key_expiry: dt.datetime | None = None) -> AccessSummary:
    return AccessSummary(users, pending, keys, 0, 0, key_expiry, key_expiry)


def test_the_form_of_access_in_one_line(qtbot: QtBot, english_dates: None) -> None:
    march = dt.datetime(2027, 3, 3, 12, tzinfo=dt.UTC)
    assert summary_text(summary()) == "No one outside the firm has access"
    assert summary_text(summary(users=2, pending=1)) == "2 users, 1 pending invitation"
    assert summary_text(summary(keys=1, key_expiry=march)) == "1 API key, expires 3 Mar 2027"
    assert summary_text(summary(users=1, keys=2, key_expiry=march)) == (
        "1 user · 2 API keys, the first expires 3 Mar 2027")
    assert summary_text(summary(pending=3, keys=1)) == (
        "3 pending invitations · 1 API key, no end date")


def test_the_line_in_slovenian_counts_as_slovenian_does(qtbot: QtBot, tmp_path: Path) -> None:
    """Slovenian has four forms of a count (1, 2, 3–4, 5+), and writes dates its own way."""
    from tests.ui.test_translations import CATALOG, _tool

    qm = tmp_path / "sl.qm"
    subprocess.run([_tool("lrelease"), "-silent", str(CATALOG), "-qm", str(qm)], check=True,
                   capture_output=True, timeout=120)
    translator = i18n.CatalogTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Slovenian, QLocale.Country.Slovenia))
    march = dt.datetime(2027, 3, 3, 12, tzinfo=dt.UTC)
    try:
        assert summary_text(summary()) == "Nihče zunaj podjetja nima dostopa"
        assert summary_text(summary(users=2, pending=1)) == (
            "2 uporabnika, 1 čakajoče povabilo")
        assert summary_text(summary(users=3, pending=5)) == (
            "3 uporabniki, 5 čakajočih povabil")
        assert summary_text(summary(users=1, keys=1, key_expiry=march)) == (
            "1 uporabnik · 1 ključ API, velja do 3. mar. 2027")
    finally:
        QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(previous)


# -- the flows ----------------------------------------------------------------------------


def test_invite_as_viewer_shows_the_pending_invitation(qtbot: QtBot, rig: Rig) -> None:
    entity_id = rig.make_client("Prva d.o.o.")
    page = rig.open(entity_id)
    ModelTester(None).check(page.invitations)
    assert page.summary_label.text() == "No one outside the firm has access"
    assert page.invite_button.isEnabled()
    seen: list[Any] = []

    def fill(dialog: InviteDialog) -> None:
        assert dialog.roles.role() == "viewer"  # the least access, unless chosen
        meanings = [label.text() for label in dialog.findChildren(type(page.state_label))]
        assert any("changes nothing" in text for text in meanings)
        dialog.email.setText("stranka@primer.si")

    page.open_dialog = answering(qtbot, fill, seen)  # type: ignore[method-assign]
    page.invite()
    assert isinstance(seen[0], InviteDialog)
    assert page.summary_label.text() == "1 pending invitation"
    assert rows(page.invitations, 0) == ["stranka@primer.si"]
    assert rows(page.invitations, 1) == ["Viewer"]
    assert rows(page.invitations, 2) == ["Pending"]
    with rig.http(entity_id) as http:
        (invitation,) = http.get("/entities/invitations").json()["data"]
    assert invitation["role"] == "viewer" and invitation["status"] == "pending"


def test_a_refusal_lands_on_its_field_and_the_dialog_stays(qtbot: QtBot, rig: Rig) -> None:
    entity_id = rig.make_client("Prva d.o.o.")
    with rig.http(entity_id) as http:
        http.post("/entities/users", json={"email": "stranka@primer.si"})
    page = rig.open(entity_id)
    seen: list[Any] = []

    def fill(dialog: InviteDialog) -> None:
        dialog.email.setText("not an address")
        assert not dialog.ok_button.isEnabled()  # checked before anything is sent
        assert dialog.email_problem.isVisible() or dialog.email_problem.text()
        dialog.email.setText("STRANKA@primer.si")

    page.open_dialog = answering(qtbot, fill, seen)  # type: ignore[method-assign]
    page.invite()
    dialog = seen[0]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "pending already" in dialog.email_problem.text()
    assert not dialog.problem.text()  # on the field, not under the form


def test_change_role_and_remove_with_a_safe_question(qtbot: QtBot, rig: Rig) -> None:
    entity_id = rig.make_client("Prva d.o.o.")
    rig.add_user(entity_id, "ana@primer.si", "editor", "Ana Golob")
    page = rig.open(entity_id)
    assert page.summary_label.text() == "1 user"
    page.users_view.selectRow(0)
    assert page.role_button.isEnabled() and page.remove_button.isEnabled()

    def pick_viewer(dialog: RoleDialog) -> None:
        assert dialog.roles.role() == "editor"
        dialog.roles.buttons["viewer"].setChecked(True)

    page.open_dialog = answering(qtbot, pick_viewer)  # type: ignore[method-assign]
    page.change_role()
    assert rows(page.users, 2) == ["Viewer"]

    asked: list[QMessageBox] = []

    def say_no(box: QMessageBox) -> bool:
        asked.append(box)
        return False

    page.users_view.selectRow(0)
    page.confirm = say_no  # type: ignore[method-assign]
    page.remove_user()
    box = asked[0]
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert "Ana Golob" in box.text() and "Prva d.o.o." in box.text()
    assert page.users.rowCount() == 1  # the safe answer changed nothing

    page.confirm = lambda box: True  # type: ignore[method-assign]
    page.users_view.selectRow(0)
    rig.window.activateWindow()
    page.users_view.setFocus()
    qtbot.waitUntil(page.users_view.hasFocus, timeout=WAIT)
    qtbot.keyClick(page.users_view, Qt.Key.Key_Delete)  # the keyboard way
    rig.wait_settled()
    assert page.users.rowCount() == 0
    assert page.summary_label.text() == "No one outside the firm has access"
    with rig.http(entity_id) as http:
        assert http.get("/entities/users").json()["data"] == []


def test_cancel_and_resend_an_invitation(qtbot: QtBot, rig: Rig) -> None:
    entity_id = rig.make_client("Prva d.o.o.")
    with rig.http(entity_id) as http:
        first = http.post("/entities/users", json={"email": "a@primer.si"}).json()
        http.post("/entities/users", json={"email": "b@primer.si"})
    page = rig.open(entity_id)
    page.invitations_view.selectRow(0)
    page.resend_invitation()
    rig.wait_settled()
    assert page.summary_label.text() == "2 pending invitations"
    page.invitations_view.selectRow(0)
    asked: list[QMessageBox] = []
    page.confirm = lambda box: asked.append(box) or True  # type: ignore[method-assign]
    page.cancel_invitation()
    rig.wait_settled()
    assert asked[0].defaultButton() is asked[0].button(QMessageBox.StandardButton.Cancel)
    assert rows(page.invitations, 0) == ["b@primer.si"]
    with rig.http(entity_id) as http:
        assert http.get(f"/entities/invitations/{first['id']}").status_code == 404


def test_a_new_key_is_shown_once_then_revoked(qtbot: QtBot, rig: Rig) -> None:
    entity_id = rig.make_client("Prva d.o.o.")
    page = rig.open(entity_id)
    shown: list[str] = []

    def fill(dialog: Any) -> None:
        if isinstance(dialog, NewKeyDialog):
            dialog.name.setText("Web shop")
            dialog.lifetime.setCurrentIndex(dialog.lifetime.findText("90 days"))
            return
        assert isinstance(dialog, KeyOnceDialog)
        assert "will not be shown again" in " ".join(
            label.text() for label in dialog.findChildren(type(page.state_label)))
        shown.append(dialog.field.text())
        dialog.copy_button.click()
        assert QGuiApplication.clipboard().text() == dialog.field.text()

    seen: list[Any] = []
    page.open_dialog = answering(qtbot, fill, seen)  # type: ignore[method-assign]
    page.new_key()
    key = shown[0]
    assert key.startswith("ek_live_") and len(seen) == 2
    once = seen[1]
    assert once.field.text() == ""  # cleared once closed
    assert page.summary_label.text().startswith("1 API key, expires ")
    assert rows(page.keys, 0) == ["Web shop"]
    hint = rows(page.keys, 1)[0]
    assert hint.endswith("…") and key.startswith(hint[:-1]) and key not in hint
    assert key not in repr(page.data) and key not in str(page.keys.records())

    # the key works on the service until it is revoked
    def as_key() -> int:
        with httpx.Client(transport=_SyncAsgi(rig.app), base_url=ASGI_BASE_URL,
                          headers={"Authorization": f"Bearer {key}"}) as http:
            return http.get("/entities").status_code

    assert as_key() == 200
    page.keys_view.selectRow(0)
    asked: list[QMessageBox] = []
    page.confirm = lambda box: asked.append(box) or True  # type: ignore[method-assign]
    page.revoke_key()
    rig.wait_settled()
    assert asked[0].defaultButton() is asked[0].button(QMessageBox.StandardButton.Cancel)
    assert "Web shop" in asked[0].text()
    assert page.keys.rowCount() == 0 and as_key() == 401
    QGuiApplication.clipboard().clear()


def test_offline_the_tab_says_so_and_nothing_can_be_changed(qtbot: QtBot, rig: Rig) -> None:
    first = rig.make_client("Prva d.o.o.")
    second = rig.make_client("Zadnja d.o.o.")  # after the first: never opened
    with rig.http(first) as http:
        http.post("/entities/users", json={"email": "a@primer.si"})
    page = rig.open(first)
    rig.switch.online = False
    page.reload()
    qtbot.waitUntil(lambda: page.view is not None and page.view.offline, timeout=WAIT)
    assert page.summary_label.text() == "1 pending invitation"  # what was seen
    assert page.state_label.text().startswith("Offline — as seen just now.")
    assert "not queued" in page.state_label.text()
    page.invitations_view.selectRow(0)
    for button in (page.invite_button, page.new_key_button, page.cancel_button):
        assert not button.isEnabled()
        assert "not queued" in button.toolTip()
    assert page.check_button.isVisible()
    rig.window.request_client(second)
    qtbot.waitUntil(lambda: page.client_id == second and page.view is not None
                    and page.view.entity_id == second, timeout=WAIT)
    assert page.summary_label.text() == "Access can be reviewed when connected"
    assert page.users.rowCount() == page.invitations.rowCount() == page.keys.rowCount() == 0
    assert not page.message_label.isVisible()


def test_names_and_emails_from_the_service_show_as_plain_text(qtbot: QtBot, rig: Rig) -> None:
    entity_id = rig.make_client("Prva d.o.o.")
    rig.add_user(entity_id, "x@primer.si", "viewer", "<b>Ana</b>\n<img src=x>\u202eexe")
    page = rig.open(entity_id)
    (name,) = rows(page.users, 0)
    assert name == "<b>Ana</b>\ufffd<img src=x>\ufffdexe"
    page.users_view.selectRow(0)
    asked: list[QMessageBox] = []
    page.confirm = lambda box: asked.append(box) or False  # type: ignore[method-assign]
    page.remove_user()
    assert asked[0].textFormat() == Qt.TextFormat.PlainText
    assert "<b>Ana</b>" in asked[0].text()


def test_a_tab_behind_another_reads_only_when_shown(qtbot: QtBot, data_dir: Path,
                                                  sandbox_app: Starlette,
                                                  sandbox_key: str) -> None:
    from si_desktop.ui.pages.overview import OverviewPage

    switch = Switch(sandbox_app)
    folder = ensure_private_dir(data_dir)
    context = AppContext(data_dir=folder, collation_locale=QLocale("sl_SI"), transport=switch,
                         settings=QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(context, [OverviewPage, AccessPage])
    qtbot.addWidget(window)
    try:
        window.open_connection(Connection(base_url=ASGI_BASE_URL, api_key=sandbox_key))
        window.show()
        rig_ids = []
        async def make() -> str:
            api = await context.workspace.api()
            return (await api.entities.create(name="Prva", country="Slovenia")).id
        rig_ids.append(context.bridge.call(make(), timeout=10))
        access = window.pages[1]
        assert isinstance(access, AccessPage)
        window.request_client(rig_ids[0])
        qtbot.waitUntil(lambda: access.client_id == rig_ids[0], timeout=WAIT)
        qtbot.wait(100)
        assert not any(path.startswith("/entities/users") for _m, path, _r in switch.requests)
        window.tabs.setCurrentWidget(access)
        qtbot.waitUntil(lambda: access.view is not None and access.view.live, timeout=WAIT)
        assert access.summary_label.text() == "No one outside the firm has access"
    finally:
        window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
        window.close()
        context.close()


# -- the overview -------------------------------------------------------------------------


def test_the_overview_filters_and_exports_csv(qtbot: QtBot, rig: Rig, tmp_path: Path) -> None:
    ids = {name: rig.make_client(name) for name in ("=Formula d.o.o.", "Druga", "Tretja")}
    with rig.http(ids["Druga"]) as http:
        http.post("/entities/users", json={"email": "a@primer.si", "role": "viewer"})
    with rig.http(ids["Tretja"]) as http:
        http.post("/entities/api-keys", json={"name": "Till", "ttl": 86400 * 30})
    rig.wait_settled()
    qtbot.waitUntil(lambda: rig.window.switcher.model.rowCount() == 3, timeout=WAIT)
    dialog = open_access_overview(rig.window)
    assert isinstance(dialog, AccessOverviewDialog)
    ModelTester(None).check(dialog.model)
    qtbot.waitUntil(lambda: not dialog.running and dialog.model.rowCount() == 3, timeout=WAIT)
    assert dialog.progress_label.text() == "Checked 3 of 3 clients."

    def shown() -> dict[str, list[str]]:
        return {dialog.proxy.index(r, 0).data(): [dialog.proxy.index(r, c).data()
                                                   for c in range(1, 6)]
                for r in range(dialog.proxy.rowCount())}

    everything = shown()
    assert everything["Druga"][:4] == ["Users", "0", "1", "0"]
    assert everything["Tretja"][:4] == ["API keys", "0", "0", "1"]
    assert everything["=Formula d.o.o."][0] == "No outside access"
    dialog.filter.setCurrentIndex(dialog.filter.findData(Show.KEYS))
    assert list(shown()) == ["Tretja"]
    dialog.filter.setCurrentIndex(dialog.filter.findData(Show.PEOPLE))
    assert list(shown()) == ["Druga"]
    dialog.filter.setCurrentIndex(dialog.filter.findData(Show.OLD_INVITATIONS))
    assert shown() == {}
    assert not dialog.export_button.isEnabled()
    dialog.filter.setCurrentIndex(dialog.filter.findData(Show.ALL))

    target = tmp_path / "access.csv"
    dialog.choose_export_path = lambda suggested: str(target)  # type: ignore[method-assign]
    assert dialog.export_csv() == target
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a spreadsheet reads the accents
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert lines[0][:3] == ["Client id", "Client", "Form of access"]
    by_name = {line[1]: line for line in lines[1:]}
    assert set(by_name) == {"'=Formula d.o.o.", "Druga", "Tretja"}  # never a formula
    assert by_name["Tretja"][6] == "1" and by_name["Tretja"][7]  # keys, first key expires
    assert by_name["Druga"][4] == "1" and by_name["Druga"][0] == ids["Druga"]

    # a double-click opens the client
    row = next(r for r in range(dialog.proxy.rowCount())
               if dialog.proxy.index(r, 0).data() == "Tretja")
    dialog.view.doubleClicked.emit(dialog.proxy.index(row, 0))
    qtbot.waitUntil(lambda: rig.context.current_client_id == ids["Tretja"], timeout=WAIT)
    dialog.close()


def test_csv_cells_never_start_a_formula() -> None:
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("@SUM") == "'@SUM"
    assert csv_cell("-3") == "'-3" and csv_cell("Ana") == "Ana" and csv_cell("") == ""


# -- the app's own key revoked ------------------------------------------------------------


def test_a_revoked_client_key_used_by_the_app_is_a_state_not_a_loop(
    qtbot: QtBot, data_dir: Path, sandbox_app: Starlette, sandbox_key: str
) -> None:
    """Connected with a client's entity key, which the firm then revokes: one plain
    message, the status bar says so, and nothing is sent on its own any more."""
    switch = Switch(sandbox_app)
    with httpx.Client(transport=_SyncAsgi(sandbox_app), base_url=ASGI_BASE_URL,
                      headers={"Authorization": f"Bearer {sandbox_key}"}) as http:
        entity_id = http.post("/entities", json={"name": "Prva", "country": "Slovenia"}
                              ).json()["id"]
        created = http.post("/entities/api-keys", json={"name": "Desktop"},
                            headers={"x-entity-id": entity_id}).json()
    folder = ensure_private_dir(data_dir)
    context = AppContext(data_dir=folder, collation_locale=QLocale("sl_SI"), transport=switch,
                         settings=QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(context, [AccessPage])
    qtbot.addWidget(window)
    service = context.offline
    try:
        window.open_connection(Connection(base_url=ASGI_BASE_URL, api_key=created["key"]))
        window.show()
        qtbot.waitUntil(lambda: window.switcher.model.record(entity_id) is not None,
                        timeout=WAIT)
        qtbot.waitUntil(lambda: not service.refreshing, timeout=WAIT)
        page = window.pages[0]
        assert isinstance(page, AccessPage)
        qtbot.waitUntil(lambda: page.view is not None and page.view.problem is not None,
                        timeout=WAIT)
        assert "may not review access" in page.state_label.text()  # an entity key: 403

        with httpx.Client(transport=_SyncAsgi(sandbox_app), base_url=ASGI_BASE_URL,
                          headers={"Authorization": f"Bearer {sandbox_key}",
                                   "x-entity-id": entity_id}) as http:
            assert http.delete(f"/entities/api-keys/{created['key_id']}").status_code == 204
        assert service.refresh()
        qtbot.waitUntil(lambda: not service.refreshing, timeout=WAIT)
        assert "no longer accepts this client key" in window.banner.message
        assert window.connection_label.text() == "Key not accepted"
        asked = len(switch.requests)
        service.sync.refresh_due = lambda minutes: True  # type: ignore[method-assign]
        for _ in range(3):
            service._tick()  # the automatic refresh comes round
        window.context.client_changed.emit(entity_id)  # opening a client refreshes it
        qtbot.wait(50)
        assert not service.refreshing and len(switch.requests) == asked
        assert "(2 times)" not in window.banner.message
        page.reload()
        qtbot.waitUntil(lambda: not page.is_loading, timeout=WAIT)
        assert "no longer accepts this key" in page.state_label.text()
    finally:
        window.ask_unsaved = lambda: mw.DISCARD  # type: ignore[method-assign]
        window.close()
        context.close()
