"""`si-desktop sync` and `si-desktop clients`: scripted refreshes and quick looks at the
cache, without a window.

    si-desktop sync [--data-dir D] [--base-url URL] [--full]
        Refresh the cache (a progress line on stderr), send the queued edits and print a
        summary. The refresh asks only for the clients changed since the last one, and
        walks every client once a day or with `--full` (see `sync.refresh`). Exit codes:
          0  everything asked for was done;
          1  failed (no key, key refused, the service answered with an error …);
          2  the service cannot be reached (one sentence on stderr; the cache is not
             touched, or keeps what had arrived when the connection was lost);
          3  an edit is held for a conflict or was refused (it stays queued; the app
             shows it);
          4  incomplete: the rest was refreshed, but some clients' business units were
             not, or records from the service could not be read; a line on stderr names
             what was left undone (counts and the first ids; the log has every one);
          5  the service asks to wait longer than the sync waits (a `Retry-After` over
             120 s): a line on stderr says how long and until when; run it again then.
        When more than one applies, the first of 2, 5, 3, 1, 4 wins.

    si-desktop clients [--data-dir D] [--json]
        List the cached clients with no network: id, name, country, business units,
        fetched at, edits waiting. Exit 1 when the cache was found damaged (said on stderr
        and in the log, and again by the next `sync`) or some rows could not be read.

What the service sent (names, ids, messages) is printed through `core.terminal.printable`:
a control character in a client's name is shown, never acted on by the terminal.

The key comes from `SI_DESKTOP_API_KEY`, else from the keychain entry of a saved account
(`--account NAME`, else the one the app has open, on `--base-url` when given). It is never
written anywhere: the cache names an account by a fingerprint and the log redacts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from si_desktop.accounts import (
    Account,
    AccountRegistry,
    normalize_base_url,
    registry_for_data_dir,
)
from si_desktop.api import DEFAULT_BASE_URL, RetryPolicy, SpaceInvoicesClient, errors
from si_desktop.api.ratelimit import MAX_PAUSE_SECONDS
from si_desktop.core.terminal import json_printable, printable
from si_desktop.credentials import Credentials, CredentialsError
from si_desktop.datadir import ensure_private_dir, resolve_data_dir
from si_desktop.store import Scope, Store, StoreError, SwitcherRow
from si_desktop.sync.arguments import FIRM_COMMANDS, add_commands
from si_desktop.sync.conflicts import EditProblem
from si_desktop.sync.refresh import RefreshProgress, RefreshSummary, parse_time
from si_desktop.sync.results import SyncResult
from si_desktop.sync.workspace import Workspace

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_OFFLINE = 2
EXIT_HELD = 3
EXIT_INCOMPLETE = 4
EXIT_WAIT = 5
#: Ids named on a "left undone" line; the log has all of them.
SHOWN_IDS = 5

API_KEY_ENV = "SI_DESKTOP_API_KEY"
ACCOUNT_ID_ENV = "SI_DESKTOP_ACCOUNT_ID"
#: The NAME column of `clients`: longer names are cut (`--json` gives them whole).
NAME_WIDTH = 40
#: Headless: a refused connection is reported within a second or two, not after minutes.
CLI_RETRY = RetryPolicy(attempts=3, timeout=30.0, wait_initial=0.2, wait_max=2.0,
                        wait_jitter=0.2)

log = logging.getLogger("si_desktop.sync.commands")


# --- arguments -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="si-desktop")
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    add_commands(parser)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    transport: Any = None,
) -> int:
    """Parse `argv` (e.g. `["sync", "--data-dir", "D"]`) and run the command."""
    args = build_parser().parse_args(argv)
    return run_command(args, out=out, err=err, environ=environ, transport=transport)


def run_command(
    args: argparse.Namespace,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    transport: Any = None,
) -> int:
    """Run the parsed subcommand; returns the exit code. `transport` replaces the network
    (tests)."""
    out = out or sys.stdout
    err = err or sys.stderr
    env = os.environ if environ is None else environ
    bad_key = key_problem(env)
    if bad_key:
        print(bad_key, file=err)
        return EXIT_FAILED
    data_dir = ensure_private_dir(resolve_data_dir(getattr(args, "data_dir", None)))
    from si_desktop.logs import configure_logging

    configure_logging(data_dir)
    base_url = getattr(args, "base_url", None)
    name = getattr(args, "account", None)
    if args.command == "clients":
        return clients_command(data_dir, as_json=bool(args.json), out=out, err=err,
                               base_url=base_url, account_name=name, environ=env)
    if args.command == "sync":
        account = find_account(data_dir, base_url, env, account_name=name)
        if account.api_key is None:
            print(account.problem, file=err)
            return EXIT_FAILED
        return sync_command(data_dir, account, out=out, err=err, transport=transport,
                            full=bool(getattr(args, "full", False)))
    if args.command in FIRM_COMMANDS:
        from si_desktop.sync.firm_commands import run_firm_command

        def scope_of(store: Store) -> Scope | str:
            scopes = _listing_scopes(store, data_dir, base_url, name, env)
            if isinstance(scopes, str) or len(scopes) == 1:
                return scopes[0] if isinstance(scopes, list) else scopes
            if not scopes:
                return "The local cache holds no clients yet; run `si-desktop sync` first."
            return ("The local cache holds the clients of several accounts: choose one with "
                    f"--account or {API_KEY_ENV}.")

        return run_firm_command(
            args, data_dir, out=out, err=err, scope_of=scope_of,
            target_of=lambda: find_account(data_dir, base_url, env, account_name=name),
            transport=transport,
        )
    raise ValueError(f"unknown command {args.command!r}")


# --- which account ---------------------------------------------------------------------------


def key_problem(environ: Mapping[str, str]) -> str:
    """Why the key in `SI_DESKTOP_API_KEY` cannot be used ("" when it can, or is unset):
    the cache files a key's clients by the environment its prefix names."""
    key = (environ.get(API_KEY_ENV) or "").strip()
    if not key:
        return ""
    try:
        Scope.for_api_key(key)
    except ValueError:
        return (f"{API_KEY_ENV} does not hold a Space Invoices API key: a key starts with "
                "sk_live_, sk_sandbox_, ek_live_ or ek_sandbox_.")
    return ""


