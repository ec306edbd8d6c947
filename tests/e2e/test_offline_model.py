"""Random sequences of what happens to a bookkeeper (edit, go offline, edit, restart, come
online, someone else edits on the service, an answer lost on the way back, a sync, a
conflict resolved) against a model: no edit is ever lost, and nobody's change on the
service is overwritten without a conflict being shown first.

The sandbox runs in-process (ASGI) behind a switch that takes the network away, so a
hundred steps take a second. Every value typed is unique ("u7", "s3"), which makes each
value's fate traceable: it is queued, or it is on the service, or it was lost.
"""

from __future__ import annotations

import asyncio
import secrets
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest
import stamina
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from si_desktop.api import RetryPolicy, SpaceInvoicesClient
from si_desktop.sandbox import create_app
from si_desktop.store import Store
from si_desktop.sync.conflicts import TAKE_MINE, value_at
from si_desktop.sync.workspace import Workspace
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.unit.sync.conftest import Switch, scope_for

pytestmark = pytest.mark.slow

CLIENTS = 3
FIELDS: tuple[tuple[str, ...], ...] = (("city",), ("phone",), ("settings", "document_footer"))


def body(path: tuple[str, ...], value: str) -> dict[str, Any]:
    return {"settings": {path[1]: value}} if path[0] == "settings" else {path[0]: value}


class Typed:
    """The user's latest value for one field of one client, and what became of it."""

    def __init__(self, value: str, base_seen: Any) -> None:
        self.value = value
        self.base_seen = base_seen  # the field's value in the cache when it was typed
        self.delivered = False
        self.conflict_seen = False


class OfflineModel(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._testing = stamina.set_testing(True, attempts=1)
        self._testing.__enter__()
        self.loop = asyncio.new_event_loop()
        self.folder = Path(tempfile.mkdtemp(prefix="si-model-")) / "data"
        self.key = "sk_live_" + secrets.token_hex(16)
        self.app = create_app(api_key=self.key)
        self.switch = Switch(self.app)
        self.server = self._client(httpx.ASGITransport(app=self.app))
        self.api = self._client(self.switch)
        self.store = Store.open_in(self.folder)
        self.workspace = Workspace(self.store, scope_for(self.key), self.api)
        self.counter = 0
        self.ids = [self.run(self.server.entities.create(name=f"Client {n}", country="Slovenia"))
                    .id for n in range(CLIENTS)]
        self.run(self.workspace.refresh(logos=False))
        self.typed: dict[tuple[int, tuple[str, ...]], Typed] = {}
        self.server_made: set[str] = set()
        self.before: dict[tuple[int, tuple[str, ...]], Any] = {}

    def _client(self, transport: httpx.AsyncBaseTransport) -> SpaceInvoicesClient:
        return SpaceInvoicesClient(api_key=self.key, base_url=ASGI_BASE_URL, transport=transport,
                                   rate_limit_per_min=None, retry=RetryPolicy.never())

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def server_values(self) -> dict[tuple[int, tuple[str, ...]], Any]:
        values = {}
        for c, entity_id in enumerate(self.ids):
            record = self.run(self.server.entities.get(entity_id)).model_dump(mode="json")
            for path in FIELDS:
                values[(c, path)] = value_at(record, path)
        return values

    def step(self, action: Any) -> None:
        """Run one step that may send, noting the service's values just before."""
        self.before = self.server_values()
        self.run(action)

    # -- what happens -----------------------------------------------------------------------

    @rule(c=st.integers(0, CLIENTS - 1), path=st.sampled_from(FIELDS))
    def user_edits(self, c: int, path: tuple[str, ...]) -> None:
        value = self.fresh("u")
        view = self.workspace.client(self.ids[c])
        assert view is not None and view.service_data is not None
        self.typed[(c, path)] = Typed(value, value_at(view.service_data, path))
        self.step(self.workspace.save_client(self.ids[c], body(path, value)))

    @rule(c=st.integers(0, CLIENTS - 1), path=st.sampled_from(FIELDS))
    def someone_else_edits(self, c: int, path: tuple[str, ...]) -> None:
        value = self.fresh("s")
        self.server_made.add(value)
        self.before = self.server_values()
        self.run(self.server.entities.update(self.ids[c], **body(path, value)))

    @precondition(lambda self: self.switch.online)
    @rule()
    def go_offline(self) -> None:
        self.switch.online = False

    @precondition(lambda self: not self.switch.online)
    @rule()
    def come_online(self) -> None:
        self.switch.online = True
        self.workspace.connectivity.try_now()
        self.step(self.workspace.synchronize(logos=False))

    @rule()
    def lose_the_next_answer(self) -> None:
        self.switch.lose_answers = 1

    @rule()
    def restart(self) -> None:
        self.store.close()
        self.store = Store.open_in(self.folder)
        self.workspace = Workspace(self.store, scope_for(self.key), self.api)

    @rule()
    def sync(self) -> None:
        self.workspace.connectivity.try_now()
        self.step(self.workspace.synchronize(logos=False))

    @rule()
    def resolve_conflicts_taking_mine(self) -> None:
        for problem in self.workspace.problems():
            assert problem.kind == "conflict", problem.message
            self.workspace.resolve(problem, {c.field: TAKE_MINE for c in problem.conflicts})

    # -- what must hold ---------------------------------------------------------------------

    @invariant()
    def no_edit_is_lost_and_no_change_overwritten_unseen(self) -> None:
        if not hasattr(self, "typed"):
            return
        queued = self.store.outbox.list(self.workspace.scope)
        for problem in self.workspace.problems():
            c = self.ids.index(problem.edit.target_id)
            for conflict in problem.conflicts:
                found = self.typed.get((c, conflict.field))
                if found is not None:
                    found.conflict_seen = True
        now = self.server_values()
        for (c, path), typed in self.typed.items():
            if typed.delivered:
                continue
            waiting = any(
                e.target_id == self.ids[c] and value_at(e.payload, path) == typed.value
                for e in queued
            )
            if waiting:
                continue
            assert now[(c, path)] == typed.value, f"{typed.value} for {path} was lost"
            typed.delivered = True
            previous = self.before.get((c, path))
            if previous in self.server_made and previous != typed.base_seen:
                assert typed.conflict_seen, (
                    f"{typed.value} overwrote {previous} on the service without a conflict"
                )

    def teardown(self) -> None:
        try:
            self.switch.online = True
            self.switch.lose_answers = 0
            for _ in range(8):
                self.resolve_conflicts_taking_mine()
                self.sync()
                self.no_edit_is_lost_and_no_change_overwritten_unseen()
                if not self.store.outbox.list(self.workspace.scope):
                    break
            assert self.store.outbox.list(self.workspace.scope) == []
            assert all(typed.delivered for typed in self.typed.values())
        finally:
            self.run(self.api.aclose())
            self.run(self.server.aclose())
            self.store.close()
            self.app.state.sandbox.close()
            self.loop.close()
            self._testing.__exit__(None, None, None)


OfflineModel.TestCase.settings = settings(
    max_examples=30, stateful_step_count=14, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestOfflineModel = OfflineModel.TestCase
