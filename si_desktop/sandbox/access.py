"""Client access on the sandbox: entity API keys, entity users, invitations and the
stand-in dashboard token (CONTRACT.md, "Client access"). Every route is scoped by
`x-entity-id` like the business units, and needs the account key: an entity key cannot
hand out access to its own entity (403).

Choices where the contract is silent, kept in one place:
- `POST /entities/api-keys` answers 201 with the key's record whose `id` is the full key (as
  the contract has it), plus `key` (the same text) and `key_id`, the public id under which
  `GET` lists it and `DELETE` revokes it. The full key is never shown again. `name` is at
  most 100 characters; `ttl` is seconds from 60 to ten years; without it the key does not
  expire. Revoked keys leave the list; expired ones stay, with their `expires_at`.
- `POST /entities/users` answers 201 with the entity user for someone the account knows,
  or 201 with the invitation (`id: einv_…`, `status: pending`) for an unknown e-mail. A
  malformed e-mail or an unknown role is 422 on its field, and so is an e-mail that already
  has access or a pending invitation (`already_member`, `already_invited`).
- An entity that has users keeps at least one admin: demoting or removing the last admin
  while others remain is 403 (`last_admin`). Removing the only user is allowed.
- `DELETE /entities/invitations/{id}` answers 204; resending an accepted invitation is 409.
- `POST /entities/users/{user_id}/token` answers `{token, expires_at}` (one hour).
- An answer that holds a secret (a new key, a token) is `Cache-Control: no-store` and is
  not kept for replay: a repeated `X-Request-Id` gets 409 instead of the secret again.
- `POST /sandbox/invitations/{id}/accept` (outside the vendor's API) stands in for the
  invitee accepting, so tests and the demo can turn an invitation into a user.
"""

from __future__ import annotations

import random
import re
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from si_desktop.sandbox.access_store import (
    ROLE_ALIASES,
    ROLES,
    AccessBook,
    later,
)
from si_desktop.sandbox.errors import (
    ApiError,
    Issue,
    conflict,
    forbidden,
    invalid,
    invalid_at,
    not_found,
)
from si_desktop.sandbox.http import endpoint, json_body, sandbox_of, scoped_entity
from si_desktop.sandbox.lists import Column, Table, parse_list_request, run_list
from si_desktop.sandbox.service import Caller
from si_desktop.sandbox.storage import Store

MAX_KEY_NAME = 100
MIN_TTL = 60
MAX_TTL = 10 * 366 * 86400
TOKEN_SECONDS = 3600
MAX_EMAIL = 254
_EMAIL = re.compile(
    r"[^\s@\"(),:;<>\[\]\\]{1,64}@(?=.{1,253}$)[^\s@\"(),:;<>\[\]\\.]+(?:\.[^\s@\"(),:;<>\[\]\\.]+)+"
)
_OPAQUE_ID = re.compile(r"[a-z]+(?:_[a-z0-9]+)*_[A-Za-z0-9]{6,64}", re.ASCII)

KEY_TABLE = Table(
    name="access_keys", doc_table="access_keys",
    columns={"id": Column("id"), "created_at": Column("created_at", "time"),
             "expires_at": Column("expires_at", "time")},
    query_fields=frozenset({"id", "created_at", "expires_at"}),
    sort_fields=frozenset({"id", "created_at", "expires_at"}),
    json_roots={}, default_order=("created_at",),
)
USER_TABLE = Table(
    name="access_users", doc_table="access_users",
    columns={"id": Column("id"), "user_id": Column("user_id"), "role": Column("role"),
             "created_at": Column("created_at", "time")},
    query_fields=frozenset({"user_id", "role", "created_at"}),
    sort_fields=frozenset({"role", "created_at"}),
    json_roots={}, default_order=("created_at",),
)
INVITATION_TABLE = Table(
    name="access_invitations", doc_table="access_invitations",
    columns={"id": Column("id"), "role": Column("role"),
             "created_at": Column("created_at", "time"),
             "expires_at": Column("expires_at", "time")},
    query_fields=frozenset({"id", "role", "created_at", "expires_at"}),
    sort_fields=frozenset({"created_at", "expires_at"}),
    json_roots={}, default_order=("created_at",),
)


def email_problem(value: object) -> str | None:
    """Why `value` is not an e-mail address the service would invite, or None."""
    if not isinstance(value, str) or not value.strip():
        return "An e-mail address is required."
    text = value.strip()
    if len(text) > MAX_EMAIL or not text.isprintable() or _EMAIL.fullmatch(text) is None:
        return "This is not an e-mail address (name@example.com)."
    return None


