"""Demo data: the client businesses of a believable accounting firm.

Deterministic for a seed, and client *i* is the same whatever the count (each client draws
from its own generator), so `--clients 40` is a prefix of `--clients 400`. Countries, legal
forms, addresses, tax numbers, phones, e-mails and websites follow each country's habits;
each client carries a client code in `metadata`; about one in ten is disabled; each has 0–5
business units (shops, branches, brands), some archived, some with their own branding; three
in four of the first `FULL_HISTORIES` have a logo of their own (`demo_logos.py`). Each
client also has a bookkeeping history up to the sandbox's today (`demo_history.py`).

A few things a firm-wide check should find are planted on purpose, by client index (whatever
the seed): client `SHARED_FORMAT_CLIENT` numbers its units' invoices with a format without
`{u}`, the same as its own, so its shops can give the same invoice number (Firm → Year end…
finds it), and the clients in `LOW_CONTRAST_COLOURS` brand their documents in a colour too
pale to read on white (Firm → Branding wall… finds them).
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from si_desktop.sandbox import countries, sequences
from si_desktop.sandbox.demo_history import (
    FULL_HISTORIES,
    History,
    People,
    make_history,
    stored,
)
from si_desktop.sandbox.demo_logos import STYLES, logo_png
from si_desktop.sandbox.ids import format_ms, make_id
from si_desktop.sandbox.records import CUSTOMERS, DOCUMENTS, PAYMENTS, TAXES
from si_desktop.sandbox.settings import default_settings
from si_desktop.sandbox.storage import Store


@dataclass(frozen=True)
class Place:
    city: str
    post_code: str
    state: str | None = None


@dataclass(frozen=True)
class Locale:
    """How businesses of one country look."""

    country: str
    weight: int
    forms: Sequence[tuple[str, int]]
    words: Sequence[str]
    trades: Sequence[str]
    places: Sequence[Place]
    streets: Sequence[str]
    tld: str
    phone: str
    first_names: Sequence[str]
    surnames: Sequence[str]
    street_number_first: bool = False


LOCALES: tuple[Locale, ...] = (
    Locale(
        "Slovenia", 30, (("d.o.o.", 6), ("s.p.", 4), ("d.d.", 1)),
        ("Alpina", "Triglav", "Soča", "Lipa", "Kras", "Pohorje", "Sava", "Bled", "Zelena",
         "Sončna", "Kolpa", "Planika"),
        ("gradnje", "računovodstvo", "trgovina", "storitve", "elektro", "mizarstvo",
         "avtoservis", "gostinstvo", "inženiring", "digital", "transport", "oblikovanje"),
        (Place("Ljubljana", "1000"), Place("Maribor", "2000"), Place("Celje", "3000"),
         Place("Kranj", "4000"), Place("Koper", "6000"), Place("Novo mesto", "8000"),
         Place("Nova Gorica", "5000"), Place("Murska Sobota", "9000"), Place("Ptuj", "2250"),
         Place("Velenje", "3320")),
        ("Dunajska cesta", "Slovenska cesta", "Celovška cesta", "Trubarjeva ulica",
         "Prešernova ulica", "Cankarjeva ulica", "Tržaška cesta", "Gregorčičeva ulica"),
        "si", "+386 1 ### ## ##",
        ("Maja", "Luka", "Nina", "Jure", "Petra", "Matej", "Tina", "Rok", "Ana", "Gregor"),
        ("Novak", "Horvat", "Krajnc", "Zupančič", "Kovačič", "Potočnik", "Mlakar", "Kos",
         "Vidmar", "Golob"),
    ),
    Locale(
        "Croatia", 14, (("d.o.o.", 6), ("j.d.o.o.", 2), ("obrt", 3), ("d.d.", 1)),
        ("Jadran", "Dalmacija", "Maslina", "Lavanda", "Mreža", "Konoba", "Velebit", "Sunce",
         "Bura", "Kvarner"),
        ("građenje", "trgovina", "usluge", "turizam", "računovodstvo", "informatika",
         "prijevoz", "ugostiteljstvo"),
        (Place("Zagreb", "10000"), Place("Split", "21000"), Place("Rijeka", "51000"),
         Place("Osijek", "31000"), Place("Zadar", "23000"), Place("Pula", "52100"),
         Place("Dubrovnik", "20000"), Place("Varaždin", "42000")),
        ("Ilica", "Vukovarska ulica", "Savska cesta", "Ulica kralja Zvonimira",
         "Zagrebačka cesta", "Ulica Ante Starčevića"),
        "hr", "+385 1 #### ###",
        ("Ivan", "Ana", "Marko", "Petra", "Luka", "Ivana", "Josip", "Maja"),
        ("Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak", "Knežević", "Vuković"),
    ),
    Locale(
        "Austria", 12, (("GmbH", 7), ("OG", 2), ("KG", 2), ("e.U.", 3)),
        ("Alpen", "Donau", "Tirol", "Wiener", "Berg", "Edelweiss", "Kärntner", "Steirer"),
        ("Bau", "Handel", "Technik", "Consulting", "Gastro", "Design", "Logistik", "Elektro"),
        (Place("Wien", "1070"), Place("Graz", "8010"), Place("Linz", "4020"),
         Place("Salzburg", "5020"), Place("Innsbruck", "6020"), Place("Klagenfurt", "9020"),
         Place("Villach", "9500")),
        ("Mariahilfer Straße", "Herrengasse", "Getreidegasse", "Hauptplatz", "Bahnhofstraße",
         "Landstraße"),
        "at", "+43 1 ### ## ##",
        ("Lukas", "Anna", "Florian", "Sarah", "Tobias", "Julia", "Stefan", "Lena"),
        ("Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser", "Mayer"),
    ),
    Locale(
        "Germany", 14, (("GmbH", 7), ("UG (haftungsbeschränkt)", 2), ("KG", 1), ("e.K.", 2),
                        ("AG", 1)),
        ("Nord", "Rhein", "Spree", "Elbe", "Hansa", "Schwarzwald", "Isar", "Main"),
        ("Bau", "Handel", "Technik", "Beratung", "Gastronomie", "Design", "Logistik", "Druck"),
        (Place("Berlin", "10115"), Place("Hamburg", "20095"), Place("München", "80331"),
         Place("Köln", "50667"), Place("Frankfurt am Main", "60311"),
         Place("Stuttgart", "70173"), Place("Leipzig", "04109"), Place("Dresden", "01067")),
        ("Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Friedrichstraße",
         "Lindenallee"),
        "de", "+49 30 ########",
        ("Jonas", "Laura", "Felix", "Lea", "Paul", "Hannah", "Max", "Sophie"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Koch"),
    ),
    Locale(
        "Italy", 8, (("S.r.l.", 7), ("S.p.A.", 1), ("S.n.c.", 2), ("S.a.s.", 1)),
        ("Adriatica", "Toscana", "Dolomiti", "Lago", "Sole", "Laguna", "Vesuvio", "Aurora"),
        ("Costruzioni", "Commercio", "Servizi", "Informatica", "Design", "Trasporti"),
        (Place("Milano", "20121"), Place("Roma", "00184"), Place("Torino", "10121"),
         Place("Trieste", "34121"), Place("Bologna", "40121"), Place("Firenze", "50122")),
        ("Via Roma", "Corso Italia", "Via Garibaldi", "Via Dante", "Via Mazzini"),
        "it", "+39 02 #### ####",
        ("Marco", "Giulia", "Luca", "Chiara", "Matteo", "Sara"),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano"),
    ),
    Locale(
        "France", 5, (("SARL", 5), ("SAS", 4), ("SA", 1), ("EURL", 2)),
        ("Provence", "Lumière", "Atlantique", "Alpes", "Bretagne", "Loire"),
        ("Bâtiment", "Conseil", "Commerce", "Services", "Numérique", "Transports"),
        (Place("Paris", "75011"), Place("Lyon", "69002"), Place("Marseille", "13001"),
         Place("Toulouse", "31000"), Place("Bordeaux", "33000"), Place("Nantes", "44000")),
        ("Rue de la République", "Avenue Jean Jaurès", "Rue Victor Hugo",
         "Boulevard Voltaire"),
        "fr", "+33 1 ## ## ## ##",
        ("Camille", "Lucas", "Léa", "Hugo", "Manon", "Louis"),
        ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit"),
        True,
    ),
    Locale(
        "United Kingdom", 9, (("Ltd", 8), ("LLP", 1), ("PLC", 1)),
        ("Thames", "Oak", "Northern", "Highland", "Albion", "Kingsway", "Harbour", "Meadow"),
        ("Builders", "Consulting", "Trading", "Digital", "Design", "Logistics", "Catering"),
        (Place("London", "EC1A 1BB"), Place("Manchester", "M1 1AE"),
         Place("Birmingham", "B1 1AA"), Place("Leeds", "LS1 1UR"), Place("Bristol", "BS1 4DJ"),
         Place("Edinburgh", "EH1 1YZ")),
        ("High Street", "Station Road", "Church Lane", "King Street", "Victoria Road"),
        "co.uk", "+44 20 #### ####",
        ("Oliver", "Amelia", "Harry", "Isla", "George", "Ava"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson"),
        True,
    ),
    Locale(
        "United States", 8, (("Inc.", 5), ("LLC", 6), ("Corp.", 1)),
        ("Pioneer", "Summit", "Liberty", "Golden Gate", "Lakeside", "Evergreen", "Redwood"),
        ("Builders", "Consulting", "Trading", "Digital", "Design", "Logistics", "Supply"),
        (Place("San Francisco", "94102", "CA"), Place("New York", "10001", "NY"),
         Place("Austin", "78701", "TX"), Place("Chicago", "60601", "IL"),
         Place("Seattle", "98101", "WA"), Place("Boston", "02108", "MA")),
        ("Market Street", "Main Street", "Broadway", "Elm Street", "Oak Avenue"),
        "com", "+1 (###) 555-####",
        ("James", "Emma", "Michael", "Olivia", "David", "Mia"),
        ("Johnson", "Miller", "Davis", "Garcia", "Clark", "Lewis"),
        True,
    ),
)
_WEIGHTS = [locale.weight for locale in LOCALES]

NUMBER_FORMATS: tuple[dict[str, str], ...] = (
    {},
    {"invoice": "INV-{yyyy}-{nnnn}", "estimate": "EST-{yyyy}-{nnnn}"},
    {"invoice": "{yy}/{nnnn}"},
    {"invoice": "R{yyyy}{nnnnnn}", "credit_note": "D{yyyy}{nnnnnn}"},
    {"invoice": "INV-{YYYY}-{NUM}", "estimate": "EST-{YYYY}-{NUM}"},
    {"invoice": "{nnnnn}/{yyyy}", "advance_invoice": "AV-{nnnn}/{yyyy}"},
    {"invoice": "{yyyy}-{nnnnn}", "delivery_note": "DL-{yy}-{nnnn}"},
)
UNIT_NUMBER_FORMATS: tuple[str, ...] = ("{yyyy}-{u}-{nnnnn}", "{uu}-{yy}-{nnnn}",
                                        "P{u}/{yyyy}/{nnnn}")
COLOURS: tuple[str, ...] = ("#1D4ED8", "#0F172A", "#B91C1C", "#047857", "#7C3AED", "#C2410C",
                            "#0E7490", "#BE185D", "#4D7C0F", "#334155", "#F59E0B", "#2563EB")
SHARED_FORMAT_CLIENT = 16
"""The demo client whose units share an invoice format without `{u}` (four shops)."""
SHARED_UNIT_FORMAT = "{yyyy}-{nnnnn}"
LOW_CONTRAST_COLOURS: dict[int, str] = {9: "#FACC15", 22: "#7DD3FC", 33: "#FDA4AF"}
"""Demo clients whose primary colour is below WCAG's 4.5:1 against white (#F59E0B, drawn
for some clients by chance, is too)."""
TEMPLATES: tuple[str, ...] = ("modern", "classic", "condensed", "minimal", "fashion")
UNIT_KINDS: tuple[str, ...] = ("Shop", "Branch", "Brand", "Online store", "Warehouse", "Studio")

_BASE = datetime.datetime(2021, 1, 4, 8, tzinfo=datetime.UTC)
_BASE_S = int(_BASE.timestamp())
_STEP_S = 5400


def _digits(rng: random.Random, count: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(count))


def _slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    cleaned = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
    return "".join(ch for ch in cleaned if ch.isalnum() or ch == " ").strip().replace(" ", "-")


def _phone(rng: random.Random, pattern: str) -> str:
    """A number in the country's pattern: each `#` a digit, the first one never 0 or 1."""
    out: list[str] = []
    first = True
    for ch in pattern:
        if ch == "#":
            out.append(str(rng.randrange(2, 10) if first else rng.randrange(10)))
            first = False
        else:
            out.append(ch)
    return "".join(out)


