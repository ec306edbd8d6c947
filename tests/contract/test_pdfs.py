"""`GET /documents/{id}/pdf`: a real PDF for every document type, in the document's language
(or the one asked for), branded by the effective settings of its business unit, read back
as text and pixels the way a customer's reader shows it."""

from __future__ import annotations

import urllib.parse
from typing import Any

import httpx
import pytest

from tests.contract.conftest import create_document, create_entity, create_unit, issue_paths, item
from tests.fixtures.pdf import hex_rgb, pdf_pages, pdf_pixels, pdf_text

pytestmark = pytest.mark.anyio

CUSTOMER = {"name": "Žabnik & Đurić d.o.o.", "address": "Šmartinska cesta 5",
            "post_code": "1000", "city": "Ljubljana", "country_code": "SI",
            "tax_number": "SI12345678"}
BANK = [{"type": "iban", "bank_name": "NLB d.d.", "iban": "SI56 0201 0001 2345 678",
         "bic": "LJBASI2X", "is_default": True}]
WORKED = item(quantity=2, price=100, discounts=[{"value": 10, "type": "percent"}],
              taxes=[{"rate": 22}])
GREEN = "#00c040"
MAGENTA = "#e000e0"


def h(entity: dict[str, Any]) -> dict[str, str]:
    return {"x-entity-id": entity["id"]}


def square_svg(color: str) -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
            f'<rect width="100" height="100" fill="{color}"/></svg>').encode()


