"""Demo data, part two: each demo client's bookkeeping history, relative to the sandbox's
clock: its customers and taxes, a few dozen invoices over the last 14 months (most paid, some
partly, some overdue, one voided), a few drafts, estimates and a credit note.

Deterministic for (seed, client index, today): each client draws from its own generator, so
`--clients 40` stays a prefix of `--clients 400`. Clients from `FULL_HISTORIES` on get a
short history (one customer, two invoices: one paid, one open), which keeps 20,000 clients
quick to seed.

Numbers come from the client's own formats through `sandbox.sequences` (so `{u}` formats,
yearly restarts and the guide spelling all appear), are given in date order, and the
sequences are left where the history ends: the next invoice a bookkeeper issues continues
them. Totals and balances are computed by the same code the API uses.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from si_desktop.core.document_totals import Discount, Line, LineTax, quantum
from si_desktop.core.sample_document import VAT_RATES
from si_desktop.sandbox import sequences
from si_desktop.sandbox.document_model import (
    apply_balance,
    apply_totals,
    customer_fields,
    draft_number,
    ordered,
    rate_text,
)
from si_desktop.sandbox.ids import format_ms, make_id

FULL_HISTORIES = 200
"""Clients with an index below this get a full history; the others a short one."""
HISTORY_DAYS = 425
"""About 14 months back from today."""

REDUCED_RATES: Mapping[str, tuple[Decimal, ...]] = {
    "SI": (Decimal("9.5"), Decimal("5")), "HR": (Decimal("13"), Decimal("5")),
    "AT": (Decimal("10"), Decimal("13")), "DE": (Decimal("7"),),
    "IT": (Decimal("10"), Decimal("4")), "FR": (Decimal("10"), Decimal("5.5")),
    "GB": (Decimal("5"), Decimal("0")),
}
US_TAXES: tuple[tuple[str, Decimal], ...] = (("State sales tax", Decimal("6.25")),
                                             ("City tax", Decimal("2")))
TAX_NAMES = {"sl": "DDV", "hr": "PDV", "de": "USt.", "it": "IVA", "fr": "TVA", "en": "VAT"}

# (name, unit, price in euro, most units on one line) by language: what small firms bill
CATALOGUE: Mapping[str, tuple[tuple[str, str, int, int], ...]] = {
    "sl": (("Svetovanje", "ura", 65, 16), ("Vzdrževanje spletne strani", "mesec", 120, 3),
           ("Montaža", "ura", 45, 24), ("Material", "kos", 18, 40), ("Prevoz", "km", 1, 400),
           ("Projektna dokumentacija", "kos", 850, 1), ("Servis naprave", "kos", 95, 4)),
    "hr": (("Savjetovanje", "sat", 60, 16), ("Održavanje", "mj.", 110, 3),
           ("Montaža", "sat", 40, 24), ("Materijal", "kom", 16, 40), ("Prijevoz", "km", 1, 400),
           ("Projekt", "kom", 800, 1)),
    "de": (("Beratung", "Std.", 95, 16), ("Wartung", "Monat", 150, 3),
           ("Montage", "Std.", 70, 24), ("Material", "Stk.", 22, 40),
           ("Anfahrt", "km", 1, 400), ("Planung", "Stk.", 1200, 1)),
    "it": (("Consulenza", "ora", 80, 16), ("Manutenzione", "mese", 130, 3),
           ("Installazione", "ora", 55, 24), ("Materiale", "pz", 20, 40),
           ("Trasporto", "km", 1, 400), ("Progetto", "pz", 950, 1)),
    "fr": (("Conseil", "heure", 90, 16), ("Maintenance", "mois", 140, 3),
           ("Installation", "heure", 60, 24), ("Fournitures", "pièce", 21, 40),
           ("Déplacement", "km", 1, 400), ("Étude", "pièce", 1000, 1)),
    "en": (("Consulting", "hour", 90, 16), ("Maintenance", "month", 140, 3),
           ("Installation", "hour", 60, 24), ("Materials", "pcs", 20, 40),
           ("Travel", "mile", 1, 250), ("Design work", "pcs", 1100, 1)),
}
HOURS = frozenset({"ura", "sat", "Std.", "ora", "heure", "hour"})
PRICE_SCALE = {"GBP": Decimal("0.85"), "USD": Decimal("1.1")}
PAYMENT_TYPES = ("bank_transfer",) * 6 + ("card", "cash", "paypal")


@dataclass
class History:
    """One client's records, ready to store."""

    customers: list[dict[str, Any]] = field(default_factory=list)
    taxes: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    sequences: dict[sequences.Sequence, int] = field(default_factory=dict)


