"""Our own codes and the predefined SAF-T Cash Register codes they map to (the Tax
Administration's code lists: BasicType 04 article groups, 11 transaction types, 12 payment means,
13 events). The journal, the reports and the SAF-T export all read them from here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    basic_id: str  # our own code, as it appears in the SAF-T file
    predefined: str  # the Tax Administration's code
    text_nb: str
    text_en: str


# Journal events: the audit action that records each, and its 13xxx code. Every one of these
# actions is journaled whatever the settings say; there is no switch.
EVENTS: dict[str, Code] = {
    "app.start": Code("POSSTART", "13001", "Oppstart av kasseprogram", "Application start"),
    "app.stop": Code("POSEND", "13002", "Avslutning av kasseprogram", "Application stop"),
    "operator.login": Code("EMPIN", "13003", "Pålogging", "Operator log in"),
    "operator.logout": Code("EMPOUT", "13004", "Avlogging", "Operator log out"),
    "drawer.open": Code("DRAWOPEN", "13005", "Kasseskuff åpnet", "Drawer opened"),
    "drawer.close": Code("DRAWCLOSE", "13006", "Kasseskuff lukket", "Drawer closed"),
    "software.update": Code("UPDATE", "13007", "Oppdatering av programvare", "Software update"),
    "report.x": Code("XREP", "13008", "X-rapport", "X report"),
    "report.z": Code("ZREP", "13009", "Z-rapport", "Z report"),
    "sale.suspend": Code("SUSPEND", "13010", "Parkering av kvittering", "Sale suspended"),
    "sale.resume": Code("RESUME", "13011", "Henting av parkert kvittering", "Sale resumed"),
    "receipt.sale": Code("SALREC", "13012", "Salgskvittering", "Sales receipt"),
    "receipt.return": Code("RETREC", "13013", "Returkvittering", "Return receipt"),
    "receipt.copy": Code("COPYREC", "13014", "Kopi av kvittering", "Receipt copy"),
    "receipt.provisional": Code("PROVREC", "13015", "Foreløpig kvittering", "Provisional receipt"),
    "receipt.delivery": Code("DELREC", "13016", "Utleveringskvittering", "Delivery receipt"),
    "receipt.training": Code("TRAINREC", "13017", "Treningskvittering", "Training receipt"),
    "report.other": Code("OTHERREP", "13018", "Andre rapporter eller kvitteringer", "Other reports or receipts"),
    "receipt.printed_late": Code("RECPRINT", "13018", "Kvittering skrevet ut senere", "Receipt printed later"),
    "journal.export": Code("JOURNALEXP", "13020", "Eksport av journal", "Journal export"),
    "price.change": Code("PRICECHANGE", "13021", "Prisendring", "Price change"),
    "price.lookup": Code("PRICELOOKUP", "13022", "Prisforespørsel", "Price look-up"),
    "training.on": Code("TRAINON", "13023", "Treningsmodus på", "Training mode on"),
    "training.off": Code("TRAINOFF", "13024", "Treningsmodus av", "Training mode off"),
    "receipt.void": Code("VOIDREC", "13028", "Annulleringskvittering", "Void receipt"),
    # Line corrections before a sale is concluded: counted on the X/Z and in SAF-T (reportCorrLines).
    "basket.line_removed": Code("LINEREMOVE", "13999", "Linjekorreksjon: linje fjernet", "Line correction: line removed"),
    "basket.cleared": Code("BASKETCLEAR", "13999", "Linjekorreksjon: salget tømt", "Line correction: sale cleared"),
    "saft.key": Code("SAFTKEY", "13999", "Ny versjon av signeringsnøkkel (SAF-T)", "New SAF-T signing key version"),
    "receipt.not_printed": Code("NOPRINT", "13030", "Salg fullført uten utskrift av kvittering",
                                "Sale concluded without a printed receipt"),
}
# A drawer opened without a sale is DRAWOPEN with no transaction; SAF-T's own example calls it
# DRAWOPENMAN. It keeps code 13005 (the list has no code of its own for it).
DRAWER_NO_SALE = Code("DRAWOPENMAN", "13005", "Kasseskuff åpnet uten salg", "Drawer opened without a sale")

# Payment means. A face payment draws on the shopper's bank account through the bank's API: 12004.
PAYMENTS: dict[str, Code] = {
    "cash": Code("CASH", "12001", "Kontant", "Cash"),
    "card": Code("CARD", "12002", "Bankkort", "Debit card"),
    "face": Code("FACEPAY", "12004", "FacePay (bankkonto)", "FacePay (bank account)"),
}

# Transaction types.
TRANSACTIONS: dict[str, Code] = {
    "sale": Code("CASHSAL", "11001", "Kontantsalg", "Cash sale"),
    "return": Code("RETURNSAL", "11006", "Retur", "Return"),
    "void": Code("VOIDSAL", "11009", "Annullering", "Void (correction)"),
    "training": Code("TRAINSAL", "11999", "Treningssalg", "Training sale"),
}

# Article groups a line can belong to (BasicType 04).
GROUPS: dict[str, Code] = {
    "goods": Code("GOODS", "04003", "Varesalg", "Goods"),
    "food": Code("FOOD", "04006", "Mat", "Food"),
    "drinks": Code("DRINKS", "04011", "Mineralvann", "Soft drinks"),
    "other_drinks": Code("DRINKOTH", "04012", "Annen drikke", "Other drinks"),
    "tobacco": Code("TOBACCO", "04013", "Tobakk", "Tobacco"),
    "other": Code("OTHER", "04014", "Andre varer", "Other goods"),
}
DEFAULT_GROUP = "goods"

# Line types (BasicType 05), own codes only.
LINE_TYPES = {"sale": "SAL", "return": "RET", "void": "VOID", "training": "TRAIN"}

# VAT rates: our vatCode -> (rate, the Tax Administration's standard VAT code for output VAT).
VAT_CODES: dict[int, tuple[str, str]] = {25: ("3", "3"), 15: ("31", "31"), 12: ("33", "33"), 0: ("5", "5")}