async def pdf(api: httpx.AsyncClient, entity: dict[str, Any], document: dict[str, Any],
              **params: str) -> httpx.Response:
    response = await api.get(f"/documents/{document['id']}/pdf", headers=h(entity),
                             params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return response


async def slovenian_client(api: httpx.AsyncClient, **settings: Any) -> dict[str, Any]:
    return await create_entity(api, name="Kras računovodstvo d.o.o.", address="Cankarjeva 3",
                               post_code="6000", city="Koper", tax_number="SI99999999",
                               settings={"bank_accounts": BANK, **settings})


async def test_an_invoice_reads_back_in_the_clients_language(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await slovenian_client(dated_api, default_invoice_note="Hvala, {customer_name}!")
    invoice = await create_document(dated_api, entity["id"], items=[WORKED],
                                    customer=CUSTOMER)
    response = await pdf(dated_api, entity, invoice)
    disposition = response.headers["content-disposition"]
    assert "filename*=UTF-8''" + urllib.parse.quote("Račun 2026-00001.pdf") in disposition
    assert 'filename="Racun 2026-00001.pdf"' in disposition
    text = pdf_text(response.content)
    for expected in (
        "RAČUN", "2026-00001", "Kras računovodstvo d.o.o.", "Cankarjeva 3", "6000 Koper",
        "Slovenija", "ID za DDV: SI99999999", "KUPEC", "Žabnik & Đurić d.o.o.",
        "Šmartinska cesta 5", "1000 Ljubljana", "Datum izdaje", "15. 6. 2026",
        "Rok plačila", "15. 7. 2026", "Consulting", "2", "100,00 €", "10 %", "22 %",
        "180,00 €", "Skupaj brez DDV", "DDV 22 %", "39,60 €", "219,60 €",
        "Hvala, Žabnik & Đurić d.o.o.!", "PODATKI ZA PLAČILO", "IBAN: SI56 0201 0001 2345 678",
        "BIC: LJBASI2X", "Sklic: 2026-00001", "Stran 1 od 1",
    ):
        assert expected in text, expected
    assert "{" not in text  # every placeholder filled


@pytest.mark.parametrize(("language", "words"), [
    ("en-GB", ("INVOICE", "Bill to".upper(), "15/06/2026", "€219.60", "VAT 22%",
               "Page 1 of 1", "Slovenia")),
    ("de-AT", ("RECHNUNG", "RECHNUNGSEMPFÄNGER", "15.06.2026", "€ 219,60", "USt. 22 %",
               "Seite 1 von 1", "UID-Nr.: SI99999999", "Slowenien")),
])
async def test_the_language_asked_for_sets_words_dates_and_money(
    dated_api: httpx.AsyncClient, language: str, words: tuple[str, ...]
) -> None:
    entity = await slovenian_client(dated_api)
    invoice = await create_document(dated_api, entity["id"], items=[WORKED],
                                    customer=CUSTOMER)
    response = await pdf(dated_api, entity, invoice, language=language)
    text = pdf_text(response.content)
    for expected in words:
        assert expected in text, expected
    assert "Račun" not in text and "Kupec" not in text.title()


async def test_every_document_type_has_its_title_dates_and_links(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await slovenian_client(dated_api)
    invoice = await create_document(dated_api, entity["id"], customer=CUSTOMER)
    estimate = await create_document(dated_api, entity["id"], "/estimates", customer=CUSTOMER)
    note = await create_document(dated_api, entity["id"], "/credit-notes", customer=CUSTOMER,
                                 linked_documents=[invoice["id"]], items=[item(price=40)])
    estimate_text = pdf_text((await pdf(dated_api, entity, estimate)).content)
    assert "PREDRAČUN" in estimate_text and "Velja do" in estimate_text
    assert "Rok plačila" not in estimate_text and "PODATKI ZA PLAČILO" not in estimate_text
    note_text = pdf_text((await pdf(dated_api, entity, note)).content)
    assert "DOBROPIS" in note_text and "CN-2026-00001" in note_text
    assert "Nanaša se na" in note_text and invoice["number"] in note_text
    assert "40,00 €" in note_text


async def test_drafts_say_draft_and_voided_documents_void_on_every_page(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await slovenian_client(dated_api)
    draft = await create_document(dated_api, entity["id"], is_draft=True,
                                  items=[item(name=f"Postavka {n}") for n in range(45)])
    pages = pdf_pages((await pdf(dated_api, entity, draft)).content)
    assert len(pages) >= 2 and all("OSNUTEK" in page for page in pages)
    assert all(draft["number"] not in page for page in pages)  # no number before issue
    invoice = await create_document(dated_api, entity["id"])
    voided = (await dated_api.post(f"/invoices/{invoice['id']}/void", headers=h(entity),
                                   json={})).json()
    text = pdf_text((await pdf(dated_api, entity, voided)).content)
    assert "STORNIRANO" in text and "2026-00001" in text
    plain = await create_document(dated_api, entity["id"])
    text = pdf_text((await pdf(dated_api, entity, plain)).content)
    assert "STORNIRANO" not in text and "OSNUTEK" not in text


async def test_many_lines_flow_over_pages_with_every_line_and_page_numbers(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await slovenian_client(dated_api)
    names = [f"Postavka številka {n:03d}" for n in range(90)]
    invoice = await create_document(dated_api, entity["id"],
                                    items=[item(name=name) for name in names])
    pages = pdf_pages((await pdf(dated_api, entity, invoice)).content)
    count = len(pages)
    assert count >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Stran {number} od {count}" in page
    text = "\n".join(pages)
    assert all(name in text for name in names)
    assert "9.000,00 €" in pages[-1] or "9.000,00 €" in pages[-2]  # the total, at the end


async def test_the_units_branding_colour_logo_and_signature_are_printed(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await slovenian_client(dated_api, primary_color="#1d4ed8", pdf_template="modern")
    unit = await create_unit(dated_api, entity["id"], name="Trgovina Piran",
                             settings={"primary_color": "#c0392b"})
    for category, color in (("logo", GREEN), ("signature", MAGENTA)):
        response = await dated_api.post(
            "/files", headers=h(entity), data={"category": category,
                                               "business_unit_id": unit["id"]},
            files={"file": (f"{category}.svg", square_svg(color), "image/svg+xml")})
        assert response.status_code == 201, response.text
    under_unit = await create_document(dated_api, entity["id"], business_unit_id=unit["id"])
    plain = await create_document(dated_api, entity["id"])
    unit_page = pdf_pixels((await pdf(dated_api, entity, under_unit)).content)
    plain_page = pdf_pixels((await pdf(dated_api, entity, plain)).content)
    top_band = (0, 0, 1, 0.12)
    assert unit_page.share_of(hex_rgb("#c0392b"), box=top_band) > 0.5
    assert plain_page.share_of(hex_rgb("#1d4ed8"), box=top_band) > 0.5
    assert unit_page.share_of(hex_rgb(GREEN)) > 0.001  # the unit's logo
    assert unit_page.share_of(hex_rgb(MAGENTA)) > 0.0005  # and its signature
    assert plain_page.share_of(hex_rgb(GREEN)) == 0  # the client has no logo of its own
    text = pdf_text((await pdf(dated_api, entity, under_unit)).content)
    assert "Trgovina Piran" in text


@pytest.mark.slow
async def test_the_five_templates_look_different(dated_api: httpx.AsyncClient) -> None:
    """Where each template puts the primary colour: Modern a band across the top, Classic
    rules only, Condensed a title bar, Minimal its title and hairlines, Fashion a sidebar."""
    color = "#0a7d5a"
    entity = await slovenian_client(dated_api, primary_color=color)
    invoice = await create_document(dated_api, entity["id"], items=[WORKED],
                                    customer=CUSTOMER)
    regions = {"top": (0, 0, 1, 0.1), "side": (0, 0.4, 0.25, 0.9),
               "bar": (0.1, 0.1, 0.9, 0.3), "page": (0, 0, 1, 1)}
    shares: dict[str, dict[str, float]] = {}
    texts = {}
    for template in ("modern", "classic", "condensed", "minimal", "fashion"):
        response = await dated_api.patch(f"/entities/{entity['id']}",
                                         json={"settings": {"pdf_template": template}})
        assert response.status_code == 200
        data = (await pdf(dated_api, entity, invoice)).content
        page = pdf_pixels(data)
        shares[template] = {name: page.share_of(hex_rgb(color), box=box)
                            for name, box in regions.items()}
        texts[template] = pdf_text(data)
    assert shares["modern"]["top"] > 0.9 and shares["fashion"]["top"] < 0.35
    assert shares["fashion"]["side"] > 0.9
    assert all(shares[t]["side"] < 0.05 for t in ("modern", "classic", "condensed", "minimal"))
    assert shares["condensed"]["bar"] > shares["classic"]["bar"] * 3
    assert shares["classic"]["page"] < shares["condensed"]["page"] < shares["modern"]["page"]
    assert shares["minimal"]["page"] < shares["condensed"]["page"]
    for text in texts.values():  # the same document in each
        assert "219,60 €" in text and "Žabnik & Đurić d.o.o." in text


async def test_a_hostile_or_broken_logo_leaves_the_document_whole(
    dated_api: httpx.AsyncClient, tmp_path: Any,
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really")
    hostile = (f'<svg xmlns="http://www.w3.org/2000/svg" '
               f'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
               f'<image href="file://{secret}" width="10" height="10"/>'
               f'<image xlink:href="http://127.0.0.1:9/x.png" width="10" height="10"/>'
               f'</svg>').encode()
    entity = await slovenian_client(dated_api)
    for logo in (hostile, b"<svg xmlns='http://www.w3.org/2000/svg'><rect"):
        response = await dated_api.post(
            "/files", headers=h(entity), data={"category": "logo"},
            files={"file": ("logo.svg", logo, "image/svg+xml")})
        assert response.status_code == 201, response.text
        invoice = await create_document(dated_api, entity["id"])
        text = pdf_text((await pdf(dated_api, entity, invoice)).content)
        assert "RAČUN" in text and invoice["number"] in text


async def test_documents_of_another_client_and_bad_requests(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await slovenian_client(dated_api)
    other = await create_entity(dated_api, name="Druga d.o.o.")
    invoice = await create_document(dated_api, entity["id"])
    response = await dated_api.get(f"/documents/{invoice['id']}/pdf", headers=h(other))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert issue_paths(await dated_api.get("/documents/nope/pdf", headers=h(entity))) == [
        ["id"]]
    assert issue_paths(await dated_api.get(f"/documents/{invoice['id']}/pdf",
                                           headers=h(entity),
                                           params={"language": "../../x"})) == [["language"]]
    unknown = await pdf(dated_api, entity, invoice, language="xx-YY")
    assert "INVOICE" in pdf_text(unknown.content)  # a language without words: English


@pytest.mark.parametrize("template", ["modern", "classic", "condensed"])
async def test_the_sellers_details_wrap_between_items_never_inside_one(
    dated_api: httpx.AsyncClient, template: str
) -> None:
    # The contact line wraps where it must; wherever that falls, a phone number, an address or
    # a date is never cut in two ("+386 1 763 96" / "65" reads as two things).
    phone = "+386 1 763 96 65"
    for pad in range(0, 28, 4):
        website = f"https://www.{'kras' * (pad // 4)}racunovodstvo.si"
        entity = await create_entity(
            dated_api, name="Kras računovodstvo d.o.o.", address="Cankarjeva 3",
            post_code="6000", city="Koper", tax_number="SI99999999", phone=phone,
            website=website, email="accounts@kras-racunovodstvo.si",
            settings={"pdf_template": template})
        invoice = await create_document(dated_api, entity["id"], items=[WORKED],
                                        customer=CUSTOMER)
        lines = pdf_text((await pdf(dated_api, entity, invoice)).content).splitlines()
        for whole in (phone, website, "ID za DDV: SI99999999", "6000 Koper", "15. 7. 2026"):
            assert any(whole in line for line in lines), (template, pad, whole)
