"""The online/offline state machine and its back-off, on a hand-driven clock."""

from __future__ import annotations

import asyncio

import pytest

from si_desktop.api import errors
from si_desktop.sync.connectivity import Change, Connectivity, State
from si_desktop.sync.retry_loop import RetryLoop


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def network_error() -> errors.NetworkError:
    return errors.NetworkError("connection refused", reason="connect")


def test_starts_unknown_and_goes_online_on_any_answer() -> None:
    state = Connectivity(clock=Clock())
    assert state.state is State.UNKNOWN and not state.online and not state.offline
    assert state.report(errors.ServerError("boom", status=503)) is True  # an answer
    assert state.online and state.last_online is not None
    assert state.report(None) is False


def test_back_off_doubles_from_one_second_up_to_sixty() -> None:
    clock = Clock()
    state = Connectivity(clock=clock)
    delays = []
    for _ in range(9):
        state.report_failure(network_error())
        delays.append(state.seconds_until_retry())
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert state.offline and state.failures == 9 and state.current_delay == 60


def test_a_retry_is_due_when_its_time_has_come() -> None:
    clock = Clock()
    state = Connectivity(clock=clock)
    state.report_failure(network_error())
    state.report_failure(network_error())  # next try in 2 s
    assert not state.retry_due()
    clock.now += 1.5
    assert state.seconds_until_retry() == pytest.approx(0.5)
    clock.now += 0.5
    assert state.retry_due() and state.seconds_until_retry() == 0


def test_try_again_is_due_at_once_but_keeps_the_back_off() -> None:
    clock = Clock()
    state = Connectivity(clock=clock)
    for _ in range(3):
        state.report_failure(network_error())
    state.try_now()
    assert state.retry_due()
    state.report_failure(network_error())
    assert state.seconds_until_retry() == 8


def test_success_resets_everything_and_listeners_hear_each_change_once() -> None:
    clock = Clock()
    state = Connectivity(clock=clock)
    heard: list[Change] = []
    unsubscribe = state.subscribe(heard.append)
    state.report_failure(network_error())
    state.report_failure(network_error())
    assert state.offline_since is not None and state.last_error
    assert state.report_success() is True
    assert state.failures == 0 and state.seconds_until_retry() is None
    assert state.offline_since is None
    assert heard == [Change(State.UNKNOWN, State.OFFLINE), Change(State.OFFLINE, State.ONLINE)]
    unsubscribe()
    state.report_failure(network_error())
    assert len(heard) == 2
    state.report_failure(network_error())
    assert state.seconds_until_retry() == 2  # back-off starts again from 1 s


def test_only_a_missing_answer_means_offline() -> None:
    state = Connectivity(clock=Clock())
    for answered in (errors.ValidationError("bad", status=422),
                     errors.RateLimitError("slow down", status=429),
                     errors.AuthenticationError("no", status=401)):
        state.report(answered)
        assert state.online
    state.report(network_error())
    assert state.offline


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        Connectivity(initial_delay=0)
    with pytest.raises(ValueError):
        Connectivity(initial_delay=10, max_delay=5)


@pytest.mark.anyio
async def test_retry_loop_waits_out_the_back_off_without_real_sleep() -> None:
    clock = Clock()
    state = Connectivity(clock=clock)
    state.report_failure(network_error())
    slept: list[float] = []
    answers = [network_error(), network_error(), None]

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    async def probe() -> None:
        answer = answers.pop(0)
        if answer is not None:
            raise answer

    tries = await RetryLoop(state, probe, sleep=sleep).run()
    assert tries == 3 and state.online
    assert slept == [1, 2, 4]


@pytest.mark.anyio
async def test_try_again_wakes_a_waiting_loop() -> None:
    clock = Clock()
    state = Connectivity(clock=clock)
    for _ in range(6):
        state.report_failure(network_error())  # next try in 32 s
    forever = asyncio.Event()
    asleep = asyncio.Event()

    async def sleep(seconds: float) -> None:
        asleep.set()
        await forever.wait()

    async def probe() -> None:
        return None

    loop = RetryLoop(state, probe, sleep=sleep)
    task = asyncio.ensure_future(loop.run())
    await asyncio.wait_for(asleep.wait(), 2)
    assert not task.done()
    loop.wake()
    assert await asyncio.wait_for(task, 2) == 1
    assert state.online


def test_a_refused_key_is_remembered_until_the_next_good_answer() -> None:
    state = Connectivity(clock=Clock())
    assert not state.key_refused
    state.report(errors.AuthenticationError("revoked", status=401))
    assert state.online and state.key_refused
    state.report(errors.ValidationError("bad", status=422))  # the key was accepted
    assert not state.key_refused
    state.report(errors.AuthenticationError("revoked", status=401))
    state.report_success()
    assert not state.key_refused
