"""Countries a client business may be registered in: English name, ISO 3166-1 alpha-2 code,
ISO 4217 currency and a locale, for the "New client" form.

The server derives the code, currency and locale from the country name itself; this table
lets the form show what it will most likely derive before anything is sent. Kept as plain
data so a reviewer can check every row at a glance.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Country:
    """One row of the table; `aliases` are other English names people type for it."""

    name: str
    code: str
    currency: str
    locale: str
    aliases: tuple[str, ...] = ()


_ROWS: tuple[Country, ...] = (
    # Europe
    Country("Albania", "AL", "ALL", "sq-AL"),
    Country("Andorra", "AD", "EUR", "ca-AD"),
    Country("Armenia", "AM", "AMD", "hy-AM"),
    Country("Austria", "AT", "EUR", "de-AT"),
    Country("Azerbaijan", "AZ", "AZN", "az-AZ"),
    Country("Belarus", "BY", "BYN", "be-BY"),
    Country("Belgium", "BE", "EUR", "nl-BE"),
    Country("Bosnia and Herzegovina", "BA", "BAM", "bs-BA", ("Bosnia",)),
    Country("Bulgaria", "BG", "EUR", "bg-BG"),
    Country("Croatia", "HR", "EUR", "hr-HR"),
    Country("Cyprus", "CY", "EUR", "el-CY"),
    Country("Czechia", "CZ", "CZK", "cs-CZ", ("Czech Republic",)),
    Country("Denmark", "DK", "DKK", "da-DK"),
    Country("Estonia", "EE", "EUR", "et-EE"),
    Country("Finland", "FI", "EUR", "fi-FI"),
    Country("France", "FR", "EUR", "fr-FR"),
    Country("Georgia", "GE", "GEL", "ka-GE"),
    Country("Germany", "DE", "EUR", "de-DE"),
    Country("Greece", "GR", "EUR", "el-GR"),
    Country("Hungary", "HU", "HUF", "hu-HU"),
    Country("Iceland", "IS", "ISK", "is-IS"),
    Country("Ireland", "IE", "EUR", "en-IE"),
    Country("Italy", "IT", "EUR", "it-IT"),
    Country("Kosovo", "XK", "EUR", "sq-XK"),
    Country("Latvia", "LV", "EUR", "lv-LV"),
    Country("Liechtenstein", "LI", "CHF", "de-LI"),
    Country("Lithuania", "LT", "EUR", "lt-LT"),
    Country("Luxembourg", "LU", "EUR", "fr-LU"),
    Country("Malta", "MT", "EUR", "mt-MT"),
    Country("Moldova", "MD", "MDL", "ro-MD"),
    Country("Monaco", "MC", "EUR", "fr-MC"),
    Country("Montenegro", "ME", "EUR", "sr-ME"),
    Country("Netherlands", "NL", "EUR", "nl-NL", ("The Netherlands", "Holland")),
    Country("North Macedonia", "MK", "MKD", "mk-MK", ("Macedonia",)),
    Country("Norway", "NO", "NOK", "nb-NO"),
    Country("Poland", "PL", "PLN", "pl-PL"),
    Country("Portugal", "PT", "EUR", "pt-PT"),
    Country("Romania", "RO", "RON", "ro-RO"),
    Country("Russia", "RU", "RUB", "ru-RU", ("Russian Federation",)),
    Country("San Marino", "SM", "EUR", "it-SM"),
    Country("Serbia", "RS", "RSD", "sr-RS"),
    Country("Slovakia", "SK", "EUR", "sk-SK", ("Slovak Republic",)),
    Country("Slovenia", "SI", "EUR", "sl-SI"),
    Country("Spain", "ES", "EUR", "es-ES"),
    Country("Sweden", "SE", "SEK", "sv-SE"),
    Country("Switzerland", "CH", "CHF", "de-CH"),
    Country("Turkey", "TR", "TRY", "tr-TR", ("Türkiye", "Turkiye")),
    Country("Ukraine", "UA", "UAH", "uk-UA"),
    Country("United Kingdom", "GB", "GBP", "en-GB", ("UK", "Great Britain", "Britain", "England")),
    Country("Vatican City", "VA", "EUR", "it-VA", ("Holy See",)),
    # The Americas
    Country("Argentina", "AR", "ARS", "es-AR"),
    Country("Brazil", "BR", "BRL", "pt-BR"),
    Country("Canada", "CA", "CAD", "en-CA"),
    Country("Chile", "CL", "CLP", "es-CL"),
    Country("Colombia", "CO", "COP", "es-CO"),
    Country("Costa Rica", "CR", "CRC", "es-CR"),
    Country("Mexico", "MX", "MXN", "es-MX"),
    Country("Peru", "PE", "PEN", "es-PE"),
    Country(
        "United States",
        "US",
        "USD",
        "en-US",
        ("USA", "US", "United States of America", "America"),
    ),
    Country("Uruguay", "UY", "UYU", "es-UY"),
    # Asia and the Middle East
    Country("Bangladesh", "BD", "BDT", "bn-BD"),
    Country("China", "CN", "CNY", "zh-CN"),
    Country("Hong Kong", "HK", "HKD", "zh-HK"),
    Country("India", "IN", "INR", "en-IN"),
    Country("Indonesia", "ID", "IDR", "id-ID"),
    Country("Israel", "IL", "ILS", "he-IL"),
    Country("Japan", "JP", "JPY", "ja-JP"),
    Country("Kazakhstan", "KZ", "KZT", "kk-KZ"),
    Country("Malaysia", "MY", "MYR", "ms-MY"),
    Country("Pakistan", "PK", "PKR", "ur-PK"),
    Country("Philippines", "PH", "PHP", "en-PH"),
    Country("Qatar", "QA", "QAR", "ar-QA"),
    Country("Saudi Arabia", "SA", "SAR", "ar-SA"),
    Country("Singapore", "SG", "SGD", "en-SG"),
    Country("South Korea", "KR", "KRW", "ko-KR", ("Korea", "Republic of Korea")),
    Country("Taiwan", "TW", "TWD", "zh-TW"),
    Country("Thailand", "TH", "THB", "th-TH"),
    Country("United Arab Emirates", "AE", "AED", "ar-AE", ("UAE",)),
    Country("Vietnam", "VN", "VND", "vi-VN", ("Viet Nam",)),
    # Africa
    Country("Egypt", "EG", "EGP", "ar-EG"),
    Country("Ghana", "GH", "GHS", "en-GH"),
    Country("Kenya", "KE", "KES", "en-KE"),
    Country("Morocco", "MA", "MAD", "ar-MA"),
    Country("Nigeria", "NG", "NGN", "en-NG"),
    Country("South Africa", "ZA", "ZAR", "en-ZA"),
    Country("Tunisia", "TN", "TND", "ar-TN"),
    # Oceania
    Country("Australia", "AU", "AUD", "en-AU"),
    Country("New Zealand", "NZ", "NZD", "en-NZ"),
)

COUNTRIES: tuple[Country, ...] = tuple(sorted(_ROWS, key=lambda country: country.name))
"""Every country in the table, sorted by English name for a drop-down."""

_BY_CODE = {country.code: country for country in COUNTRIES}
_BY_NAME = {
    name.casefold(): country for country in COUNTRIES for name in (country.name, *country.aliases)
}


def by_name(name: str) -> Country | None:
    """The country with this English name or a common alias, ignoring case and spaces."""
    return _BY_NAME.get(" ".join(name.split()).casefold())


def by_code(code: str) -> Country | None:
    """The country with this ISO 3166-1 alpha-2 code, ignoring case."""
    return _BY_CODE.get(code.strip().upper())


def names() -> list[str]:
    """The English names in table order, for the "New client" country list."""
    return [country.name for country in COUNTRIES]
