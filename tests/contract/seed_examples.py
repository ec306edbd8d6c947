# ruff: noqa: E501  (the examples are kept verbatim, long lines and all)
"""The JSON examples of the seed documents, copied verbatim: 003 (Entities reference) and
004 (Business Units reference). The contract suite creates records shaped like them and reads
them back."""

from __future__ import annotations

from typing import Any

# seed 003, "The Entitie object" example (also the list and get examples)
ENTITY_EXAMPLE: dict[str, Any] = {
    "id": "ent_7595a27b5d35015c3ef0c3fe",
    "name": "Space Invoices d.o.o.",
    "address": "Tehnološki park 24",
    "address_2": "Building A",
    "post_code": "1000",
    "city": "Ljubljana",
    "state": None,
    "country": "Slovenia",
    "country_code": "SI",
    "currency_code": "EUR",
    "locale": "sl-SI",
    "tax_number": "SI12345678",
    "tax_number_2": None,
    "company_number": "1234567000",
    "email": None,
    "website": None,
    "environment": "live",
    "is_tax_subject": True,
    "is_enabled": True,
    "settings": {
        "number_formats": {
            "invoice": "{yyyy}-{nnnnn}",
            "estimate": "{yyyy}-{nnnnn}",
            "credit_note": "CN-{yyyy}-{nnnnn}",
            "delivery_note": "DN-{yyyy}-{nnnnn}"
        },
        "email_defaults": {
            "invoice_subject": "Račun {document_number} od {entity_name}",
            "invoice_body": "V priponki vam pošiljamo račun {document_number}.\nRok plačila: {document_due_date}.",
            "estimate_subject": "Predračun {document_number} od {entity_name}",
            "estimate_body": "V priponki vam pošiljamo predračun {document_number}.\nVelja do: {document_valid_until}.",
            "credit_note_subject": "Dobropis {document_number} od {entity_name}",
            "credit_note_body": "V priponki vam pošiljamo dobropis {document_number}.",
            "advance_invoice_subject": "Avansni račun {document_number} od {entity_name}",
            "advance_invoice_body": "V priponki vam pošiljamo avansni račun {document_number}.",
            "delivery_note_subject": "Dobavnica {document_number} od {entity_name}",
            "delivery_note_body": "V priponki vam pošiljamo dobavnico {document_number}."
        },
        "default_invoice_due_days": 30,
        "default_invoice_payment_terms": None,
        "default_estimate_valid_days": 30,
        "document_footer": "{entity_name}",
        "default_document_signature": "{entity_name}",
        "overdue_notifications": {
            "enabled": False,
            "threshold_days": [
                7,
                14,
                30
            ],
            "email_subject": "Opomin za plačilo od {entity_name}",
            "email_body": "To je opomnik glede zapadlih računov od {entity_name}.\n\n{invoice_list}\n\nProsimo, preverite odprte obveznosti in uredite plačilo."
        },
        "tax_rules": {
            "eu": {
                "vies_validate_vat": True,
                "auto_reverse_charge": False,
                "auto_remove_tax_export": False,
                "require_gross_prices": False
            }
        },
        "tax_clause_defaults": {
            "intra_eu_b2b": "46. člen ZDDV-1",
            "3w_b2b": "52. člen ZDDV-1",
            "3w_b2c": "52. člen ZDDV-1"
        }
    },
    "account_id": "acc_6595a27b5d35015c3ef0c3fd",
    "metadata": {
        "industry": "Technology",
        "size": "Medium"
    },
    "country_rules": {
        "max_taxes_per_item": 1,
        "features": [
            "tax_clause_defaults",
            "epc_qr",
            "furs",
            "eslog",
            "upn_qr",
            "kir_report",
            "si_yearly_tax_report"
        ]
    },
    "created_at": "2024-01-01T00:00:00.000Z",
    "updated_at": "2024-09-01T00:00:00.000Z"
}