def _role(value: object, path: list[str | int], *, default: str | None) -> str:
    if value is None and default is not None:
        return default
    if isinstance(value, str) and value in ROLE_ALIASES:
        return ROLE_ALIASES[value]
    if isinstance(value, str) and value in ROLES:
        return value
    raise invalid_at(path, "role is viewer, editor or admin.", "invalid_enum_value")


def _book(request: Request) -> AccessBook:
    book: AccessBook = sandbox_of(request).access
    return book


def _account_entity(request: Request, caller: Caller) -> dict[str, Any]:
    """The entity the call is about; access is handed out with the account key only."""
    if caller.entity_id is not None:
        raise forbidden("An entity key cannot manage access; use the account key.")
    return scoped_entity(request, caller)


def _opaque_path_id(request: Request, name: str, prefixes: tuple[str, ...]) -> str:
    value = str(request.path_params[name])
    if _OPAQUE_ID.fullmatch(value) is None or not value.startswith(prefixes):
        raise invalid_at([name], f"An id here starts with {' or '.join(prefixes)}.",
                         "invalid_id")
    return value


def _page(request: Request, table: Table, entity_id: str,
          skip: tuple[str, ...] = ()) -> dict[str, Any]:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in skip]
    where, args = ["entity_id = ?"], [entity_id]
    if table is KEY_TABLE:
        where.append("revoked_at IS NULL")
    with sandbox_of(request).store.read() as conn:
        return run_list(conn, table, parse_list_request(params), where, args)


def _secret_answer(body: dict[str, Any]) -> JSONResponse:
    """201 with a secret: marked `no-store`, so that neither a cache nor the sandbox's
    replay of a repeated `X-Request-Id` keeps it."""
    return JSONResponse(body, 201, headers={"cache-control": "no-store"})


# -- entity API keys


async def create_key(request: Request, caller: Caller) -> Any:
    entity = _account_entity(request, caller)
    body = await json_body(request)
    issues: list[Issue] = []
    name = body.get("name")
    if name is not None and not isinstance(name, str):
        issues.append(Issue(["name"], "name is text.", "invalid_type"))
    elif isinstance(name, str) and len(name) > MAX_KEY_NAME:
        issues.append(Issue(["name"], f"name is at most {MAX_KEY_NAME} characters.",
                            "too_big"))
    ttl = body.get("ttl")
    if ttl is not None:
        if not isinstance(ttl, int) or isinstance(ttl, bool):
            issues.append(Issue(["ttl"], "ttl is a whole number of seconds.", "invalid_type"))
        elif ttl < MIN_TTL:
            issues.append(Issue(["ttl"], f"ttl is at least {MIN_TTL} seconds.", "too_small"))
        elif ttl > MAX_TTL:
            issues.append(Issue(["ttl"], "ttl is at most ten years.", "too_big"))
    if issues:
        raise invalid(issues)
    key, doc = _book(request).create_key(
        account_id=caller.account_id, environment=caller.environment,
        entity_id=entity["id"], name=name or None, ttl=ttl,
    )
    return _secret_answer({**doc, "id": key, "key": key, "key_id": doc["id"]})


async def list_keys(request: Request, caller: Caller) -> Any:
    entity = _account_entity(request, caller)
    return _page(request, KEY_TABLE, entity["id"])


async def revoke_key(request: Request, caller: Caller) -> Any:
    entity = _account_entity(request, caller)
    key_id = _opaque_path_id(request, "id", ("ek_live_", "ek_sandbox_"))
    book = _book(request)
    found = book.find_key(entity["id"], key_id)
    if found is None:
        raise not_found("API key")
    book.revoke_key(str(found["id"]))
    return Response(status_code=204)


# -- entity users


async def add_user(request: Request, caller: Caller) -> Any:
    entity = _account_entity(request, caller)
    body = await json_body(request)
    issues: list[Issue] = []
    problem = email_problem(body.get("email"))
    if problem is not None:
        issues.append(Issue(["email"], problem, "invalid_email" if body.get("email")
                            else "required"))
    try:
        role = _role(body.get("role"), ["role"], default="editor")
    except ApiError as error:
        issues += error.issues
        role = "editor"
    send_invite = body.get("send_invite", True)
    if not isinstance(send_invite, bool):
        issues.append(Issue(["send_invite"], "send_invite is true or false.", "invalid_type"))
    if issues:
        raise invalid(issues)
    email = str(body["email"]).strip()
    book = _book(request)
    if book.user_by_email(entity["id"], email) is not None:
        raise invalid_at(["email"], "This person has access to the entity already.",
                         "already_member")
    if book.pending_invitation(entity["id"], email) is not None:
        raise invalid_at(["email"], "An invitation to this address is pending already; "
                         "resend it instead.", "already_invited")
    person = book.person(caller.account_id, email)
    if person is not None:
        return 201, book.add_user(entity["id"], person, role)
    return 201, book.invite(entity["id"], email, role)


