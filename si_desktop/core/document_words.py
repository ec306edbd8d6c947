"""The words a document carries (Invoice, Bill to, Due date, VAT, Total, …) in the language
of the client's customers, chosen by the client's `locale` and not by the bookkeeper's
interface: a British client's invoice reads "Invoice … VAT" in a Slovenian window, and a
Slovenian client's reads "Račun … DDV" in an English one.

These are data of the document, kept apart from the Qt interface translations on purpose:
they do not change when the bookkeeper changes language, and the sandbox can use them
without Qt. A language here has every key English has (a test checks it); a locale whose
language is missing gets English. A few regions write a word their own way (Austria's
`UID-Nr.`, Switzerland's `MWST`): those regional words sit on top of the language's.

Terminology follows what each country's invoices say: Slovenian "Račun / Predračun /
Dobropis / DDV", German "Rechnung / Angebot / Gutschrift / USt.", Croatian "Račun / Ponuda /
Odobrenje / PDV", Italian "Fattura / Preventivo / Nota di credito / IVA", French "Facture /
Devis / Avoir / TVA", Japanese "請求書 / 見積書 / 消費税".
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

FALLBACK_LANGUAGE = "en"

DOCUMENT_TYPES = ("invoice", "estimate", "credit_note", "advance_invoice", "delivery_note")

_EN: dict[str, str] = {
    # titles, by the contract's document types
    "invoice": "Invoice",
    "estimate": "Estimate",
    "credit_note": "Credit note",
    "advance_invoice": "Advance invoice",
    "delivery_note": "Delivery note",
    # the head of the page
    "bill_to": "Bill to",
    "number": "Number",
    "date": "Date",
    "due_date": "Due date",
    "valid_until": "Valid until",
    "tax_number": "VAT number",
    # the table and the totals
    "description": "Description",
    "quantity": "Qty",
    "price": "Price",
    "amount": "Amount",
    "subtotal": "Subtotal",
    "tax": "Tax",
    "vat": "VAT",
    "total": "Total",
    "draft": "DRAFT",
    "void": "VOID",
    "discount": "Discount",
    "tax_rate": "Rate",
    "tax_base": "Net",
    "paid": "Paid",
    "amount_due": "Amount due",
    "service_date": "Service date",
    "refers_to": "Refers to",
    "continued": "continued",
    # below the table
    "notes": "Notes",
    "payment_terms": "Payment terms",
    "payment": "Payment details",
    "bank": "Bank",
    "iban": "IBAN",
    "bic": "BIC",
    "account": "Account",
    "routing": "Routing number",
    "sort_code": "Sort code",
    "reference": "Reference",
    "page": "Page {page} of {pages}",
    "payment_instructions": "Please pay {amount} to {account}, quoting {reference}.",
    # what makes a sample a sample
    "sample": "SAMPLE",
    "approximate": "Approximate preview: the PDF from Space Invoices may differ in detail.",
    "head_office": "Head office",
    "your_company": "Your company",
    "sample_customer": "Sample Customer Ltd",
    "line_bookkeeping": "Bookkeeping services, monthly",
    "line_advisory": "Advisory hours",
    "unit_piece": "pc",
    "unit_hour": "h",
}

_SL: dict[str, str] = {
    "invoice": "Račun",
    "estimate": "Predračun",
    "credit_note": "Dobropis",
    "advance_invoice": "Avansni račun",
    "delivery_note": "Dobavnica",
    "bill_to": "Kupec",
    "number": "Številka",
    "date": "Datum izdaje",
    "due_date": "Rok plačila",
    "valid_until": "Velja do",
    "tax_number": "ID za DDV",
    "description": "Opis",
    "quantity": "Količina",
    "price": "Cena",
    "amount": "Znesek",
    "subtotal": "Skupaj brez DDV",
    "tax": "Davek",
    "vat": "DDV",
    "total": "Skupaj",
    "draft": "OSNUTEK",
    "void": "STORNIRANO",
    "discount": "Popust",
    "tax_rate": "Stopnja",
    "tax_base": "Osnova",
    "paid": "Plačano",
    "amount_due": "Za plačilo",
    "service_date": "Datum opravljene storitve",
    "refers_to": "Nanaša se na",
    "continued": "nadaljevanje",
    "notes": "Opombe",
    "payment_terms": "Plačilni pogoji",
    "payment": "Podatki za plačilo",
    "bank": "Banka",
    "iban": "IBAN",
    "bic": "BIC",
    "account": "Št. računa",
    "routing": "Številka ABA",
    "sort_code": "Sort code",
    "reference": "Sklic",
    "page": "Stran {page} od {pages}",
    "payment_instructions": "Prosimo, plačajte {amount} na {account}, sklic {reference}.",
    "sample": "VZOREC",
    "approximate": "Približen predogled: PDF iz Space Invoices se lahko v podrobnostih "
                   "razlikuje.",
    "head_office": "Sedež",
    "your_company": "Vaše podjetje",
    "sample_customer": "Vzorčna stranka d.o.o.",
    "line_bookkeeping": "Računovodske storitve, mesečno",
    "line_advisory": "Svetovanje",
    "unit_piece": "kos",
    "unit_hour": "h",
}

_DE: dict[str, str] = {
    "invoice": "Rechnung",
    "estimate": "Angebot",
    "credit_note": "Gutschrift",
    "advance_invoice": "Anzahlungsrechnung",
    "delivery_note": "Lieferschein",
    "bill_to": "Rechnungsempfänger",
    "number": "Nummer",
    "date": "Datum",
    "due_date": "Fällig am",
    "valid_until": "Gültig bis",
    "tax_number": "USt-IdNr.",
    "description": "Bezeichnung",
    "quantity": "Menge",
    "price": "Einzelpreis",
    "amount": "Betrag",
    "subtotal": "Nettobetrag",
    "tax": "Steuer",
    "vat": "USt.",
    "total": "Gesamtbetrag",
    "draft": "ENTWURF",
    "void": "STORNIERT",
    "discount": "Rabatt",
    "tax_rate": "Satz",
    "tax_base": "Netto",
    "paid": "Bezahlt",
    "amount_due": "Offener Betrag",
    "service_date": "Leistungsdatum",
    "refers_to": "Bezieht sich auf",
    "continued": "Fortsetzung",
    "notes": "Anmerkungen",
    "payment_terms": "Zahlungsbedingungen",
    "payment": "Bankverbindung",
    "bank": "Bank",
    "iban": "IBAN",
    "bic": "BIC",
    "account": "Kontonummer",
    "routing": "ABA-Routingnummer",
    "sort_code": "Sort Code",
    "reference": "Zahlungsreferenz",
    "page": "Seite {page} von {pages}",
    "payment_instructions": "Bitte überweisen Sie {amount} auf {account}, "
                            "Zahlungsreferenz {reference}.",
    "sample": "MUSTER",
    "approximate": "Ungefähre Vorschau: Das PDF von Space Invoices kann im Detail abweichen.",
    "head_office": "Hauptsitz",
    "your_company": "Ihr Unternehmen",
    "sample_customer": "Musterkunde GmbH",
    "line_bookkeeping": "Buchhaltung, monatlich",
    "line_advisory": "Beratung",
    "unit_piece": "Stk.",
    "unit_hour": "Std.",
}

_HR: dict[str, str] = {
    "invoice": "Račun",
    "estimate": "Ponuda",
    "credit_note": "Odobrenje",
    "advance_invoice": "Račun za predujam",
    "delivery_note": "Otpremnica",
    "bill_to": "Kupac",
    "number": "Broj",
    "date": "Datum izdavanja",
    "due_date": "Datum dospijeća",
    "valid_until": "Vrijedi do",
    "tax_number": "OIB",
    "description": "Opis",
    "quantity": "Količina",
    "price": "Cijena",
    "amount": "Iznos",
    "subtotal": "Ukupno bez PDV-a",
    "tax": "Porez",
    "vat": "PDV",
    "total": "Ukupno",
    "draft": "NACRT",
    "void": "STORNIRANO",
    "discount": "Popust",
    "tax_rate": "Stopa",
    "tax_base": "Osnovica",
    "paid": "Plaćeno",
    "amount_due": "Za platiti",
    "service_date": "Datum isporuke",
    "refers_to": "Odnosi se na",
    "continued": "nastavak",
    "notes": "Napomene",
    "payment_terms": "Uvjeti plaćanja",
    "payment": "Podaci za plaćanje",
    "bank": "Banka",
    "iban": "IBAN",
    "bic": "BIC",
    "account": "Broj računa",
    "routing": "ABA broj",
    "sort_code": "Sort code",
    "reference": "Poziv na broj",
    "page": "Stranica {page} od {pages}",
    "payment_instructions": "Molimo uplatite {amount} na {account}, poziv na broj "
                            "{reference}.",
    "sample": "UZORAK",
    "approximate": "Približan pregled: PDF iz Space Invoicesa može se razlikovati u "
                   "pojedinostima.",
    "head_office": "Sjedište",
    "your_company": "Vaša tvrtka",
    "sample_customer": "Ogledni kupac d.o.o.",
    "line_bookkeeping": "Knjigovodstvene usluge, mjesečno",
    "line_advisory": "Savjetovanje",
    "unit_piece": "kom",
    "unit_hour": "h",
}

_IT: dict[str, str] = {
    "invoice": "Fattura",
    "estimate": "Preventivo",
    "credit_note": "Nota di credito",
    "advance_invoice": "Fattura di acconto",
    "delivery_note": "Documento di trasporto",
    "bill_to": "Cliente",
    "number": "Numero",
    "date": "Data",
    "due_date": "Scadenza",
    "valid_until": "Valido fino al",
    "tax_number": "P. IVA",
    "description": "Descrizione",
    "quantity": "Q.tà",
    "price": "Prezzo",
    "amount": "Importo",
    "subtotal": "Imponibile",
    "tax": "Imposta",
    "vat": "IVA",
    "total": "Totale",
    "draft": "BOZZA",
    "void": "ANNULLATO",
    "discount": "Sconto",
    "tax_rate": "Aliquota",
    "tax_base": "Imponibile",
    "paid": "Pagato",
    "amount_due": "Da pagare",
    "service_date": "Data della prestazione",
    "refers_to": "Riferito a",
    "continued": "segue",
    "notes": "Note",
    "payment_terms": "Condizioni di pagamento",
    "payment": "Coordinate bancarie",
    "bank": "Banca",
    "iban": "IBAN",
    "bic": "BIC",
    "account": "Conto",
    "routing": "Codice ABA",
    "sort_code": "Sort code",
    "reference": "Causale",
    "page": "Pagina {page} di {pages}",
    "payment_instructions": "Si prega di versare {amount} su {account}, causale "
                            "{reference}.",
    "sample": "FAC-SIMILE",
    "approximate": "Anteprima approssimativa: il PDF di Space Invoices può differire nei "
                   "dettagli.",
    "head_office": "Sede",
    "your_company": "La vostra azienda",
    "sample_customer": "Cliente Esempio S.r.l.",
    "line_bookkeeping": "Servizi di contabilità, mensili",
    "line_advisory": "Consulenza",
    "unit_piece": "pz",
    "unit_hour": "h",
}

_FR: dict[str, str] = {
    "invoice": "Facture",
    "estimate": "Devis",
    "credit_note": "Avoir",
    "advance_invoice": "Facture d'acompte",
    "delivery_note": "Bon de livraison",
    "bill_to": "Facturé à",
    "number": "Numéro",
    "date": "Date",
    "due_date": "Échéance",
    "valid_until": "Valable jusqu'au",
    "tax_number": "N° TVA",
    "description": "Désignation",
    "quantity": "Qté",
    "price": "Prix unitaire",
    "amount": "Montant",
    "subtotal": "Total HT",
    "tax": "Taxe",
    "vat": "TVA",
    "total": "Total TTC",
    "draft": "BROUILLON",
    "void": "ANNULÉ",
    "discount": "Remise",
    "tax_rate": "Taux",
    "tax_base": "Base HT",
    "paid": "Payé",
    "amount_due": "Reste à payer",
    "service_date": "Date de prestation",
    "refers_to": "Se rapporte à",
    "continued": "suite",
    "notes": "Remarques",
    "payment_terms": "Conditions de paiement",
    "payment": "Coordonnées bancaires",
    "bank": "Banque",
    "iban": "IBAN",
    "bic": "BIC",
    "account": "Compte",
    "routing": "Code ABA",
    "sort_code": "Sort code",
    "reference": "Référence",
    "page": "Page {page} sur {pages}",
    "payment_instructions": "Merci de régler {amount} sur le compte {account}, référence "
                            "{reference}.",
    "sample": "SPÉCIMEN",
    "approximate": "Aperçu approximatif : le PDF de Space Invoices peut différer dans le "
                   "détail.",
    "head_office": "Siège",
    "your_company": "Votre entreprise",
    "sample_customer": "Client Exemple SARL",
    "line_bookkeeping": "Tenue de comptabilité, mensuelle",
    "line_advisory": "Conseil",
    "unit_piece": "u.",
    "unit_hour": "h",
}

_JA: dict[str, str] = {
    "invoice": "請求書",
    "estimate": "見積書",
    "credit_note": "返還請求書",
    "advance_invoice": "前受金請求書",
    "delivery_note": "納品書",
    "bill_to": "請求先",
    "number": "番号",
    "date": "発行日",
    "due_date": "お支払期限",
    "valid_until": "有効期限",
    "tax_number": "登録番号",
    "description": "品目",
    "quantity": "数量",
    "price": "単価",
    "amount": "金額",
    "subtotal": "小計",
    "tax": "税",
    "vat": "消費税",
    "total": "合計",
    "draft": "下書き",
    "void": "無効",
    "discount": "値引き",
    "tax_rate": "税率",
    "tax_base": "課税対象額",
    "paid": "お支払済額",
    "amount_due": "ご請求残高",
    "service_date": "役務提供日",
    "refers_to": "対象書類",
    "continued": "続き",
    "notes": "備考",
    "payment_terms": "支払条件",
    "payment": "お振込先",
    "bank": "銀行",
    "iban": "IBAN",
    "bic": "BIC",
    "account": "口座番号",
    "routing": "ABAルーティング番号",
    "sort_code": "ソートコード",
    "reference": "参照番号",
    "page": "{page} / {pages} ページ",
    "payment_instructions": "{amount}を{account}へお振込みください（参照番号：{reference}）。",
    "sample": "見本",
    "approximate": "おおよそのプレビューです。"
                   "Space Invoices の PDF とは細部が異なる場合があります。",
    "head_office": "本社",
    "your_company": "貴社名",
    "sample_customer": "見本商事株式会社",
    "line_bookkeeping": "記帳代行（月額）",
    "line_advisory": "コンサルティング",
    "unit_piece": "式",
    "unit_hour": "時間",
}

WORDS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "en": _EN, "sl": _SL, "de": _DE, "hr": _HR, "it": _IT, "fr": _FR, "ja": _JA,
})
"""Every language's words, by ISO 639-1 code."""

