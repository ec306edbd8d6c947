"""VAT prefixes against the client's country, and one spelling of a tax number."""

from __future__ import annotations

from si_desktop.core.vat import (
    PrefixMismatch,
    compact,
    expected_prefixes,
    prefix_mismatch,
    tax_key,
)


def test_each_member_state_has_its_prefix_and_greece_has_el() -> None:
    assert expected_prefixes("SI") == ("SI",)
    assert expected_prefixes("gr") == ("EL",)
    assert expected_prefixes("GB") == ("GB", "XI")
    assert expected_prefixes("US") == ()


def test_a_prefix_of_another_country_is_a_mismatch() -> None:
    assert prefix_mismatch("SI12345678", "SI") is None
    assert prefix_mismatch("12345678", "SI") is None  # a national number: no prefix
    assert prefix_mismatch("si 1234 5678", "SI") is None
    assert prefix_mismatch("DE123456789", "SI") == PrefixMismatch("DE", "DE", ("SI",))
    assert prefix_mismatch("EL123456789", "GR") is None
    assert prefix_mismatch("GR123456789", "GR") == PrefixMismatch("GR", None, ("EL",))
    assert prefix_mismatch("EL123456789", "SI") == PrefixMismatch("EL", "GR", ("SI",))
    assert prefix_mismatch("XI123456789", "GB") is None
    assert prefix_mismatch("SI12345678", "CH") == PrefixMismatch("SI", "SI", ())
    # letters that are nobody's VAT prefix (a Swiss UID, an Italian codice fiscale)
    assert prefix_mismatch("CHE-123.456.789", "CH") is None
    assert prefix_mismatch("RSSMRA85T10A562S", "IT") is None
    assert prefix_mismatch("ATU12345678", "AT") is None
    assert prefix_mismatch("B12345678", "ES") is None  # a Spanish NIF


def test_one_spelling_finds_the_same_number_typed_another_way() -> None:
    assert compact("si 1234-5678") == "SI12345678"
    assert tax_key("SI 1234 5678") == tax_key("12345678") == "12345678"
    assert tax_key("ESB12345678") == tax_key("B12345678")
    assert tax_key("DE123") != tax_key("SI124")
    assert tax_key("") == ""