async def list_users(request: Request, caller: Caller) -> Any:
    entity = _account_entity(request, caller)
    return _page(request, USER_TABLE, entity["id"])


def _user_for(request: Request, caller: Caller) -> tuple[dict[str, Any], dict[str, Any]]:
    entity = _account_entity(request, caller)
    user_id = _opaque_path_id(request, "user_id", ("usr_",))
    user = _book(request).user(entity["id"], user_id)
    if user is None:
        raise not_found("User")
    return entity, user


def _keeps_an_admin(book: AccessBook, entity_id: str, user_id: str,
                    new_role: str | None) -> None:
    """403 when the change would leave other users without an admin."""
    roles = book.roles(entity_id)
    if roles.get(user_id) != "admin" or new_role == "admin":
        return
    others = {uid: role for uid, role in roles.items() if uid != user_id}
    if others and "admin" not in others.values():
        raise ApiError(403, "last_admin", "This is the entity's last admin: make another "
                       "user admin first.")


async def update_user(request: Request, caller: Caller) -> Any:
    entity, user = _user_for(request, caller)
    body = await json_body(request)
    role = _role(body.get("role"), ["role"], default=None)
    _keeps_an_admin(_book(request), entity["id"], str(user["user_id"]), role)
    return _book(request).set_role(entity["id"], str(user["user_id"]), role)


async def remove_user(request: Request, caller: Caller) -> Any:
    entity, user = _user_for(request, caller)
    _keeps_an_admin(_book(request), entity["id"], str(user["user_id"]), None)
    _book(request).remove_user(entity["id"], str(user["user_id"]))
    return Response(status_code=204)


async def user_token(request: Request, caller: Caller) -> Any:
    """The stand-in for the vendor's unpublished dashboard token."""
    _user_for(request, caller)
    now = sandbox_of(request).clock.now()
    return _secret_answer({"token": "dtok_" + secrets.token_urlsafe(32),
                           "expires_at": later(now, seconds=TOKEN_SECONDS)})


# -- invitations


def _invitation_for(request: Request, caller: Caller) -> tuple[dict[str, Any], dict[str, Any]]:
    entity = _account_entity(request, caller)
    invitation_id = _opaque_path_id(request, "id", ("einv_",))
    invitation = _book(request).invitation(entity["id"], invitation_id)
    if invitation is None:
        raise not_found("Invitation")
    return entity, invitation


async def list_invitations(request: Request, caller: Caller) -> Any:
    entity = _account_entity(request, caller)
    page = _page(request, INVITATION_TABLE, entity["id"])
    book = _book(request)
    page["data"] = [book.render_invitation(doc) for doc in page["data"]]
    return page


async def get_invitation(request: Request, caller: Caller) -> Any:
    return _invitation_for(request, caller)[1]


async def cancel_invitation(request: Request, caller: Caller) -> Any:
    _entity, invitation = _invitation_for(request, caller)
    _book(request).cancel_invitation(str(invitation["id"]))
    return Response(status_code=204)


async def resend_invitation(request: Request, caller: Caller) -> Any:
    entity, invitation = _invitation_for(request, caller)
    if invitation["status"] == "accepted":
        raise conflict("This invitation was accepted already.")
    book = _book(request)
    book.renew_invitation(str(invitation["id"]))
    return book.invitation(entity["id"], str(invitation["id"]))


async def accept_invitation(request: Request, caller: Caller) -> Any:
    """Sandbox only: the invitee accepts (and gets an account if they had none)."""
    entity, invitation = _invitation_for(request, caller)
    if invitation["status"] != "pending":
        raise conflict(f"This invitation is {invitation['status']}.")
    body = await json_body(request) if await request.body() else {}
    name = body.get("name") if isinstance(body.get("name"), str) else None
    book = _book(request)
    person = book.add_person(caller.account_id, str(invitation["email"]), name)
    book.accept_invitation(str(invitation["id"]))
    if book.user(entity["id"], str(person["id"])) is None:
        return 201, book.add_user(entity["id"], person, str(invitation["role"]))
    return 201, book.user(entity["id"], str(person["id"]))