def _tax_numbers(rng: random.Random, code: str) -> tuple[str, str | None]:
    """(tax number, company number) in each country's shape."""
    if code == "SI":
        return "SI" + _digits(rng, 8), _digits(rng, 7) + "000"
    if code == "HR":
        return "HR" + _digits(rng, 11), _digits(rng, 8)
    if code == "AT":
        return "ATU" + _digits(rng, 8), "FN " + _digits(rng, 6) + rng.choice("abcdefghkmpstvwxyz")
    if code == "DE":
        return "DE" + _digits(rng, 9), "HRB " + _digits(rng, 5)
    if code == "IT":
        return "IT" + _digits(rng, 11), None
    if code == "FR":
        siren = _digits(rng, 9)
        return "FR" + _digits(rng, 2) + siren, siren
    if code == "GB":
        return "GB" + _digits(rng, 9), _digits(rng, 8)
    return f"{_digits(rng, 2)}-{_digits(rng, 7)}", None


def _bank_account(rng: random.Random, code: str, name: str) -> dict[str, Any]:
    if code == "US":
        return {"type": "us", "name": name, "bank_name": rng.choice(["Chase", "Wells Fargo",
                                                                       "Bank of America"]),
                "account_number": _digits(rng, 10), "routing_number": _digits(rng, 9),
                "is_default": True}
    lengths = {"SI": 15, "HR": 17, "AT": 16, "DE": 18, "IT": 23, "FR": 23, "GB": 18}
    banks = {"SI": ("NLB d.d.", "LJBASI2X"), "HR": ("Zagrebačka banka d.d.", "ZABAHR2X"),
             "AT": ("Erste Bank", "GIBAATWWXXX"), "DE": ("Deutsche Bank", "DEUTDEFF"),
             "IT": ("Intesa Sanpaolo", "BCITITMM"), "FR": ("BNP Paribas", "BNPAFRPP"),
             "GB": ("Barclays", "BARCGB22")}
    bank, bic = banks.get(code, ("Bank", "BANKXX22"))
    return {"type": "iban", "name": name, "bank_name": bank, "bic": bic,
            "iban": code + _digits(rng, 2) + _digits(rng, lengths.get(code, 18)),
            "is_default": True}


