from __future__ import annotations

import pytest

from si_desktop.core.limits import (
    EMAIL_BODY_MAX,
    EMAIL_SUBJECT_MAX,
    ENTITY_FIELD_LIMITS,
    FIELD_LABELS,
    ID_PREFIXES,
    email_defaults_problems,
    email_text_problem,
    entity_problems,
    is_email_address,
    is_valid_id,
    logo_scale_problem,
    metadata_problems,
)

HEX = "7595a27b5d35015c3ef0c3fe"


def test_limits_table_follows_the_contract() -> None:
    assert ENTITY_FIELD_LIMITS["name"] == (1, None)
    assert ENTITY_FIELD_LIMITS["country"] == (1, 100)
    assert ENTITY_FIELD_LIMITS["country_code"] == (2, 2)
    assert ENTITY_FIELD_LIMITS["post_code"] == (0, 20)
    assert ENTITY_FIELD_LIMITS["email"] == (0, 255)
    assert ENTITY_FIELD_LIMITS["fiscal_region_code"] == (0, 10)
    assert set(FIELD_LABELS) == set(ENTITY_FIELD_LIMITS)


def test_a_good_entity_has_no_problems() -> None:
    assert entity_problems({"name": "Acme", "country": "Slovenia", "email": None}) == {}


def test_name_and_country_required_when_creating() -> None:
    found = entity_problems({})
    assert found == {"name": "Name is required.", "country": "Country is required."}
    assert entity_problems({"name": None, "country": "Slovenia"}) == {"name": "Name is required."}


def test_only_given_fields_are_checked_when_updating() -> None:
    assert entity_problems({"city": "Ljubljana"}, creating=False) == {}
    assert entity_problems({"name": ""}, creating=False) == {"name": "Name cannot be empty."}
    assert entity_problems({"name": None}, creating=False) == {"name": "Name cannot be empty."}


@pytest.mark.parametrize(
    ("field", "high"),
    [(field, high) for field, (_, high) in ENTITY_FIELD_LIMITS.items() if high is not None],
)
def test_every_upper_limit(field: str, high: int) -> None:
    base = {"name": "Acme", "country": "Slovenia"}
    assert field not in entity_problems({**base, field: "x" * high})
    message = entity_problems({**base, field: "x" * (high + 1)})[field]
    assert message.startswith(FIELD_LABELS[field])
    assert str(high + 1) in message


def test_country_code_exactly_two() -> None:
    assert entity_problems({"country_code": "SVN"}, creating=False) == {
        "country_code": "Country code must be exactly 2 characters; this one has 3."
    }
    assert entity_problems({"country_code": "SI"}, creating=False) == {}


def test_non_text_and_unknown_fields() -> None:
    assert entity_problems({"city": 5}, creating=False) == {"city": "City must be text."}
    assert entity_problems({"starting_capital": 5000, "settings": {}}, creating=False) == {}


def test_metadata_rules() -> None:
    assert metadata_problems({"industry": "Technology"}) == []
    assert metadata_problems({f"k{i}": "v" for i in range(50)}) == []
    assert "at most 50" in metadata_problems({f"k{i}": "v" for i in range(51)})[0]
    assert "at most 250" in metadata_problems({"k": "v" * 251})[0]
    assert metadata_problems({"k": "v" * 250}) == []
    assert "must be text" in metadata_problems({"k": 3})[0]
    assert "non-empty" in metadata_problems({"": "v"})[0]
    assert "non-empty" in metadata_problems({1: "v"})[0]
    assert metadata_problems(["not", "a", "mapping"]) == ["Metadata must be a set of named values."]


def test_email_limits() -> None:
    assert email_text_problem("invoice_subject", "s" * EMAIL_SUBJECT_MAX) is None
    assert "at most 500" in (email_text_problem("invoice_subject", "s" * 501) or "")
    assert email_text_problem("invoice_body", "b" * EMAIL_BODY_MAX) is None
    assert "at most 2000" in (email_text_problem("estimate_body", "b" * 2001) or "")
    assert email_text_problem("something_else", "x" * 5000) is None
    found = email_defaults_problems(
        {
            "invoice_subject": "s" * 501,
            "invoice_body": "ok",
            "estimate_body": 3,
            "credit_note_subject": None,
        }
    )
    assert set(found) == {"invoice_subject", "estimate_body"}


@pytest.mark.parametrize("value", [10, 30, 100, 110, 200])
def test_logo_scale_accepted(value: int) -> None:
    assert logo_scale_problem(value) is None


@pytest.mark.parametrize("value", [9, 201, 0, -5, 50.5, "100", True, None])
def test_logo_scale_refused(value: object) -> None:
    assert logo_scale_problem(value) is not None


@pytest.mark.parametrize("prefix", ID_PREFIXES)
def test_ids_of_every_prefix(prefix: str) -> None:
    assert is_valid_id(f"{prefix}_{HEX}", prefix)
    assert is_valid_id(f"{prefix}_{HEX}", prefix + "_")
    assert is_valid_id(f"{prefix}_{HEX.upper()}", prefix)


@pytest.mark.parametrize(
    "value",
    [
        f"unit_{HEX}",
        f"ent_{HEX}0",
        f"ent_{HEX[:-1]}",
        f"ent_{HEX}\n",
        f"ent_{HEX[:-1]}g",
        f"ent_../{HEX[3:]}",
        f"ent{HEX}",
        "",
        None,
        42,
    ],
)
def test_bad_ids(value: object) -> None:
    assert not is_valid_id(value, "ent")


@pytest.mark.parametrize("address", [
    "ana@kupec.si", "ana.novak+racuni@podjetje.co.uk", "x@šola.si", "A_B-c@d-e.example",
])
def test_an_e_mail_address_a_message_can_go_to(address: str) -> None:
    assert is_email_address(address)


@pytest.mark.parametrize("address", [
    "", "ana", "ana@", "@kupec.si", "ana@kupec", "ana@@kupec.si", "ana @kupec.si",
    "Ana <ana@kupec.si>", "ana@kupec.si, bor@kupec.si", "ana@kupec..si", "ana@-kupec.si",
    "ana@kupec_x.si", ".ana@kupec.si", "ana..novak@kupec.si", "ana@kupec.s",
    "<b>ana@kupec.si</b>", "a" * 65 + "@kupec.si", "ana@" + "k" * 250 + ".si", None, 7,
])
def test_what_is_not_one_address(address: object) -> None:
    assert not is_email_address(address)