ACCESS_ROUTES = [
    Route("/entities/api-keys", endpoint(create_key), methods=["POST"]),
    Route("/entities/api-keys", endpoint(list_keys), methods=["GET"]),
    Route("/entities/api-keys/{id}", endpoint(revoke_key), methods=["DELETE"]),
    Route("/entities/users", endpoint(add_user), methods=["POST"]),
    Route("/entities/users", endpoint(list_users), methods=["GET"]),
    Route("/entities/users/{user_id}", endpoint(update_user), methods=["PATCH", "PUT"]),
    Route("/entities/users/{user_id}", endpoint(remove_user), methods=["DELETE"]),
    Route("/entities/users/{user_id}/token", endpoint(user_token), methods=["POST"]),
    Route("/entities/invitations", endpoint(list_invitations), methods=["GET"]),
    Route("/entities/invitations/{id}", endpoint(get_invitation), methods=["GET"]),
    Route("/entities/invitations/{id}", endpoint(cancel_invitation), methods=["DELETE"]),
    Route("/entities/invitations/{id}/resend", endpoint(resend_invitation), methods=["POST"]),
    Route("/sandbox/invitations/{id}/accept", endpoint(accept_invitation), methods=["POST"]),
]
"""Registered before `/entities/{id}`, which would otherwise take `/entities/users`."""


# -- demo data

_DEMO_PEOPLE = (
    ("Maja Novak", "maja.novak"), ("Luka Horvat", "luka"), ("Petra Kos", "petra.kos"),
    ("Jure Mlakar", "jure"), ("Ana Golob", "ana.golob"), ("Tina Vidmar", "racunovodstvo"),
)


_DEMO_KEY_NAMES = ("Web shop", "Till", "Booking system", "Accounting export")


def seed_demo_access(book: AccessBook, store: Store, *, account_id: str, environment: str,
                     seed: int = 0) -> None:
    """Access for some demo clients: users, invitations (one expired) and keys, so the
    Access tab and the overview have every form to show. The client first by name has
    all of them; the keys' text is thrown away, as the service would."""
    with store.read() as conn:
        rows = conn.execute(
            "SELECT id, name, search FROM entities WHERE account_id=? AND environment=? "
            "ORDER BY name_fold, id", (account_id, environment),
        ).fetchall()
    if not rows:
        return
    now = book.clock.now()
    rng = random.Random(f"si-sandbox-access:{seed}")
    for position, (entity_id, _name, search) in enumerate(rows):
        # the first has every form; the others: users (0-2, 5), an invitation (2, 3),
        # a key (4, 5), or no one outside the firm (6-9)
        choice = -1 if position == 0 else rng.randrange(10)
        domain = _demo_domain(str(search))
        if choice in (-1, 0, 1, 2, 5):
            count = 2 if choice == -1 else rng.randrange(1, 4)
            for n in range(count):
                full_name, local = _DEMO_PEOPLE[(position + n) % len(_DEMO_PEOPLE)]
                person = book.add_person(account_id, f"{local}@{domain}", full_name)
                role = "admin" if n == 0 else rng.choice(("viewer", "editor"))
                book.add_user(entity_id, person, role,
                              now=_days_before(now, rng.randrange(20, 400)))
        if choice in (-1, 2, 3):  # a pending invitation, sent a few days ago
            book.invite(entity_id, f"knjigovodstvo@{domain}", "viewer",
                        now=_days_before(now, rng.randrange(0, 6)))
        if choice == -1:  # and one nobody answered
            book.invite(entity_id, f"direktor@{domain}", "admin", now=_days_before(now, 12))
        if choice in (-1, 4, 5):  # an API key, e.g. for the client's web shop
            book.create_key(account_id=account_id, environment=environment,
                            entity_id=entity_id, name=rng.choice(_DEMO_KEY_NAMES)
                            if choice != -1 else "Web shop",
                            ttl=(365 if choice == -1 else rng.choice((90, 365, 730))) * 86400,
                            now=_days_before(now, rng.randrange(1, 80)))


def _days_before(stamp: str, days: int) -> str:
    return later(stamp, seconds=-days * 86400)


def _demo_domain(search: str) -> str:
    """The domain of the client's own e-mail, as the demo data wrote it."""
    for part in search.split("\x1f"):
        if "@" in part:
            return part.split("@", 1)[1]
    return "example.com"
