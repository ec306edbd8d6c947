"""Two processes never send one cache's outbox at once: while another holds the turn, a
send waits a little, then leaves the edits queued and says so."""

from __future__ import annotations

import asyncio
import io

import pytest

from si_desktop.store.locks import FileLock
from si_desktop.sync import commands
from si_desktop.sync import workspace as workspace_module
from si_desktop.sync.results import SyncResult
from tests.unit.sync.conftest import Rig, make_client

pytestmark = pytest.mark.anyio


async def test_while_another_process_sends_the_edit_stays_queued(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workspace_module, "SEND_TURN_WAIT", 0.3)
    entity_id = await make_client(rig.server, "Pekarna Novak")
    await rig.workspace.refresh(logos=False)
    other = FileLock(rig.store.sending_lock_path)  # another process, as far as flock can tell
    assert other.acquire()
    try:
        result = await rig.workspace.save_client(entity_id, {"city": "Kranj"})
        assert result.outcome == "queued" and result.report is not None
        assert result.report.busy and result.report.waiting == 1
        assert rig.switch.writes() == []
    finally:
        other.release()
    report = await rig.workspace.send_pending()
    assert not report.busy and len(report.sent) == 1


async def test_a_send_waits_for_a_turn_that_ends_soon(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workspace_module, "SEND_TURN_WAIT", 30.0)
    entity_id = await make_client(rig.server, "Pekarna Novak")
    await rig.workspace.refresh(logos=False)
    rig.workspace.enqueue_client_changes(entity_id, {"city": "Kranj"})
    other = FileLock(rig.store.sending_lock_path)
    assert other.acquire()
    asyncio.get_running_loop().call_later(0.3, other.release)
    report = await rig.workspace.send_pending()
    assert not report.busy and len(report.sent) == 1


def test_sync_says_when_another_process_was_sending() -> None:
    result = SyncResult()
    result.sent.busy = True
    out, err = io.StringIO(), io.StringIO()
    commands._report(result, out=out, err=err)
    assert "another si-desktop process" in err.getvalue()
