"""Exports (CONTRACT.md, "Exports (one client per call)"): the spreadsheet (XLSX and CSV) and
the asynchronous PDF ZIP job, their periods, and one client's export never holding a
document of another."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

import httpx
import openpyxl
import pytest

from tests.contract.conftest import (
    create_document,
    create_entity,
    create_unit,
    issue_paths,
    item,
)

pytestmark = pytest.mark.anyio

HEADER = ["Number", "Type", "Date", "Due date", "Customer", "Customer tax number", "Currency",
          "Total", "Tax", "Total with tax", "Paid", "Due", "Status", "Business unit"]
OPAQUE_ID = re.compile(r"^[a-z]+(_[a-z0-9]+)*_[A-Za-z0-9]{6,64}$")  # CONTRACT.md, Transport
Q2 = {"date_from": "2026-04-01", "date_to": "2026-06-30"}


def h(entity: dict[str, Any]) -> dict[str, str]:
    return {"x-entity-id": entity["id"]}


def file_name(response: httpx.Response) -> str:
    """The name `filename*=` gives (RFC 6266: it wins over `filename=`)."""
    value = response.headers["content-disposition"]
    assert value.startswith("attachment;") and 'filename="' in value
    match = re.search(r"filename\*=UTF-8''([^;]+)", value)
    assert match is not None, value
    return unquote(match.group(1))


async def export(api: httpx.AsyncClient, entity: dict[str, Any], **params: str
                 ) -> httpx.Response:
    return await api.get("/documents/export", headers=h(entity), params={**Q2, **params})


def sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


async def pay(api: httpx.AsyncClient, entity: dict[str, Any], doc: dict[str, Any],
              amount: float) -> None:
    response = await api.post("/payments", headers=h(entity), json={
        "invoice_id": doc["id"], "amount": amount, "type": "bank_transfer"})
    assert response.status_code == 201, response.text


async def books(api: httpx.AsyncClient) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """A client with a unit and Q2 invoices in every state, one before and one after Q2, a
    draft and a credit note; the sandbox's today is 2026-06-15."""
    entity = await create_entity(api, name="Čevljarstvo Žan d.o.o.")
    unit = await create_unit(api, entity["id"], name="Trgovina Kranj")
    customer = {"name": "Kupec d.o.o.", "tax_number": "SI12345678"}
    docs = {
        "paid": await create_document(api, entity["id"], date="2026-04-01",
                                      items=[item(price=100, taxes=[{"rate": 22}])],
                                      customer=customer),
        "partly": await create_document(api, entity["id"], date="2026-05-10",
                                        date_due="2026-07-10", items=[item(price=50)],
                                        customer={"name": "=1+1"}),
        "overdue": await create_document(api, entity["id"], date="2026-05-01",
                                         date_due="2026-05-31", business_unit_id=unit["id"],
                                         customer={"name": "Mlin Žabnica"}),
        "unpaid": await create_document(api, entity["id"], date="2026-06-30",
                                        date_due="2026-07-30"),
        "voided": await create_document(api, entity["id"], date="2026-06-01"),
        "before": await create_document(api, entity["id"], date="2026-03-31"),
        "draft": await create_document(api, entity["id"], date="2026-05-05", is_draft=True),
        "credit": await create_document(api, entity["id"], "/credit-notes",
                                        date="2026-06-02", items=[item(price=40)]),
    }
    await pay(api, entity, docs["paid"], 122)
    await pay(api, entity, docs["partly"], 20)
    response = await api.post(f"/invoices/{docs['voided']['id']}/void", headers=h(entity),
                              json={})
    assert response.status_code == 200, response.text
    return entity, docs


# -- spreadsheets


