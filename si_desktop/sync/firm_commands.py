"""`si-desktop standard | drift | apply | undo`: the firm's standards from the command line,
for firms that script. The same library, drift, dry run, batch and undo as the window
(`sync.standards`), on the same cache and outbox.

    si-desktop standard --from-client CLIENT_ID --name NAME [--with-branding]
    si-desktop standard --list | --import FILE | --export NAME FILE
        Make a standard from a cached client (every field a standard can hold; the template
        and colour only with --with-branding), list the kept standards, or share one as a
        file. A malformed file is refused with its line and the reason (exit 1).

    si-desktop drift [--standard NAME|FILE] [--json]
        The clients each standard (or every kept one) applies to, with their differing
        fields, from the cache alone. Exit 0 when all match, 1 when some differ.

    si-desktop apply --standard NAME|FILE [--clients IDS|TEXT] [--include-disabled]
                     (--dry-run | --yes) [--json]
        The dry run (per client, per field, before → after), or with --yes the batch: queued
        through the outbox and sent as `sync` sends (offline it waits for the next `sync`).
        `--clients`: comma-separated client ids, or a search text as the switcher reads it;
        default every client the standard applies to. Prints the batch id (with --json an
        object with `batch` and the changes per client). Exit 0 when every client's change
        went (or there was nothing to change), 3 when some are held (refused or conflict),
        2 when offline (queued), 1 on failure.

    si-desktop undo BATCH_ID [--dry-run | --yes] [--json]
        Write the values from before the batch back as a new batch; a field changed since
        is a conflict and stays as it is.

Names and values from the service and from files are printed through `core.terminal`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from si_desktop.api import SpaceInvoicesClient, errors
from si_desktop.core.search_text import fold
from si_desktop.core.standards import AppliesTo, StandardError, StandardFileError, from_settings
from si_desktop.core.terminal import json_printable, printable
from si_desktop.store import Scope, Store, StoreError, SwitcherRow
from si_desktop.sync import standards
from si_desktop.sync.standards import BatchResult, DryRun, StandardLibrary
from si_desktop.sync.workspace import Workspace

EXIT_OK = 0
EXIT_FAILED = 1  # also "drift: some clients differ"
EXIT_OFFLINE = 2
EXIT_HELD = 3


def run_firm_command(
    args: argparse.Namespace,
    data_dir: Path,
    *,
    out: TextIO,
    err: TextIO,
    scope_of: Any,
    target_of: Any,
    transport: Any = None,
) -> int:
    """Run one of the four; `scope_of()` names the cache's scope to read (or a string saying
    why none), `target_of()` the server and key to send with (`sync.commands`)."""
    library = StandardLibrary(data_dir)
    try:
        if args.command == "standard" and (args.list or args.import_file or args.export):
            return _library_command(args, library, out)
        store = Store.open_in(data_dir)
    except (StandardError, StoreError) as error:
        print(_message(error), file=err)
        return EXIT_FAILED
    try:
        scope = scope_of(store)
        if isinstance(scope, str):
            print(scope, file=err)
            return EXIT_FAILED
        if args.command == "standard":
            return _from_client(args, library, store, scope, out, err)
        if args.command == "drift":
            return _drift(args, library, store, scope, out)
        if args.command == "apply" and args.dry_run:
            workspace = Workspace(store, scope, None)
            plan = standards.dry_run(workspace, library.resolve(args.standard),
                                     _chosen(args, library, workspace),
                                     include_disabled=args.include_disabled)
            return _print_plan(plan, None, args.json, out)
        if args.command == "undo" and args.dry_run:
            plan = standards.undo_plan(Workspace(store, scope, None), args.batch)
            return _print_plan(plan, None, args.json, out)
        return asyncio.run(_send(args, library, store, scope, target_of, transport, out, err))
    except (StandardError, LookupError, ValueError) as error:
        print(_message(error), file=err)
        return EXIT_FAILED
    finally:
        store.close()


def _message(error: BaseException) -> str:
    if isinstance(error, StandardFileError):
        return printable(f"The standard file was refused: {error}.")
    if isinstance(error, StoreError):
        return error.message
    return printable(str(error.args[0] if error.args else error))


# --- standard -------------------------------------------------------------------------------


def _library_command(args: argparse.Namespace, library: StandardLibrary, out: TextIO) -> int:
    if args.import_file:
        kept = library.import_file(Path(args.import_file).expanduser())
        print(printable(f"Kept the standard {kept.name!r} ({len(kept.values)} fields)."),
              file=out)
        return EXIT_OK
    if args.export:
        name, path = args.export
        standards.export_file(library.resolve(name), Path(path).expanduser())
        print(printable(f"Wrote {path}."), file=out)
        return EXIT_OK
    for standard in library.list():
        applies = json.dumps(standard.applies_to.as_json(), ensure_ascii=False)
        print(printable(f"{standard.name}\t{len(standard.values)} fields\t{applies}"), file=out)
    for path, problem in library.problems().items():
        print(printable(f"{path.name}: refused, {problem}"), file=out)
    return EXIT_OK


def _from_client(args: argparse.Namespace, library: StandardLibrary, store: Store,
                 scope: Scope, out: TextIO, err: TextIO) -> int:
    if not args.name:
        print("--from-client needs --name NAME.", file=err)
        return EXIT_FAILED
    client = Workspace(store, scope, None).client_now(args.from_client)
    if client is None:
        print(printable(f"There is no client {args.from_client} in the local cache; run "
                        "`si-desktop sync` first."), file=err)
        return EXIT_FAILED
    standard = from_settings(args.name, client.get("settings") or {}, applies_to=AppliesTo(),
                             branding=args.with_branding)
    path = library.save(standard)
    print(printable(f"Kept the standard {standard.name!r} from {client.get('name')}: "
                    f"{len(standard.values)} fields, in {path}."), file=out)
    return EXIT_OK


# --- drift ----------------------------------------------------------------------------------


def _drift(args: argparse.Namespace, library: StandardLibrary, store: Store, scope: Scope,
           out: TextIO) -> int:
    chosen = [library.resolve(args.standard)] if args.standard else library.list()
    if not chosen:
        raise StandardError("There is no standard yet: make one with `si-desktop standard "
                            "--from-client CLIENT_ID --name NAME`.")
    workspace = Workspace(store, scope, None)
    report: list[dict[str, Any]] = []
    differ = False
    for standard in chosen:
        found = standards.drift(workspace, standard, units=True)
        differ = differ or any(not d.matches for d in found)
        report.append({
            "standard": standard.name,
            "clients": [
                {"id": d.entity_id, "name": d.name, "enabled": d.enabled,
                 "differing": [{"field": f.path, "standard": f.standard, "client": f.client,
                                "hidden_by_units": list(f.hidden_by)}
                               for f in d.fields if f.differs]}
                for d in found
            ],
        })
    if args.json:
        out.write(json_printable(json.dumps(report, ensure_ascii=False, indent=2)) + "\n")
    else:
        for entry in report:
            clients = entry["clients"]
            differing = [c for c in clients if c["differing"]]
            print(printable(f"{entry['standard']}: {len(differing)} of {len(clients)} clients "
                            "differ"), file=out)
            for client in differing:
                fields = ", ".join(f["field"] for f in client["differing"])
                print(printable(f"  {client['id']}  {client['name']}: "
                                f"{len(client['differing'])} ({fields})"), file=out)
    return EXIT_FAILED if differ else EXIT_OK


# --- apply and undo -------------------------------------------------------------------------


def _chosen(args: argparse.Namespace, library: StandardLibrary, workspace: Workspace
            ) -> list[str]:
    """The clients `--clients` names (ids, or a search text), else every client the
    standard applies to."""
    given = (args.clients or "").strip()
    if not given:
        standard = library.resolve(args.standard)
        return [d.entity_id for d in standards.drift(workspace, standard)]
    parts = [p.strip() for p in given.split(",") if p.strip()]
    rows = workspace.clients()
    known = {row.id for row in rows}
    if all(part in known or part.startswith(("ent_", "local_ent_")) for part in parts):
        return parts
    found = [row.id for row in rows if matches_search(row, given)]
    if not found:
        raise LookupError(printable(f"No cached client matches {given!r}."))
    return found


def matches_search(row: SwitcherRow, text: str) -> bool:
    """Whether every word of `text` is in the client's name, tax number, city, country or
    metadata values (the switcher's search)."""
    haystack = fold("\n".join(part for part in (
        row.name, row.tax_number, row.city, row.country, row.client_code, row.metadata_text,
    ) if part))
    return all(word in haystack for word in fold(text).split())


async def _send(args: argparse.Namespace, library: StandardLibrary, store: Store,
                scope: Scope, target_of: Any, transport: Any, out: TextIO, err: TextIO) -> int:
    target = target_of()
    if target.api_key is None:
        print(target.problem, file=err)
        return EXIT_FAILED
    from si_desktop.sync.commands import CLI_RETRY

    api = SpaceInvoicesClient(api_key=target.api_key, base_url=target.base_url,
                              account_id=target.account_id, transport=transport,
                              retry=CLI_RETRY)
    async with api:
        workspace = Workspace(store, target.scope, api)
        if args.command == "apply":
            plan = standards.dry_run(workspace, library.resolve(args.standard),
                                     _chosen(args, library, workspace),
                                     include_disabled=args.include_disabled)
        else:
            plan = standards.undo_plan(workspace, args.batch)
        if not plan.changing:
            return _print_plan(plan, None, args.json, out)
        try:
            result = await standards.apply(workspace, plan)
        except errors.ApiError as error:  # the batch is queued: the next sync sends it
            print(printable(f"The batch is queued but could not be sent: {error.message}."),
                  file=err)
            return EXIT_OFFLINE
    return _print_plan(plan, result, args.json, out)


def _print_plan(plan: DryRun, result: BatchResult | None, as_json: bool, out: TextIO) -> int:
    outcomes = {c.entity_id: c for c in result.clients} if result is not None else {}
    if as_json:
        body = {
            "batch": result.batch_id if result is not None else None,
            "kind": plan.kind,
            "standard": plan.standard,
            "undoes": plan.undoes,
            "clients": [_client_json(c, outcomes.get(c.entity_id)) for c in plan.clients],
        }
        out.write(json_printable(json.dumps(body, ensure_ascii=False, indent=2)) + "\n")
    else:
        _plan_text(plan, outcomes, out)
        if result is not None:
            print(result.batch_id, file=out)
    if result is None:
        return EXIT_OK
    if any(c.outcome in ("refused", "conflict", "failed") for c in result.clients):
        return EXIT_HELD
    if any(c.outcome == "waiting" for c in result.clients):
        return EXIT_OFFLINE
    return EXIT_OK


def _client_json(plan: standards.ClientPlan, outcome: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": plan.entity_id, "name": plan.name, "skipped": plan.skipped,
        "changes": [{"field": c.path, "before": c.before, "after": c.after,
                     "conflict": c.conflict} for c in plan.changes],
    }
    if outcome is not None:
        body["outcome"] = outcome.outcome
        body["reason"] = outcome.reason
    return body


def _plan_text(plan: DryRun, outcomes: Mapping[str, Any], out: TextIO) -> None:
    title = "Undo of " + str(plan.undoes) if plan.kind == "undo" else plan.standard
    print(printable(f"{title}: {len(plan.changing)} clients, {plan.field_count} fields"),
          file=out)
    for client in plan.clients:
        outcome = outcomes.get(client.entity_id)
        state = f" [{outcome.outcome}{': ' + outcome.reason if outcome.reason else ''}]" \
            if outcome is not None else ""
        skipped = f" (skipped: {client.skipped})" if client.skipped else ""
        print(printable(f"  {client.entity_id}  {client.name}{skipped}{state}"), file=out)
        for change in client.changes:
            mark = "conflict, left as it is: " if change.conflict else ""
            print(printable(f"    {mark}{change.path}: {_shown(change.before)} → "
                            f"{_shown(change.after)}"), file=out)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:69] + "…"