REGIONAL: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "de-AT": {"tax_number": "UID-Nr."},
    "de-CH": {"tax_number": "MWST-Nr.", "vat": "MWST", "sample_customer": "Musterkunde AG"},
    "en-US": {"tax_number": "Tax ID", "vat": "Sales tax", "sample_customer":
              "Sample Customer Inc."},
})
"""Words a region writes its own way, on top of its language's (keys: `language-REGION`)."""


def _parts(locale: object) -> tuple[str, str]:
    """(language, "language-REGION") of an API locale; ("", "") when it is not one."""
    if not isinstance(locale, str):
        return "", ""
    parts = locale.strip().replace("_", "-").split("-")
    language = parts[0].lower()
    region = next((part.upper() for part in parts[1:] if len(part) == 2 and part.isalpha()),
                  "")
    return language, f"{language}-{region}" if region else language


def document_language(locale: object) -> str:
    """The language whose words a client's documents carry: the locale's own when there
    are words for it, else English."""
    language, _ = _parts(locale)
    return language if language in WORDS else FALLBACK_LANGUAGE


def words_for(locale: object) -> Mapping[str, str]:
    """Every document word for a client's locale (`sl-SI`, `de_AT`, …): the regional words,
    then the language's, then English for a language there are no words for."""
    language, regional = _parts(locale)
    words = dict(WORDS.get(language, WORDS[FALLBACK_LANGUAGE]))
    words.update(REGIONAL.get(regional, {}))
    return MappingProxyType(words)


def title(doc_type: str, locale: object) -> str:
    """A document type's title (`Račun` for an invoice in sl-SI); an unknown type is
    called an invoice."""
    words = words_for(locale)
    return words[doc_type] if doc_type in DOCUMENT_TYPES else words["invoice"]