async def test_xlsx_holds_one_row_per_issued_invoice_of_the_period(
    dated_api: httpx.AsyncClient,
) -> None:
    entity, docs = await books(dated_api)
    response = await export(dated_api, entity, format="xlsx", type="invoice")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert file_name(response) == "Čevljarstvo Žan d.o.o. – invoices 2026-04-01 – 2026-06-30.xlsx"
    # What a spreadsheet program opens first, read without openpyxl
    parts = set(zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    assert {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} <= parts
    header, *rows = sheet_rows(response.content)
    assert list(header) == HEADER
    numbers = [row[0] for row in rows]
    # by date, drafts, other types and the days outside the period left out
    assert numbers == [docs[k]["number"] for k in ("paid", "overdue", "partly", "voided",
                                                   "unpaid")]
    by_number = {row[0]: row for row in rows}
    paid = by_number[docs["paid"]["number"]]
    assert paid[1:4] == ("invoice", datetime.datetime(2026, 4, 1),
                         datetime.datetime(2026, 5, 1))
    assert paid[4:7] == ("Kupec d.o.o.", "SI12345678", "EUR")
    assert [Decimal(str(v)) for v in paid[7:12]] == [
        Decimal("100"), Decimal("22"), Decimal("122"), Decimal("122"), Decimal("0")]
    assert paid[12:] == ("paid", None)
    assert by_number[docs["partly"]["number"]][4] == "=1+1"  # text, never a formula
    assert by_number[docs["partly"]["number"]][12] == "partially_paid"
    assert by_number[docs["overdue"]["number"]][12:] == ("overdue", "Trgovina Kranj")
    assert by_number[docs["voided"]["number"]][12] == "voided"
    assert by_number[docs["unpaid"]["number"]][12] == "unpaid"


async def test_xlsx_cells_are_typed_for_a_spreadsheet(dated_api: httpx.AsyncClient) -> None:
    entity, _ = await books(dated_api)
    response = await export(dated_api, entity, format="xlsx", type="invoice")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    row = 2  # the first invoice
    assert sheet.cell(row, 3).is_date and sheet.cell(row, 3).number_format == "yyyy-mm-dd"
    assert sheet.cell(row, 8).data_type == "n" and sheet.cell(row, 8).number_format == "#,##0.00"
    assert sheet.cell(1, 1).font.bold and sheet.freeze_panes == "A2"
    formula_like = next(c for c in sheet["E"] if c.value == "=1+1")
    assert formula_like.data_type == "s"


async def test_xlsx_takes_several_types(dated_api: httpx.AsyncClient) -> None:
    entity, _ = await books(dated_api)
    response = await export(dated_api, entity, format="xlsx", types="invoice,credit_note")
    assert response.status_code == 200, response.text
    _, *rows = sheet_rows(response.content)
    assert [r[1] for r in rows].count("credit_note") == 1 and len(rows) == 6
    assert file_name(response).endswith("invoices, credit notes 2026-04-01 – 2026-06-30.xlsx")


async def test_csv_is_utf8_with_a_header_commas_and_point_decimals(
    dated_api: httpx.AsyncClient,
) -> None:
    entity, docs = await books(dated_api)
    response = await export(dated_api, entity, format="csv", type="invoice")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert not response.content.startswith(b"\xef\xbb\xbf")
    assert file_name(response).endswith("invoices 2026-04-01 – 2026-06-30.csv")
    header, *rows = csv_rows(response.content)
    assert header == HEADER and len(rows) == 5
    assert rows[0] == [docs["paid"]["number"], "invoice", "2026-04-01", "2026-05-01",
                       "Kupec d.o.o.", "SI12345678", "EUR", "100.00", "22.00", "122.00",
                       "122.00", "0.00", "paid", ""]
    assert rows[1][4] == "Mlin Žabnica" and rows[1][-1] == "Trgovina Kranj"
    assert response.content.count(b"\r\n") == 6


async def test_csv_writes_a_currency_in_its_own_decimals(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api, name="Tokyo KK", country="Japan",
                                 country_code="JP", currency_code="JPY")
    await create_document(dated_api, entity["id"], date="2026-05-01",
                          items=[item(price=1500, taxes=[{"rate": 10}])])
    _, row = csv_rows((await export(dated_api, entity, format="csv", type="invoice")).content)
    assert row[6:10] == ["JPY", "1500", "150", "1650"]


async def test_a_period_counts_both_days_and_a_leap_year_fits(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api)
    first = await create_document(dated_api, entity["id"], date="2024-01-01")
    last = await create_document(dated_api, entity["id"], date="2024-12-31")
    response = await dated_api.get("/documents/export", headers=h(entity), params={
        "format": "csv", "type": "invoice", "date_from": "2024-01-01", "date_to": "2024-12-31"})
    assert response.status_code == 200, response.text  # 366 days
    assert [r[0] for r in csv_rows(response.content)[1:]] == [first["number"], last["number"]]


@pytest.mark.parametrize(("params", "paths", "code"), [
    ({"date_from": "2025-01-01", "date_to": "2026-01-02"}, [["date_to"]], "period_too_long"),
    ({"date_from": "2026-06-30", "date_to": "2026-04-01"}, [["date_to"]], "invalid_period"),
    ({"date_from": "2026-04-31"}, [["date_from"]], "invalid_date"),
    ({"date_to": ""}, [["date_to"]], "required"),
    ({"format": "pdf"}, [["format"]], "invalid_enum_value"),
    ({"type": "receipt"}, [["type", 0]], "invalid_enum_value"),
    ({"type": None, "types": "invoice,credit_note", "format": "csv"}, [["types"]], "invalid"),
    ({"type": None}, [["type"]], "required"),
])
async def test_a_bad_export_is_a_422_at_its_field(
    dated_api: httpx.AsyncClient, params: dict[str, str | None], paths: list[list[Any]],
    code: str,
) -> None:
    entity = await create_entity(dated_api)
    query = {"format": "xlsx", "type": "invoice", **Q2, **params}
    response = await dated_api.get("/documents/export", headers=h(entity),
                                   params={k: v for k, v in query.items() if v is not None})
    assert issue_paths(response) == paths
    assert response.json()["cause"]["issues"][0]["code"] == code


async def test_an_export_needs_the_entity_when_the_key_sees_several(
    dated_api: httpx.AsyncClient,
) -> None:
    await create_entity(dated_api)
    await create_entity(dated_api, name="Other")
    response = await dated_api.get("/documents/export", params={
        "format": "csv", "type": "invoice", **Q2})
    assert response.status_code == 400


async def test_a_spreadsheet_never_holds_another_clients_document(
    dated_api: httpx.AsyncClient,
) -> None:
    mine = await create_entity(dated_api, name="Mine")
    theirs = await create_entity(dated_api, name="Theirs")
    own = await create_document(dated_api, mine["id"], date="2026-05-01",
                                customer={"name": "Mine's customer"})
    await create_document(dated_api, theirs["id"], date="2026-05-01",
                          customer={"name": "Their customer"})
    for fmt in ("xlsx", "csv"):
        response = await export(dated_api, mine, format=fmt, type="invoice")
        assert b"Their" not in _every_byte(response.content, fmt)
    _, row = csv_rows((await export(dated_api, mine, format="csv", type="invoice")).content)
    assert row[0] == own["number"] and row[4] == "Mine's customer"


def _every_byte(content: bytes, fmt: str) -> bytes:
    """The file's bytes, an XLSX's inflated member by member."""
    if fmt != "xlsx":
        return content
    archive = zipfile.ZipFile(io.BytesIO(content))
    return b"".join(archive.read(name) for name in archive.namelist())


# -- the PDF ZIP job


async def start(api: httpx.AsyncClient, entity: dict[str, Any], **body: Any) -> dict[str, Any]:
    response = await api.post("/documents/export/pdf", headers=h(entity), json=body)
    assert response.status_code == 202, response.text
    job: dict[str, Any] = response.json()
    return job


async def poll(api: httpx.AsyncClient, entity: dict[str, Any], job: dict[str, Any]
               ) -> dict[str, Any]:
    response = await api.get(f"/documents/export/jobs/{job['id']}", headers=h(entity))
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def finish(api: httpx.AsyncClient, entity: dict[str, Any], job: dict[str, Any]
                 ) -> list[dict[str, Any]]:
    seen = []
    for _ in range(10):
        job = await poll(api, entity, job)
        seen.append(job)
        if job["status"] in ("completed", "failed"):
            return seen
    raise AssertionError(f"the job never finished: {seen}")


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, read back with PDFium."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


async def test_a_pdf_export_moves_over_a_few_polls_to_an_archive(
    dated_api: httpx.AsyncClient,
) -> None:
    entity, docs = await books(dated_api)
    job = await start(dated_api, entity, types=["invoice", "credit_note"], **Q2)
    assert OPAQUE_ID.match(job["id"]) and job["id"].startswith("expjob_")
    assert job["status"] == "pending" and job["progress"] == 0 and job["total_docs"] == 6
    assert job["file_url"] is None and job["error"] is None
    seen = await finish(dated_api, entity, job)
    assert [s["status"] for s in seen] == ["processing", "processing", "completed"]
    progress = [s["progress"] for s in seen]
    assert progress == sorted(progress) and 0 < progress[0] < 100 and progress[-1] == 100
    done = seen[-1]
    assert done["file_name"] == "Čevljarstvo Žan d.o.o. – PDF 2026-04-01 – 2026-06-30.zip"
    response = await dated_api.get(done["file_url"], headers=h(entity))
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    assert file_name(response) == done["file_name"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    # each file as GET /documents/{id}/pdf renders it: named and worded in the client's
    # language (a Slovenian client here), its own number on the page
    expected = {f"Račun {docs[k]['number']}.pdf"
                for k in ("paid", "partly", "overdue", "unpaid", "voided")}
    assert set(archive.namelist()) == expected | {f"Dobropis {docs['credit']['number']}.pdf"}
    for name in archive.namelist():
        pdf = archive.read(name)
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
        text = pdf_text(pdf)
        assert name.removesuffix(".pdf").split(" ", 1)[1] in text
        assert ("RAČUN" in text.upper()) or ("DOBROPIS" in text.upper())


async def test_a_pdf_export_of_chosen_documents_may_hold_drafts(
    dated_api: httpx.AsyncClient,
) -> None:
    entity, docs = await books(dated_api)
    ids = [docs["draft"]["id"], docs["paid"]["id"], docs["draft"]["id"]]
    job = await start(dated_api, entity, document_ids=ids, language="sl-SI")
    assert job["total_docs"] == 2 and job["language"] == "sl-SI"
    done = (await finish(dated_api, entity, job))[-1]
    response = await dated_api.get(done["file_url"], headers=h(entity))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted([f"Račun {docs['draft']['number']}.pdf",
                                    f"Račun {docs['paid']['number']}.pdf"])


async def test_an_empty_period_completes_with_an_empty_archive(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api)
    job = await start(dated_api, entity, types=["estimate"], **Q2)
    assert job["total_docs"] == 0
    (done,) = await finish(dated_api, entity, job)
    assert done["status"] == "completed" and done["progress"] == 100
    response = await dated_api.get(done["file_url"], headers=h(entity))
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist() == []


async def test_a_job_whose_document_went_away_fails_and_offers_no_file(
    dated_api: httpx.AsyncClient,
) -> None:
    entity, docs = await books(dated_api)
    job = await start(dated_api, entity, document_ids=[docs["paid"]["id"], docs["draft"]["id"]])
    deleted = await dated_api.delete(f"/documents/{docs['draft']['id']}", headers=h(entity))
    assert deleted.status_code == 204
    done = (await finish(dated_api, entity, job))[-1]
    assert done["status"] == "failed" and docs["draft"]["id"] in done["error"]
    assert done["file_url"] is None
    file_path = f"/documents/export/jobs/{job['id']}/file"
    assert (await dated_api.get(file_path, headers=h(entity))).status_code == 409


async def test_the_archive_is_not_there_before_the_job_completes(
    dated_api: httpx.AsyncClient,
) -> None:
    entity, _ = await books(dated_api)
    job = await start(dated_api, entity, types=["invoice"], **Q2)
    response = await dated_api.get(f"/documents/export/jobs/{job['id']}/file", headers=h(entity))
    assert response.status_code == 409 and response.json()["code"] == "conflict"


async def test_a_pdf_job_never_crosses_to_another_client(dated_api: httpx.AsyncClient) -> None:
    mine = await create_entity(dated_api, name="Mine")
    theirs = await create_entity(dated_api, name="Theirs")
    own = await create_document(dated_api, mine["id"], date="2026-05-01")
    foreign = await create_document(dated_api, theirs["id"], date="2026-05-02")
    response = await dated_api.post("/documents/export/pdf", headers=h(mine),
                                    json={"document_ids": [own["id"], foreign["id"]]})
    assert issue_paths(response) == [["document_ids", 1]]
    job = await start(dated_api, mine, types=["invoice"], **Q2)
    assert job["total_docs"] == 1
    path = f"/documents/export/jobs/{job['id']}"
    assert (await dated_api.get(path, headers=h(theirs))).status_code == 404
    done = (await finish(dated_api, mine, job))[-1]
    assert (await dated_api.get(path + "/file", headers=h(theirs))).status_code == 404
    archive = await dated_api.get(done["file_url"], headers=h(mine))
    assert zipfile.ZipFile(io.BytesIO(archive.content)).namelist() == [
        f"Račun {own['number']}.pdf"]


@pytest.mark.parametrize(("body", "paths"), [
    ({"types": ["invoice"], "date_from": "2025-01-01", "date_to": "2026-01-02"}, [["date_to"]]),
    ({"types": ["invoice"], "date_from": "2026-06-30", "date_to": "2026-04-01"}, [["date_to"]]),
    ({"types": ["bill"], **Q2}, [["types", 0]]),
    ({"types": "invoice", **Q2}, [["types"]]),
    ({**Q2}, [["types"]]),
    ({"types": ["invoice"]}, [["date_from"], ["date_to"]]),
    ({"document_ids": []}, [["document_ids"]]),
    ({"document_ids": ["inv_1"]}, [["document_ids", 0]]),
    ({"document_ids": ["inv_" + "0" * 24], "types": ["invoice"]}, [["document_ids"],
                                                                   ["document_ids", 0]]),
    ({"types": ["invoice"], "language": "not a locale", **Q2}, [["language"]]),
])
async def test_a_bad_pdf_export_is_a_422_at_its_field(
    dated_api: httpx.AsyncClient, body: dict[str, Any], paths: list[list[Any]],
) -> None:
    entity = await create_entity(dated_api)
    response = await dated_api.post("/documents/export/pdf", headers=h(entity), json=body)
    assert issue_paths(response) == paths


async def test_job_ids_are_checked_before_they_are_looked_up(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api)
    assert issue_paths(await dated_api.get("/documents/export/jobs/job_1",
                                           headers=h(entity))) == [["id"]]
    unknown = await dated_api.get("/documents/export/jobs/expjob_abcdef123456",
                                  headers=h(entity))
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"


async def test_a_repeated_start_with_one_request_id_is_one_job(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api)
    headers = {**h(entity), "X-Request-Id": "start-once-1"}
    body = {"types": ["invoice"], **Q2}
    first = await dated_api.post("/documents/export/pdf", headers=headers, json=body)
    again = await dated_api.post("/documents/export/pdf", headers=headers, json=body)
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"]