def make_client(index: int, seed: int, account_id: str, environment: str
                ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Client number `index` (from 0) and its business units."""
    entity, units, _brand = _client_and_brand(index, seed, account_id, environment)
    return entity, units


def _client_and_brand(index: int, seed: int, account_id: str, environment: str
                      ) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    """Client number `index`, its business units, and the word its logo shows."""
    rng = random.Random(f"si-sandbox:{seed}:{index}")
    locale = rng.choices(LOCALES, weights=_WEIGHTS)[0]
    country = countries.lookup(locale.country)
    assert country is not None
    form = rng.choices([f for f, _ in locale.forms], weights=[w for _, w in locale.forms])[0]
    first, surname = rng.choice(locale.first_names), rng.choice(locale.surnames)
    trade = rng.choice(locale.trades)
    if form in ("s.p.", "obrt", "e.U.", "e.K."):
        name = f"{trade.capitalize()} {surname}, {first} {surname} {form}"
        if form == "obrt":
            name = f"Obrt {trade} {first} {surname}"
        brand = surname
    else:
        word = rng.choice(locale.words)
        name = f"{word} {trade} {form}" if rng.random() < 0.7 else f"{surname} {trade} {form}"
        brand = word
    place = rng.choice(locale.places)
    street, number = rng.choice(locale.streets), rng.randrange(1, 180)
    address = f"{number} {street}" if locale.street_number_first else f"{street} {number}"
    domain = f"{_slug(brand)}-{_slug(trade)}.{locale.tld}"
    tax_number, company_number = _tax_numbers(rng, country.code)
    rng.randrange(1, 9), _digits(rng, 3), _digits(rng, 4)  # kept: later draws stay the same
    phone = _phone(random.Random(f"si-sandbox:{seed}:{index}:phone"), locale.phone)
    created_s = _BASE_S + index * _STEP_S + rng.randrange(3000)
    updated_s = created_s + rng.randrange(0, 400) * 86400 + rng.randrange(86400)
    created, updated = format_ms(created_s * 1000), format_ms(updated_s * 1000)
    entity_id = make_id("ent", seconds=created_s, middle=f"{rng.getrandbits(40):010x}",
                        counter=index)

    settings = default_settings(locale=country.locale, country_code=country.code)
    settings["number_formats"].update(rng.choice(NUMBER_FORMATS))
    if rng.random() < 0.6:
        settings["primary_color"] = rng.choice(COLOURS)
    if rng.random() < 0.6:
        settings["pdf_template"] = rng.choice(TEMPLATES)
    settings["default_invoice_due_days"] = rng.choice((8, 15, 30, 30, 30, 45, 60))
    settings["bank_accounts"] = [_bank_account(rng, country.code, name)]
    unit_count = rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 5))
    if unit_count and rng.random() < 0.5:
        settings["unit_number_formats"] = {"invoice": rng.choice(UNIT_NUMBER_FORMATS)}
    _plant(index, settings)

    entity: dict[str, Any] = {
        "id": entity_id,
        "name": name,
        "address": address,
        "address_2": None,
        "post_code": place.post_code,
        "city": place.city,
        "state": place.state,
        "country": country.name,
        "country_code": country.code,
        "currency_code": country.currency,
        "locale": country.locale,
        "tax_number": tax_number,
        "tax_number_2": None,
        "company_number": company_number,
        "phone": phone,
        "email": f"{rng.choice(('info', 'office', 'hello', 'accounts'))}@{domain}",
        "website": f"https://www.{domain}",
        "fiscal_region_code": None,
        "starting_capital": None,
        "environment": environment,
        "is_tax_subject": rng.random() > 0.1,
        "is_enabled": rng.random() >= 0.1,
        "settings": settings,
        "account_id": account_id,
        "metadata": {
            "client_code": f"C-{index + 1:05d}",
            "industry": trade,
            "bookkeeper": rng.choice(("Maja", "Luka", "Ana", "Jure", "Petra")),
        },
        "country_rules": countries.country_rules(country.code),
        "created_at": created,
        "updated_at": updated,
    }
    units = [
        _make_unit(rng, entity, locale, n, created_s, updated_s) for n in range(unit_count)
    ]
    return entity, units, brand


LOGO_SHARE = 0.75
"""The share of the first `FULL_HISTORIES` clients that have a logo of their own."""


def demo_logo(entity: dict[str, Any], brand: str, index: int, seed: int
              ) -> tuple[dict[str, Any], bytes] | None:
    """Client `index`'s logo file (its record and PNG bytes), or None when it has none;
    its settings then say `has_logo`, as an upload through `POST /files` makes them say.
    A logo of its own colour when it has one, else of a colour of the demo's."""
    if index >= FULL_HISTORIES:
        return None  # a large firm seeds quickly; these clients have no logo
    rng = random.Random(f"si-sandbox:{seed}:{index}:logo")
    if rng.random() >= LOGO_SHARE:
        return None
    settings = entity["settings"]
    colour = settings.get("primary_color") or rng.choice(COLOURS)
    data = logo_png(brand, str(colour), rng.choice(STYLES))
    doc = {
        "id": make_id("file", seconds=int(entity["id"][4:12], 16),
                      middle=f"{rng.getrandbits(40):010x}", counter=index),
        "entity_id": entity["id"],
        "business_unit_id": None,
        "category": "logo",
        "name": f"{_slug(brand) or 'logo'}-logo.png",
        "mime_type": "image/png",
        "size": len(data),
        "created_at": entity["created_at"],
        "updated_at": entity["created_at"],
    }
    settings["has_logo"] = True
    return doc, data


def _plant(index: int, settings: dict[str, Any]) -> None:
    """The planted problems (after every draw, so no other client changes)."""
    if index == SHARED_FORMAT_CLIENT:
        settings["unit_number_formats"] = {"invoice": SHARED_UNIT_FORMAT}
    if index in LOW_CONTRAST_COLOURS:
        settings["primary_color"] = LOW_CONTRAST_COLOURS[index]


def _make_unit(rng: random.Random, entity: dict[str, Any], locale: Locale, n: int,
               created_s: int, updated_s: int) -> dict[str, Any]:
    kind = rng.choice(UNIT_KINDS)
    place = rng.choice(locale.places)
    if kind == "Brand":
        name = f"{rng.choice(locale.words)} {rng.choice(locale.trades).lower()}"
    elif kind == "Online store":
        name = f"{kind} {n + 1}"
    else:
        name = f"{kind} {place.city}"
    unit_created = created_s + (n + 1) * rng.randrange(3600, 86400 * 30)
    unit_updated = max(unit_created, min(updated_s, unit_created + 86400 * 60))
    settings: dict[str, Any] = {}
    if rng.random() < 0.35:
        settings["primary_color"] = rng.choice(COLOURS)
        settings["pdf_template"] = rng.choice(TEMPLATES)
        settings["logo_scale_percent"] = rng.choice((60, 80, 100, 120))
    if rng.random() < 0.2:
        settings["email_defaults"] = {
            "invoice_subject": "{unit_name}: invoice {document_number}",
            "invoice_body": "Hello {customer_name},\n\nyour invoice from {unit_name} is "
            "attached.",
        }
    if rng.random() < 0.15:
        settings["document_footer"] = "{unit_name} · {entity_name}"
    archived = rng.random() < 0.15
    deleted_at = format_ms(unit_updated * 1000) if archived else None
    street, number = rng.choice(locale.streets), rng.randrange(1, 180)
    return {
        "id": make_id("unit", seconds=unit_created, middle=f"{rng.getrandbits(40):010x}",
                      counter=rng.getrandbits(24)),
        "entity_id": entity["id"],
        "name": name,
        "address": f"{number} {street}" if locale.street_number_first else f"{street} {number}",
        "address_2": None,
        "post_code": place.post_code,
        "city": place.city,
        "state": place.state,
        "country": entity["country"],
        "country_code": entity["country_code"],
        "email": None,
        "phone": None,
        "website": None,
        "settings": settings,
        "numbering_index": n + 1,
        "logo_file_id": None,
        "signature_file_id": None,
        "is_active": not archived,
        "created_at": format_ms(unit_created * 1000),
        "updated_at": format_ms(unit_updated * 1000),
        "deleted_at": deleted_at,
    }


HISTORIES_SEEDED = "demo_histories"
"""The meta key that says the demo clients have their histories (once per database)."""

_LOCALE_OF_COUNTRY = {locale.country: locale for locale in LOCALES}


def people_of(entity: dict[str, Any]) -> People:
    """How a client's customers are named: as businesses and people of its country."""
    locale = _LOCALE_OF_COUNTRY.get(str(entity.get("country")), LOCALES[0])
    return People(locale.words, locale.trades, [form for form, _ in locale.forms],
                  locale.first_names, locale.surnames,
                  [(place.city, place.post_code) for place in locale.places], locale.streets,
                  locale.tld)


def _store_histories(store: Store, histories: list[History]) -> None:
    with store.write() as conn:
        for history in histories:
            CUSTOMERS.save_many(conn, history.customers)
            TAXES.save_many(conn, history.taxes)
            DOCUMENTS.save_many(conn, history.documents)
            PAYMENTS.save_many(conn, history.payments)
            for sequence, last in history.sequences.items():
                sequences.set_last(conn, sequence, last)


def seed_clients(store: Store, *, account_id: str, environment: str, count: int,
                 seed: int = 0, now: datetime.datetime | None = None,
                 batch: int = 2000) -> None:
    """Add `count` demo clients with their histories up to `now` (the real time unless
    given) to the store, in batches of one transaction each."""
    now = now or datetime.datetime.now(datetime.UTC)
    for start in range(0, count, batch):
        entities: list[dict[str, Any]] = []
        next_indexes: list[int] = []
        units: list[dict[str, Any]] = []
        histories: list[History] = []
        logos: list[tuple[dict[str, Any], bytes]] = []
        for index in range(start, min(count, start + batch)):
            entity, its_units, brand = _client_and_brand(index, seed, account_id, environment)
            logo = demo_logo(entity, brand, index, seed)
            if logo is not None:
                logos.append(logo)
            entities.append(entity)
            next_indexes.append(len(its_units) + 1)
            units += its_units
            histories.append(stored(make_history(entity, its_units, index, seed,
                                                 people_of(entity), now)))
        store.insert_entities(entities, account_id, next_indexes)
        store.insert_units(units)
        store.insert_files(logos)
        _store_histories(store, histories)
    store.set_meta(HISTORIES_SEEDED, "1")


def seed_missing_histories(store: Store, *, account_id: str, environment: str, count: int,
                           seed: int = 0, now: datetime.datetime | None = None) -> int:
    """Give the demo clients of a database seeded before demo clients had histories their
    histories (as they are now, with the units they have now); the number of clients given
    one. Runs once per database."""
    if store.get_meta(HISTORIES_SEEDED) is not None:
        return 0
    now = now or datetime.datetime.now(datetime.UTC)
    histories: list[History] = []
    for index in range(count):
        entity, _ = make_client(index, seed, account_id, environment)
        found = store.get_entity(entity["id"])
        if found is None or found[1] != account_id:
            continue
        current = found[0]
        histories.append(stored(make_history(current, store.units_of(current["id"]), index,
                                             seed, people_of(current), now)))
    _store_histories(store, histories)
    store.set_meta(HISTORIES_SEEDED, "1")
    return len(histories)
