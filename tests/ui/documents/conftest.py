"""The documents' windows over the sandbox in-process (its real numbering, totals, payments
and 422s), behind a switch that takes the network away; clients, taxes, customers and
documents made on the service as someone else would, then read into the cache."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import stamina
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from starlette.applications import Starlette

from si_desktop.datadir import ensure_private_dir
from si_desktop.sync.connection import Connection
from si_desktop.ui.context import AppContext
from si_desktop.ui.documents.page import DocumentsPage
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.unit.sync.conftest import Switch

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=1):
        yield


class DocRig:
    """A context on the in-process sandbox, and ways to make data on the service."""

    def __init__(self, data_dir: Path, app: Starlette, key: str) -> None:
        self.switch = Switch(app)
        folder = ensure_private_dir(data_dir)
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        self.context = AppContext(data_dir=folder, settings=settings,
                                  collation_locale=QLocale("sl_SI"), transport=self.switch)
        self.connection = Connection(base_url=ASGI_BASE_URL, api_key=key)
        self.context.open_connection(self.connection)

    @property
    def workspace(self) -> Any:
        return self.context.workspace

    def call(self, coro: Any) -> Any:
        return self.context.bridge.call(coro, timeout=15)

    def api(self, work: Any) -> Any:
        """Run `work(api)` on the service, as someone else (not through the cache)."""
        async def run() -> Any:
            return await work(await self.workspace.api())

        return self.call(run())

    def make_client(self, name: str = "Kovač d.o.o.", **fields: Any) -> str:
        async def make(api: Any) -> str:
            entity = await api.entities.create(name=name, country=fields.pop(
                "country", "Slovenia"), **fields)
            return str(entity.id)

        return str(self.api(make))

    def add_tax(self, entity_id: str, name: str, rate: str, *, default: bool = False) -> str:
        async def make(api: Any) -> str:
            tax = await api.taxes.create(entity_id=entity_id, name=name,
                                         tax_rates=[{"rate": Decimal(rate)}],
                                         is_default=default)
            return str(tax.id)

        return str(self.api(make))

    def add_customer(self, entity_id: str, name: str, **fields: Any) -> str:
        async def make(api: Any) -> str:
            customer = await api.customers.create(entity_id=entity_id, name=name, **fields)
            return str(customer.id)

        return str(self.api(make))

    def add_unit(self, entity_id: str, name: str) -> str:
        async def make(api: Any) -> str:
            unit = await api.business_units.create(entity_id=entity_id, name=name)
            return str(unit.id)

        return str(self.api(make))

    def document(self, entity_id: str, kind: str = "invoice", *, price: str = "100",
                 customer: str = "Novak d.o.o.", **fields: Any) -> dict[str, Any]:
        """A document made on the service (issued unless `is_draft=True`)."""
        async def make(api: Any) -> dict[str, Any]:
            made = await api.of_type(kind).create(
                entity_id=entity_id, items=[{"name": "Work", "price": Decimal(price)}],
                customer={"name": customer}, **fields)
            return dict(made.model_dump(mode="json"))

        found: dict[str, Any] = self.api(make)
        return found

    def pay(self, entity_id: str, invoice_id: str, amount: str) -> None:
        async def make(api: Any) -> None:
            await api.payments.create(entity_id=entity_id, document_id=invoice_id,
                                      amount=Decimal(amount), type="bank_transfer")

        self.api(make)

    def on_service(self, entity_id: str, document_id: str, kind: str = "invoice"
                   ) -> dict[str, Any]:
        async def read(api: Any) -> dict[str, Any]:
            found = await api.of_type(kind).get(document_id, entity_id=entity_id)
            return dict(found.model_dump(mode="json"))

        result: dict[str, Any] = self.api(read)
        return result

    def refresh(self, entity_id: str) -> None:
        """The client, its units, documents, customers and taxes read into the cache."""
        self.call(self.workspace.refresh_client(entity_id))


@pytest.fixture
def rig(qtbot: QtBot, data_dir: Path, sandbox_app: Starlette, sandbox_key: str
        ) -> Iterator[DocRig]:
    made = DocRig(data_dir, sandbox_app, sandbox_key)
    try:
        yield made
    finally:
        # The refresh at start may still run: its clean-up of vanished clients runs on a
        # thread of its own that closing the cache under it would crash (sync/refresh.py).
        with contextlib.suppress(Exception):
            qtbot.waitUntil(lambda: not made.context.offline.refreshing, timeout=10_000)
        made.context.close()
        made.context.deleteLater()


class Dialogs:
    """What a page or view ran instead of a nested event loop: each dialog, in order; a
    `handle` callback drives it (fill fields, click) and says what exec() returned."""

    def __init__(self) -> None:
        self.shown: list[QDialog] = []
        self.handle: Any = None

    def run(self, dialog: QDialog) -> int:
        self.shown.append(dialog)
        if self.handle is not None:
            return int(self.handle(dialog))
        return 0


def open_page(qtbot: QtBot, rig: DocRig, entity_id: str) -> DocumentsPage:
    page = DocumentsPage(rig.context)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    rig.context.set_current_client(entity_id)
    qtbot.waitUntil(lambda: page.client_id == entity_id and not page.is_loading
                    and page.data is not None, timeout=5000)
    return page


def texts(page: DocumentsPage, column: str) -> list[str]:
    model = page.model
    index = model.column(column)
    return [str(model.index(row, index).data()) for row in range(model.rowCount())]