@dataclass(frozen=True)
class Target:
    """Where to talk to and with which key; `problem` says why there is no key."""

    base_url: str
    api_key: str | None
    account_id: str | None = None
    problem: str = ""

    def __repr__(self) -> str:  # never the key
        return f"Target(base_url={self.base_url!r}, account_id={self.account_id!r})"

    @property
    def scope(self) -> Scope:
        if self.api_key is None:
            raise ValueError("no key, no scope")
        return Scope.for_api_key(self.api_key, base_url=self.base_url)


def _choose(
    registry: AccountRegistry, base_url: str | None, name: str | None
) -> tuple[Account | None, str]:
    """The saved account meant: by name (or id), else the app's current one on `base_url`
    (or any on it), else the app's current one. Second: why none, when one was named."""
    known = registry.accounts()
    if name:
        wanted = name.strip().casefold()
        for account in known:
            if account.id == name.strip() or account.name.casefold() == wanted:
                return account, ""
        names = ", ".join(a.name for a in known) or "none"
        return None, f"There is no saved account named {name!r} (saved: {names})."
    current = registry.current()
    if base_url:
        on_server = [a for a in known if a.base_url == normalize_base_url(base_url)]
        if current is not None and current in on_server:
            return current, ""
        return (on_server[0] if on_server else None), ""
    return current, ""


def find_account(
    data_dir: Path,
    base_url: str | None,
    environ: Mapping[str, str],
    *,
    account_name: str | None = None,
) -> Target:
    """The server and key to use: the key from `SI_DESKTOP_API_KEY`, else from the keychain
    entry of the saved account (`--account`, else the one the app has open, else the single
    account of an earlier release, whose entry is named by the server's address)."""
    registry = registry_for_data_dir(data_dir)
    chosen, problem = _choose(registry, base_url, account_name)
    legacy = registry.legacy()
    url = normalize_base_url(
        base_url
        or (chosen.base_url if chosen is not None else None)
        or (legacy[0] if legacy is not None else None)
        or DEFAULT_BASE_URL
    )
    account_id = environ.get(ACCOUNT_ID_ENV) or None
    if account_id is None and chosen is not None:
        account_id = chosen.account_id
    elif account_id is None and legacy is not None and normalize_base_url(legacy[0]) == url:
        account_id = legacy[1]
    key = (environ.get(API_KEY_ENV) or "").strip()
    if key:
        return Target(url, key, account_id)
    if problem:
        return Target(url, None, account_id, problem)
    keychain_user = chosen.keychain_user if chosen is not None else url
    try:
        stored = Credentials().get_api_key(keychain_user)
    except CredentialsError as error:
        return Target(url, None, account_id,
                      f"The system keychain could not be read ({error}); set {API_KEY_ENV}.")
    if stored:
        return Target(url, stored, account_id)
    return Target(url, None, account_id,
                  f"There is no API key for {url}: set {API_KEY_ENV} or connect once in the "
                  "app.")