@dataclass(frozen=True)
class People:
    """How the client's customers are named (from the demo's `Locale`)."""

    words: Sequence[str]
    trades: Sequence[str]
    forms: Sequence[str]
    first_names: Sequence[str]
    surnames: Sequence[str]
    places: Sequence[tuple[str, str]]
    streets: Sequence[str]
    tld: str


class _Maker:
    """Builds one client's history with its own generator and id counter."""

    def __init__(self, entity: Mapping[str, Any], units: Sequence[Mapping[str, Any]],
                 people: People, rng: random.Random, now: datetime.datetime) -> None:
        self.entity = entity
        self.units = [u for u in units if u.get("deleted_at") is None]
        self.people = people
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.history = History()
        self.counter = 0
        self.language = _language(entity)
        self.currency = str(entity.get("currency_code") or "EUR")
        self.middle = f"{rng.getrandbits(40):010x}"

    # ids and times

    def stamp(self, day: datetime.date, hour: int | None = None) -> tuple[int, str]:
        """Seconds and timestamp of a moment in business hours on `day` (never later than
        now, so that a refresh mark taken now covers every demo record)."""
        hour = self.rng.randrange(8, 17) if hour is None else hour
        moment = datetime.datetime.combine(day, datetime.time(hour), datetime.UTC)
        moment += datetime.timedelta(seconds=self.rng.randrange(3600))
        latest = self.now - datetime.timedelta(minutes=5)
        moment = min(moment, latest)
        seconds = int(moment.timestamp())
        return seconds, format_ms(seconds * 1000 + self.rng.randrange(1000))

    def new_id(self, prefix: str, seconds: int) -> str:
        self.counter += 1
        return make_id(prefix, seconds=seconds, middle=self.middle, counter=self.counter)

    # the client's customers and taxes

    def taxes(self, *, every: bool = True) -> list[dict[str, Any]]:
        """The country's VAT rates (the standard one only, unless `every`)."""
        code = str(self.entity.get("country_code") or "")
        start = self.today - datetime.timedelta(days=HISTORY_DAYS + 30)
        seconds, when = self.stamp(start)
        made: list[dict[str, Any]] = []
        if code == "US":
            rates = [(name, rate) for name, rate in US_TAXES]
        else:
            label = TAX_NAMES.get(self.language, "VAT")
            standard = VAT_RATES.get(code, Decimal(20))
            rates = [(f"{label} {rate_text(r)} %", r)
                     for r in (standard, *REDUCED_RATES.get(code, ()))]
        if not every:
            rates = rates[:1]
        for index, (name, rate) in enumerate(rates):
            made.append({"id": self.new_id("tax", seconds), "entity_id": self.entity["id"],
                         "name": name, "tax_rates": [{"rate": rate, "valid_from": None}],
                         "is_default": index == 0, "created_at": when, "updated_at": when})
        self.history.taxes = made
        return made

    def customers(self, count: int) -> list[dict[str, Any]]:
        p = self.people
        made: list[dict[str, Any]] = []
        start = self.today - datetime.timedelta(days=HISTORY_DAYS + 20)
        seconds, when = self.stamp(start)
        for _ in range(count):
            if self.rng.random() < 0.75:
                name = (f"{self.rng.choice(p.words)} {self.rng.choice(p.trades)} "
                        f"{self.rng.choice(p.forms)}")
                slug = "".join(ch for ch in name.split()[0].lower() if ch.isalnum()) or "info"
                email = f"accounts@{slug}.{p.tld}"
            else:
                first, last = self.rng.choice(p.first_names), self.rng.choice(p.surnames)
                name = f"{first} {last}"
                email = None
            city, post_code = self.rng.choice(p.places)
            made.append({
                "id": self.new_id("cus", seconds), "entity_id": self.entity["id"],
                "name": name, "email": email,
                "address": f"{self.rng.choice(p.streets)} {self.rng.randrange(1, 90)}",
                "address_2": None, "post_code": post_code, "city": city, "state": None,
                "country": self.entity.get("country"),
                "country_code": self.entity.get("country_code"), "tax_number": None,
                "company_number": None, "phone": None, "is_end_consumer": email is None,
                "metadata": {}, "created_at": when, "updated_at": when,
            })
        self.history.customers = made
        return made

    # documents

    def lines(self, taxes: Sequence[Mapping[str, Any]], count: int | None = None
              ) -> list[dict[str, Any]]:
        catalogue = CATALOGUE.get(self.language, CATALOGUE["en"])
        scale = PRICE_SCALE.get(self.currency, Decimal(1))
        items = []
        for _ in range(count or self.rng.choice((1, 1, 2, 2, 3, 4))):
            name, unit, price, most = self.rng.choice(catalogue)
            if unit in HOURS:
                quantity = Decimal(self.rng.randrange(2, 2 * most + 1)) / 2
            else:
                quantity = Decimal(self.rng.randrange(max(1, most // 10), most + 1))
            chosen = [taxes[0]] if self.rng.random() < 0.8 or len(taxes) == 1 else [
                self.rng.choice(taxes[1:])]
            if self.entity.get("country_code") == "US":
                chosen = list(taxes) if self.rng.random() < 0.6 else [taxes[0]]
            discounts = []
            if self.rng.random() < 0.15:
                discounts = [{"value": Decimal(self.rng.choice((5, 10, 15))),
                              "type": "percent"}]
            items.append({"name": name, "description": None, "item_id": None,
                          "quantity": quantity, "unit": unit,
                          "price": (Decimal(price) * scale).quantize(Decimal("0.01")),
                          "gross_price": None, "discounts": discounts,
                          "taxes": [{"tax_id": t["id"], "rate": t["tax_rates"][0]["rate"]}
                                    for t in chosen]})
        return items

    def document(self, doc_type: str, day: datetime.date, customer: Mapping[str, Any],
                 *, draft: bool = False, unit: Mapping[str, Any] | None = None,
                 line_count: int | None = None) -> dict[str, Any]:
        seconds, when = self.stamp(day)
        prefix = {"invoice": "inv", "estimate": "est", "credit_note": "cre"}[doc_type]
        doc_id = self.new_id(prefix, seconds)
        settings = self.entity.get("settings") or {}
        doc: dict[str, Any] = {"id": doc_id, "type": doc_type, "number": draft_number(doc_id),
                               "date": day.isoformat()}
        if doc_type == "invoice":
            days = settings.get("default_invoice_due_days", 30)
            doc["date_due"] = (day + datetime.timedelta(days=days)).isoformat()
        elif doc_type == "estimate":
            days = settings.get("default_estimate_valid_days", 30)
            doc["date_valid_till"] = (day + datetime.timedelta(days=days)).isoformat()
        doc.update({"date_service": None, "currency_code": self.currency,
                    "customer_id": customer["id"], "customer": customer_fields(customer),
                    "business_unit_id": unit["id"] if unit else None})
        items = self.lines(self.history.taxes, line_count)
        for item in items:
            item["id"] = self.new_id("item", seconds)
        doc["items"] = [{"id": item.pop("id"), **item} for item in items]
        lines = [Line(i["quantity"], i["price"], None,
                      tuple(Discount(d["value"], d["type"]) for d in i["discounts"]),
                      tuple(LineTax(t["rate"], t["tax_id"]) for t in i["taxes"]))
                 for i in doc["items"]]
        apply_totals(doc, lines, [])
        doc.update({"note": settings.get(f"default_{doc_type}_note"),
                    "payment_terms": settings.get(f"default_{doc_type}_payment_terms"),
                    "footer": settings.get("document_footer"),
                    "signature": settings.get("default_document_signature"),
                    "reference": None, "metadata": {}, "linked_documents": [],
                    "is_draft": True, "voided_at": None, "entity_id": self.entity["id"],
                    "created_at": when, "updated_at": when})
        if not draft:
            doc["number"] = self.take_number(doc_type, unit, day)
            doc["is_draft"] = False
        apply_balance(doc, [])
        self.history.documents.append(doc)
        return doc

    def take_number(self, doc_type: str, unit: Mapping[str, Any] | None,
                    day: datetime.date) -> str:
        sequence = sequences.sequence_for(self.entity, doc_type, unit, day)
        number = self.history.sequences.get(sequence, 0) + 1
        self.history.sequences[sequence] = number
        return sequences.render(sequence, number, day)

    def pay(self, doc: dict[str, Any], amount: Decimal, day: datetime.date) -> None:
        day = min(day, self.today)
        seconds, when = self.stamp(day)
        number = doc["number"]
        self.history.payments.append({
            "id": self.new_id("pay", seconds), "entity_id": self.entity["id"],
            "invoice_id": doc["id"] if doc["type"] == "invoice" else None,
            "credit_note_id": doc["id"] if doc["type"] == "credit_note" else None,
            "amount": amount, "type": self.rng.choice(PAYMENT_TYPES), "date": day.isoformat(),
            "reference": f"SI00 {number}" if self.entity.get("country_code") == "SI"
            else number, "note": None, "metadata": {}, "created_at": when,
            "updated_at": when,
        })
        paid = [p["amount"] for p in self.history.payments
                if doc["id"] in (p["invoice_id"], p["credit_note_id"])]
        apply_balance(doc, paid)
        doc["updated_at"] = max(doc["updated_at"], when)

    def settle(self, invoice: dict[str, Any]) -> None:
        """Most invoices are paid some days after they are issued; recent ones may not be
        yet; a few are paid in part; some stay open past their due date."""
        issued = datetime.date.fromisoformat(invoice["date"])
        due = datetime.date.fromisoformat(invoice["date_due"])
        age = (self.today - issued).days
        roll = self.rng.random()
        total = invoice["total_with_tax"]
        late = due + datetime.timedelta(days=self.rng.randrange(-10, 25))
        if age < 12:
            chance = 0.25
        elif self.today < due:
            chance = 0.55
        else:
            chance = 0.84
        if roll < chance:
            self.pay(invoice, total, max(issued, late))
        elif roll < chance + 0.06 and total > 1:
            part = (total * Decimal(self.rng.choice(("0.3", "0.5", "0.6")))).quantize(
                quantum(self.currency))
            self.pay(invoice, part, max(issued, late))

    def void(self, doc: dict[str, Any]) -> None:
        issued = datetime.date.fromisoformat(doc["date"])
        _, when = self.stamp(min(self.today, issued + datetime.timedelta(days=2)))
        doc.update({"voided_at": when, "void_reason": "Issued to the wrong customer.",
                    "updated_at": max(doc["updated_at"], when)})


def _language(entity: Mapping[str, Any]) -> str:
    locale = str(entity.get("locale") or "en")
    language = locale.split("-")[0].lower()
    return language if language in CATALOGUE else "en"


def _spread(rng: random.Random, today: datetime.date, count: int, days: int
            ) -> list[datetime.date]:
    """`count` working days within the last `days`, oldest first."""
    found: list[datetime.date] = []
    while len(found) < count:
        day = today - datetime.timedelta(days=rng.randrange(days))
        if day.weekday() < 5:
            found.append(day)
    return sorted(found)


def make_history(entity: Mapping[str, Any], units: Sequence[Mapping[str, Any]], index: int,
                 seed: int, people: People, now: datetime.datetime) -> History:
    """Client number `index`'s records up to `now` (full below `FULL_HISTORIES`)."""
    rng = random.Random(f"si-sandbox:{seed}:{index}:history")
    maker = _Maker(entity, units, people, rng, now)
    full = index < FULL_HISTORIES
    maker.taxes(every=full)
    customers = maker.customers(rng.randrange(5, 13) if full else 1)
    today = maker.today
    if not full:
        return _short_history(maker, customers[0])
    invoices = []
    for day in _spread(rng, today, rng.randrange(24, 41), HISTORY_DAYS):
        unit = rng.choice(maker.units) if maker.units and rng.random() < 0.35 else None
        invoices.append(maker.document("invoice", day, rng.choice(customers), unit=unit))
    voided = rng.choice(invoices[:-1])
    for invoice in invoices:
        if invoice is not voided:
            maker.settle(invoice)
    maker.void(voided)
    for _ in range(rng.randrange(2, 4)):
        maker.document("invoice", today - datetime.timedelta(days=rng.randrange(6)),
                       rng.choice(customers), draft=True)
    for day in _spread(rng, today, rng.randrange(3, 7), HISTORY_DAYS // 2):
        maker.document("estimate", day, rng.choice(customers), draft=rng.random() < 0.2)
    credited = rng.choice([i for i in invoices if i["paid_in_full"]] or invoices)
    _credit_note(maker, credited, customers)
    return maker.history


def _short_history(maker: _Maker, customer: Mapping[str, Any]) -> History:
    """Two invoices to one customer: one paid, a recent one still open."""
    days = _spread(maker.rng, maker.today, 2, HISTORY_DAYS)
    paid, _ = (maker.document("invoice", day, customer, line_count=1) for day in days)
    maker.pay(paid, paid["total_with_tax"],
              datetime.date.fromisoformat(paid["date"]) + datetime.timedelta(days=9))
    return maker.history


def _credit_note(maker: _Maker, invoice: dict[str, Any],
                 customers: Sequence[Mapping[str, Any]]) -> None:
    """A credit note for part of an invoice (a returned item), refunded."""
    day = min(maker.today, datetime.date.fromisoformat(invoice["date"])
              + datetime.timedelta(days=maker.rng.randrange(3, 30)))
    customer = next((c for c in customers if c["id"] == invoice["customer_id"]), customers[0])
    note = maker.document("credit_note", day, customer)
    first = note["items"][0]
    source = invoice["items"][0]
    first.update({key: source[key] for key in ("name", "unit", "price", "taxes")})
    first["quantity"] = Decimal(1)
    first["discounts"] = []
    first["taxes"] = [{"tax_id": t["tax_id"], "rate": t["rate"]} for t in source["taxes"]]
    note["items"] = [first]
    apply_totals(note, [Line(first["quantity"], first["price"], None, (), tuple(
        LineTax(t["rate"], t["tax_id"]) for t in first["taxes"]))], [])
    note["linked_documents"] = [invoice["id"]]
    apply_balance(note, [])
    if invoice["paid_in_full"]:
        maker.pay(note, note["total_with_tax"], day + datetime.timedelta(days=5))


def stored(history: History) -> History:
    """The history ready to store, documents in key order (money stays `Decimal`: the
    records write it as JSON numbers)."""
    history.documents = [ordered(doc) for doc in history.documents]
    return history