# seed 003, the answer to `POST /entities {"name": "Starward Equipment Co.",
# "country": "United States"}`
CREATED_US_ENTITY_EXAMPLE: dict[str, Any] = {
    "id": "ent_6595a27b5d35015c3ef0c3fd",
    "name": "Starward Equipment Co.",
    "address": None,
    "address_2": None,
    "post_code": None,
    "city": None,
    "state": None,
    "country": "United States",
    "country_code": "US",
    "currency_code": "USD",
    "locale": "en-US",
    "tax_number": None,
    "tax_number_2": None,
    "company_number": None,
    "email": None,
    "website": None,
    "environment": "live",
    "is_tax_subject": True,
    "is_enabled": True,
    "settings": {
        "number_formats": {
            "invoice": "{yyyy}-{nnnnn}",
            "estimate": "{yyyy}-{nnnnn}",
            "credit_note": "CN-{yyyy}-{nnnnn}",
            "delivery_note": "DN-{yyyy}-{nnnnn}"
        },
        "email_defaults": {
            "invoice_subject": "Invoice {document_number} from {entity_name}",
            "invoice_body": "Please find invoice {document_number} attached.\nDue date: {document_due_date}.",
            "estimate_subject": "Estimate {document_number} from {entity_name}",
            "estimate_body": "Please find estimate {document_number} attached.\nValid until: {document_valid_until}.",
            "credit_note_subject": "Credit note {document_number} from {entity_name}",
            "credit_note_body": "Please find credit note {document_number} attached.",
            "advance_invoice_subject": "Advance invoice {document_number} from {entity_name}",
            "advance_invoice_body": "Please find advance invoice {document_number} attached.",
            "delivery_note_subject": "Delivery note {document_number} from {entity_name}",
            "delivery_note_body": "Please find delivery note {document_number} attached."
        },
        "default_invoice_due_days": 30,
        "default_invoice_payment_terms": None,
        "default_estimate_valid_days": 30,
        "document_footer": "{entity_name}",
        "default_document_signature": "{entity_name}",
        "overdue_notifications": {
            "enabled": False,
            "threshold_days": [
                7,
                14,
                30
            ],
            "email_subject": "Payment reminder from {entity_name}",
            "email_body": "This is a reminder about overdue invoices from {entity_name}.\n\n{invoice_list}\n\nPlease review the outstanding balance and arrange payment."
        },
        "tax_rules": None
    },
    "account_id": "acc_6595a27b5d35015c3ef0c3fd",
    "metadata": {},
    "country_rules": {
        "max_taxes_per_item": 3,
        "features": []
    },
    "created_at": "2024-01-01T00:00:00.000Z",
    "updated_at": "2024-09-01T00:00:00.000Z"
}

# seed 004, "The Business Unit object" example
UNIT_EXAMPLE: dict[str, Any] = {
    "id": "unit_7595a27b5d35015c3ef0c3fe",
    "entity_id": "ent_6595a27b5d35015c3ef0c3fd",
    "name": "Ljubljana Store",
    "address": "Dunajska cesta 15",
    "address_2": "Floor 2",
    "post_code": "1000",
    "city": "Ljubljana",
    "state": "Ljubljana",
    "country": "Slovenia",
    "country_code": "SI",
    "email": "ljubljana@example.com",
    "phone": "+386 1 234 56 78",
    "website": "https://ljubljana.example.com",
    "settings": {
        "pdf_template": "modern",
        "primary_color": "#1D4ED8",
        "logo_scale_percent": 110,
        "default_invoice_note": "Issued by {entity_name} / {unit_name}",
        "default_invoice_payment_terms": "Payment due in 15 days.",
        "document_footer": "Questions? Contact {entity_email}.",
        "default_document_signature": "Ljubljana Store team",
        "bank_accounts": [
            {
                "id": "ba_6595a27b5d35015c3ef0c3fd",
                "iban": "SI56020170014356205",
                "bic": "LJBASI2X",
                "bank_name": "NLB d.d.",
                "name": "Ljubljana Store Account",
                "is_default": True
            }
        ],
        "delivery_note_hide_prices": False,
        "credit_note_negative_values": True,
        "show_payment_amounts": True,
        "email_defaults": {
            "invoice": {
                "subject": "Invoice {document_number} from {entity_name}",
                "body": "Hello {customer_name},\n\nPlease find your invoice attached."
            }
        }
    },
    "numbering_index": 2,
    "logo_file_id": "file_6595a27b5d35015c3ef0c3ff",
    "signature_file_id": "file_8595a27b5d35015c3ef0c400",
    "is_active": True,
    "created_at": "2024-01-01T00:00:00.000Z",
    "updated_at": "2024-09-01T00:00:00.000Z",
    "deleted_at": None
}