# --- sync ------------------------------------------------------------------------------------


class ProgressLine:
    """One progress line on a terminal (rewritten in place); elsewhere, a line per page of
    clients and per tenth of the units."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._last: tuple[str, int] | None = None  # (phase, step) last written
        self._width = 0

    def __call__(self, progress: RefreshProgress) -> None:
        if self.tty:
            text = progress.message
            self.stream.write("\r" + text.ljust(self._width))
            self._width = len(text)
            self.stream.flush()
            return
        total = progress.total or 0
        step = max(1, total // 10) if progress.phase == "business units" else 1
        key = (progress.phase, -1 if progress.done == total else progress.done // step)
        if key != self._last:
            self.stream.write(progress.message + "\n")
            self._last = key

    def end(self) -> None:
        if self.tty and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()


def sync_command(
    data_dir: Path,
    account: Target,
    *,
    out: TextIO,
    err: TextIO,
    transport: Any = None,
    full: bool = False,
) -> int:
    try:
        store = Store.open_in(data_dir)
    except StoreError as error:
        print(error.message, file=err)
        return EXIT_FAILED
    try:
        report_damage(store, err, acknowledge=True)
        return asyncio.run(_sync(store, account, out=out, err=err, transport=transport,
                                 full=full))
    finally:
        store.close()


async def _sync(
    store: Store, account: Target, *, out: TextIO, err: TextIO, transport: Any,
    full: bool = False,
) -> int:
    try:
        api = SpaceInvoicesClient(
            api_key=account.api_key or "", base_url=account.base_url,
            account_id=account.account_id, transport=transport, retry=CLI_RETRY,
        )
    except ValueError as error:
        print(f"The server address or key cannot be used: {error}.", file=err)
        return EXIT_FAILED
    async with api:
        workspace = Workspace(store, account.scope, api)
        try:
            await workspace.probe()  # offline: say so before anything in the cache changes
        except errors.NetworkError:
            print(f"Space Invoices cannot be reached at {account.base_url}; the local cache "
                  "was left as it was.", file=err)
            return EXIT_OFFLINE
        except errors.RateLimitError as error:
            wait = _asked_wait(error)
            if wait is not None and wait > MAX_PAUSE_SECONDS:
                print(_wait_line(wait), file=err)
                return EXIT_WAIT
            # a short wait: the rate limiter holds the sync's first request until then
        except errors.ApiError as error:
            if not error.retryable:
                print(_failure(error), file=err)
                return EXIT_FAILED
            # 5xx: the service is there, having trouble; the sync asks again per request
            log.info("the first request failed (%s); syncing all the same", error)
        progress = ProgressLine(err)
        try:
            result = await workspace.synchronize(progress=progress, full=full)
        finally:
            progress.end()
    return _report(result, out=out, err=err)


def _failure(error: errors.ApiError) -> str:
    if isinstance(error, errors.AuthenticationError):
        return "The service refused the API key (401); connect again in the app."
    if isinstance(error, errors.PermissionDeniedError):
        return "The API key may not list clients (403)."
    status = f" (HTTP {error.status})" if error.status is not None else ""
    return printable(f"The service answered with an error: {error.message}{status}.")


def _asked_wait(error: BaseException | None) -> float | None:
    """The seconds a 429 asks to wait, if `error` is one that says."""
    if isinstance(error, errors.RateLimitError) and error.retry_after is not None:
        return max(0.0, error.retry_after)
    return None


def _wait_line(seconds: float, now: datetime | None = None) -> str:
    """E.g. "The service asks to wait 86400 s (until 2026-03-02 14:03); …"."""
    moment = (now or datetime.now().astimezone()) + timedelta(seconds=seconds)
    today = (now or datetime.now().astimezone()).date()
    until = moment.strftime("%H:%M" if moment.date() == today else "%Y-%m-%d %H:%M")
    return (f"The service asks to wait {math.ceil(seconds)} s (until {until}); the sync "
            "stopped there. What had arrived was kept and queued edits stay queued: run "
            "it again then.")


def _report(result: SyncResult, *, out: TextIO, err: TextIO) -> int:
    if result.offline:
        print("The connection to Space Invoices was lost during the sync; what had arrived "
              "was kept, nothing was removed and queued edits stay queued.", file=err)
        return EXIT_OFFLINE
    wait = _asked_wait(result.error)
    if wait is not None:
        print(_wait_line(wait), file=err)
    elif result.error is not None:
        print(_failure(result.error), file=err)
    refresh = result.refresh
    clients = refresh.clients if refresh is not None else 0
    units = refresh.business_units if refresh is not None else 0
    sent = len(result.sent.sent)
    conflicts = len(result.conflicts)
    listed = _count(clients, "client")
    if refresh is not None and refresh.kind == "incremental":
        listed += f" ({refresh.changed_clients} changed)"
    parts = [
        listed, _count(units, "business unit"),
        _count(sent, "edit") + " sent", _count(conflicts, "conflict"),
    ]
    if result.rejected:
        parts.append(f"{len(result.rejected)} refused")
    waiting = result.waiting - len(result.held)
    if waiting > 0:
        parts.append(f"{waiting} still queued")
    print(", ".join(parts), file=out)
    if result.sent.busy:
        print("Queued edits were not sent by this run: another si-desktop process using this "
              "data folder is sending them.", file=err)
    for line in _left_undone(refresh):
        print(line, file=err)
    for problem in result.held:
        print(printable(_held_line(problem)), file=out)  # the service's words: made safe
    if wait is not None:
        return EXIT_WAIT
    if result.held:
        return EXIT_HELD
    if result.error is not None:
        return EXIT_FAILED
    if refresh is None or not refresh.complete:
        return EXIT_INCOMPLETE
    return EXIT_OK


def _left_undone(refresh: RefreshSummary | None) -> list[str]:
    """The lines naming what the refresh left undone: counts, and the first ids."""
    if refresh is None:
        return []
    lines = []
    if refresh.failures:
        lines.append(f"Business units of {_count(len(refresh.failures), 'client')} were not "
                     f"refreshed ({_first_ids(refresh.failures)}); see the log.")
    if refresh.unread_message:
        ids = [*refresh.skipped_ids, *refresh.skipped_unit_ids]
        named = f" ({_first_ids(ids)})" if ids else ""
        lines.append(f"{refresh.unread_message}{named}.")
    if refresh.logo_failures:
        lines.append(f"Logos of {_count(len(refresh.logo_failures), 'client')} could not be "
                     f"fetched ({_first_ids(refresh.logo_failures)}); see the log.")
    return lines


def _first_ids(ids: Sequence[str] | Mapping[str, Any]) -> str:
    """E.g. "ent_1, ent_2, ent_3 and 32 more"."""
    shown = [printable(str(i)) for i in list(ids)[:SHOWN_IDS]]
    more = len(ids) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _held_line(problem: EditProblem) -> str:
    edit = problem.edit
    what = f"{edit.kind.value.replace('_', ' ')} of {edit.target_id} (queued {edit.created_at})"
    if problem.kind == "rejected":
        fields = ", ".join(".".join(path) for path, _ in problem.issues)
        detail = f" [{fields}]" if fields else ""
        return f"Refused: {what}: {problem.message}{detail}. Open si-desktop to correct it."
    if problem.kind == "failed":
        return (f"Held: {what}: {problem.message}. "
                "Open si-desktop to try it again or drop it.")
    fields = "; ".join(
        f"{c.label}: theirs {json.dumps(c.theirs, ensure_ascii=False)}, "
        f"mine {json.dumps(c.mine, ensure_ascii=False)}"
        for c in problem.conflicts
    )
    return f"Conflict: {what}: {fields}. Open si-desktop to choose."


# --- clients ---------------------------------------------------------------------------------


def clients_command(
    data_dir: Path,
    *,
    as_json: bool,
    out: TextIO,
    err: TextIO,
    base_url: str | None = None,
    account_name: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """The cached clients of the account in use (when a key is at hand), else of every
    account the cache holds. Never touches the network."""
    path = data_dir / "cache.sqlite3"
    if not path.exists():
        print(f"There is no local cache in {data_dir} yet; run `si-desktop sync` first.",
              file=err)
        return EXIT_FAILED
    try:
        store = Store.open_in(data_dir)
    except StoreError as error:
        print(error.message, file=err)
        return EXIT_FAILED
    try:
        damaged = report_damage(store, err, acknowledge=False)  # the next sync tells it too
        scopes = _listing_scopes(store, data_dir, base_url, account_name, environ or {})
        if isinstance(scopes, str):
            print(scopes, file=err)
            return EXIT_FAILED
        rows = [(scope, row) for scope in scopes for row in store.entities.switcher_rows(scope)]
        unreadable = store.unreadable_rows.summary()
    finally:
        store.close()
    if as_json:  # JSON escapes C0 controls itself; the rest is escaped here
        listing = json.dumps([_row_json(scope, row) for scope, row in rows],
                             ensure_ascii=False, indent=2)
        out.write(json_printable(listing) + "\n")
    else:
        _table(rows, several=len(scopes) > 1, out=out)
    if unreadable:
        print(unreadable, file=err)
    # the listing is what the cache holds, but not all there was: say so in the exit code
    return EXIT_FAILED if damaged or unreadable else EXIT_OK


def report_damage(store: Store, err: TextIO, *, acknowledge: bool) -> bool:
    """Say on stderr, and in the log, that the cache was found damaged (now, or by an
    earlier open no sync has told yet): where the damaged file and its queued edits went.
    With `acknowledge`, later opens stop repeating it. Returns whether there was damage."""
    damage = store.damage
    if damage is None:
        return False
    print(damage.message, file=err)
    print(damage.where, file=err)
    log.error("%s %s", damage.message, damage.where)
    if acknowledge:
        store.acknowledge_damage()
    return True


def _listing_scopes(
    store: Store,
    data_dir: Path,
    base_url: str | None,
    account_name: str | None,
    environ: Mapping[str, str],
) -> list[Scope] | str:
    """Whose clients to list: the key's in `SI_DESKTOP_API_KEY`, else the saved account's
    (named, or the app's open one; by its fingerprint, so the keychain is not asked), else
    every account in the cache. A string says why none."""
    if (environ.get(API_KEY_ENV) or "").strip():
        return [find_account(data_dir, base_url, environ, account_name=account_name).scope]
    chosen, problem = _choose(registry_for_data_dir(data_dir), base_url, account_name)
    if problem:
        return problem
    if chosen is not None and chosen.scope is not None:
        return [chosen.scope]
    return [summary.scope for summary in store.scopes.list()]


def _row_json(scope: Scope, row: SwitcherRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "country": row.country,
        "country_code": row.country_code,
        "business_units": row.business_units,
        "fetched_at": row.fetched_at,
        "pending_edits": row.pending_edits,
        "is_enabled": row.is_enabled,
        "environment": scope.environment,
    }


def _local_time(value: str | None) -> str:
    parsed = parse_time(value)
    if parsed is None:
        return value or ""
    return parsed.astimezone().strftime("%Y-%m-%d %H:%M")


def _table(rows: list[tuple[Scope, SwitcherRow]], *, several: bool, out: TextIO) -> None:
    header = ["ID", "NAME", "COUNTRY", "UNITS", "FETCHED", "PENDING"]
    if several:
        header.append("ENVIRONMENT")
    lines = [header]
    for scope, row in rows:
        line = [printable(row.id), _clip(printable(row.name), NAME_WIDTH),
                printable(row.country or ""), str(row.business_units),
                printable(_local_time(row.fetched_at)), str(row.pending_edits or "")]
        if several:
            line.append(printable(scope.environment))
        lines.append(line)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
                  .rstrip() + "\n")
    out.write(f"{_count(len(rows), 'client')}, cached; as of {_as_of(rows)}\n")


def _clip(text: str, width: int) -> str:
    """`text` cut to `width` characters, the cut marked with "…" (one long name must not
    widen every row of the table)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _as_of(rows: list[tuple[Scope, SwitcherRow]]) -> str:
    times = [t for t in (parse_time(row.fetched_at) for _, row in rows) if t is not None]
    if not times:
        return "never"
    newest: datetime = max(times)
    return newest.astimezone().strftime("%Y-%m-%d %H:%M")
