#!/usr/bin/env python3
"""Writes LeadRouting.Tests/Core/Routing/Matching/account-pairs.csv: the labelled set the account matcher is evaluated on.

Run once and committed (issue 19); the labels come from the lists below, written by hand, never from the matcher.
label 1: the lead belongs to the account's company (legal-form, spelling, umlaut, abbreviation, country-organisation
variants, the company's own subdomains). label 0: another company (near misses such as Siemens vs Siemens Energy,
separately run subsidiaries with their own name, different companies with similar names or similar domains).
Deterministic: a fixed seed, so running it again writes the same file.
"""
import csv
import random
import sys

random.seed(19)

# (official name, country, domain, short name as people write it)
COMPANIES = [
    ("Siemens AG", "DE", "siemens.com", "Siemens"),
    ("Deutsche Bank AG", "DE", "db.com", "Deutsche Bank"),
    ("Deutsche Bahn AG", "DE", "deutschebahn.com", "Deutsche Bahn"),
    ("Deutsche Telekom AG", "DE", "telekom.de", "Deutsche Telekom"),
    ("Deutsche Post AG", "DE", "dpdhl.com", "Deutsche Post"),
    ("Deutsche Börse AG", "DE", "deutsche-boerse.com", "Deutsche Börse"),
    ("Deutsche Lufthansa AG", "DE", "lufthansa.com", "Lufthansa"),
    ("Bayer AG", "DE", "bayer.com", "Bayer"),
    ("BASF SE", "DE", "basf.com", "BASF"),
    ("Henkel AG & Co. KGaA", "DE", "henkel.com", "Henkel"),
    ("Merck KGaA", "DE", "merckgroup.com", "Merck"),
    ("Robert Bosch GmbH", "DE", "bosch.com", "Bosch"),
    ("Continental AG", "DE", "continental.com", "Continental"),
    ("Volkswagen AG", "DE", "volkswagen.de", "Volkswagen"),
    ("Porsche AG", "DE", "porsche.com", "Porsche"),
    ("Mercedes-Benz Group AG", "DE", "mercedes-benz.com", "Mercedes-Benz"),
    ("Bayerische Motoren Werke AG", "DE", "bmwgroup.com", "Bayerische Motoren Werke"),
    ("Allianz SE", "DE", "allianz.com", "Allianz"),
    ("Münchener Rückversicherungs-Gesellschaft AG", "DE", "munichre.com", "Münchener Rück"),
    ("SAP SE", "DE", "sap.com", "SAP"),
    ("Infineon Technologies AG", "DE", "infineon.com", "Infineon Technologies"),
    ("thyssenkrupp AG", "DE", "thyssenkrupp.com", "thyssenkrupp"),
    ("Rohde & Schwarz GmbH & Co. KG", "DE", "rohde-schwarz.com", "Rohde & Schwarz"),
    ("Würth Elektronik GmbH & Co. KG", "DE", "we-online.com", "Würth Elektronik"),
    ("Müller Weingarten AG", "DE", "mueller-weingarten.de", "Müller Weingarten"),
    ("Dr. Oetker GmbH", "DE", "oetker.de", "Dr. Oetker"),
    ("Haribo GmbH & Co. KG", "DE", "haribo.com", "Haribo"),
    ("Zahnradfabrik Friedrichshafen AG", "DE", "zf.com", "Zahnradfabrik Friedrichshafen"),
    ("Schaeffler AG", "DE", "schaeffler.com", "Schaeffler"),
    ("Knorr-Bremse AG", "DE", "knorr-bremse.com", "Knorr-Bremse"),
    ("Heidelberger Druckmaschinen AG", "DE", "heidelberg.com", "Heidelberger Druckmaschinen"),
    ("Fielmann AG", "DE", "fielmann.de", "Fielmann"),
    ("Dürr AG", "DE", "durr.com", "Dürr"),
    ("Körber AG", "DE", "koerber.com", "Körber"),
    ("Süßwarenfabrik Böhme GmbH", "DE", "boehme-suesswaren.de", "Süßwarenfabrik Böhme"),
    ("Gebrüder Weiß GmbH", "AT", "gw-world.com", "Gebrüder Weiss"),
    ("Österreichische Post AG", "AT", "post.at", "Österreichische Post"),
    ("Voestalpine AG", "AT", "voestalpine.com", "Voestalpine"),
    ("Red Bull GmbH", "AT", "redbull.com", "Red Bull"),
    ("Swarovski AG", "AT", "swarovski.com", "Swarovski"),
    ("Nestlé S.A.", "CH", "nestle.com", "Nestlé"),
    ("Zürich Versicherungs-Gesellschaft AG", "CH", "zurich.ch", "Zürich Versicherung"),
    ("Schindler Holding AG", "CH", "schindler.com", "Schindler"),
    ("Lindt & Sprüngli AG", "CH", "lindt-spruengli.com", "Lindt & Sprüngli"),
    ("Bühler AG", "CH", "buhlergroup.com", "Bühler"),
    ("ABB Ltd", "CH", "abb.com", "ABB"),
    ("Koninklijke Philips N.V.", "NL", "philips.com", "Philips"),
    ("ASML Holding N.V.", "NL", "asml.com", "ASML"),
    ("Heineken N.V.", "NL", "heineken.com", "Heineken"),
    ("Wolters Kluwer N.V.", "NL", "wolterskluwer.com", "Wolters Kluwer"),
    ("Booking Holdings B.V.", "NL", "booking.com", "Booking"),
    ("Anheuser-Busch InBev SA/NV", "BE", "ab-inbev.com", "Anheuser-Busch InBev"),
    ("Solvay S.A.", "BE", "solvay.com", "Solvay"),
    ("L'Oréal S.A.", "FR", "loreal.com", "L'Oréal"),
    ("Société Générale S.A.", "FR", "societegenerale.com", "Société Générale"),
    ("Schneider Electric SE", "FR", "se.com", "Schneider Electric"),
    ("Compagnie de Saint-Gobain S.A.", "FR", "saint-gobain.com", "Saint-Gobain"),
    ("Dassault Systèmes SE", "FR", "3ds.com", "Dassault Systèmes"),
    ("Capgemini SE", "FR", "capgemini.com", "Capgemini"),
    ("Banco Santander S.A.", "ES", "santander.com", "Banco Santander"),
    ("Telefónica S.A.", "ES", "telefonica.com", "Telefónica"),
    ("Iberdrola S.A.", "ES", "iberdrola.com", "Iberdrola"),
    ("Enel S.p.A.", "IT", "enel.com", "Enel"),
    ("Pirelli & C. S.p.A.", "IT", "pirelli.com", "Pirelli"),
    ("Ferrero S.p.A.", "IT", "ferrero.com", "Ferrero"),
    ("Novo Nordisk A/S", "DK", "novonordisk.com", "Novo Nordisk"),
    ("A.P. Møller - Mærsk A/S", "DK", "maersk.com", "Maersk"),
    ("Vestas Wind Systems A/S", "DK", "vestas.com", "Vestas Wind Systems"),
    ("Volvo AB", "SE", "volvogroup.com", "Volvo"),
    ("Telefonaktiebolaget LM Ericsson", "SE", "ericsson.com", "Ericsson"),
    ("Nokia Oyj", "FI", "nokia.com", "Nokia"),
    ("Equinor ASA", "NO", "equinor.com", "Equinor"),
    ("Unilever PLC", "GB", "unilever.com", "Unilever"),
    ("Rolls-Royce Holdings plc", "GB", "rolls-royce.com", "Rolls-Royce"),
    ("Marks and Spencer Group plc", "GB", "marksandspencer.com", "Marks & Spencer"),
    ("Vodafone Group Plc", "GB", "vodafone.com", "Vodafone"),
    ("Reckitt Benckiser Group plc", "GB", "reckitt.com", "Reckitt Benckiser"),
    ("CD Projekt S.A.", "PL", "cdprojekt.com", "CD Projekt"),
    ("Škoda Auto a.s.", "CZ", "skoda-auto.com", "Škoda Auto"),
    ("OTP Bank Nyrt.", "HU", "otpbank.hu", "OTP Bank"),
    ("Krka d.d.", "SI", "krka.biz", "Krka"),
    ("Stadler Rail AG", "CH", "stadlerrail.com", "Stadler Rail"),
    ("Kühne + Nagel International AG", "CH", "kuehne-nagel.com", "Kühne + Nagel"),
    ("Hapag-Lloyd AG", "DE", "hapag-lloyd.com", "Hapag-Lloyd"),
    ("Südzucker AG", "DE", "suedzucker.de", "Südzucker"),
    ("Brenntag SE", "DE", "brenntag.com", "Brenntag"),
    ("Zalando SE", "DE", "zalando.de", "Zalando"),
    ("Beiersdorf AG", "DE", "beiersdorf.com", "Beiersdorf"),
    ("Carl Zeiss AG", "DE", "zeiss.com", "Carl Zeiss"),
    ("Trumpf GmbH + Co. KG", "DE", "trumpf.com", "Trumpf"),
    ("Festo SE & Co. KG", "DE", "festo.com", "Festo"),
    ("Vorwerk SE & Co. KG", "DE", "vorwerk.com", "Vorwerk"),
    ("Miele & Cie. KG", "DE", "miele.com", "Miele"),
    ("Stihl AG & Co. KG", "DE", "stihl.com", "Stihl"),
    ("Kärcher SE & Co. KG", "DE", "kaercher.com", "Kärcher"),
    ("Bertelsmann SE & Co. KGaA", "DE", "bertelsmann.com", "Bertelsmann"),
    ("Fresenius SE & Co. KGaA", "DE", "fresenius.com", "Fresenius"),
    ("Hornbach Baumarkt AG", "DE", "hornbach.de", "Hornbach Baumarkt"),
    ("Lidl Stiftung & Co. KG", "DE", "lidl.com", "Lidl"),
    ("Görtz GmbH", "DE", "goertz.de", "Görtz"),
]

ENTITY_LEGAL_ALTERNATIVES = {
    "AG": ["Aktiengesellschaft", "A.G.", "AG", ""],
    "GmbH": ["G.m.b.H.", "Gesellschaft mit beschränkter Haftung", "GmbH", ""],
    "SE": ["S.E.", "SE", ""],
    "KG": ["KG", ""],
    "KGaA": ["KGaA", ""],
    "S.A.": ["SA", "S.A.", ""],
    "N.V.": ["NV", "N.V.", ""],
    "B.V.": ["BV", ""],
    "plc": ["PLC", "Plc", "Ltd", ""],
    "A/S": ["AS", "A/S", ""],
    "S.p.A.": ["SpA", "S.p.A.", ""],
}
LEGAL_SUFFIXES = ["GmbH & Co. KG", "SE & Co. KGaA", "AG & Co. KGaA", "SE & Co. KG", "AG & Co. KG", "GmbH + Co. KG",
                  "& Cie. KG", "& C. S.p.A.", "SA/NV", "Holding AG", "Holding N.V.", "Holdings plc", "Group plc", "Group Plc",
                  "Group AG", "Holdings B.V.", "Ltd", "Nyrt.", "d.d.", "a.s.", "S.A.", "N.V.", "B.V.", "S.p.A.", "A/S",
                  "AB", "Oyj", "ASA", "plc", "PLC", "SE", "AG", "GmbH", "KGaA"]

FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "é": "e", "è": "e", "ó": "o", "ø": "o",
                      "æ": "ae", "Š": "S", "š": "s"})
TRANSCRIBE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def typo(word):
    """Swaps two letters in the middle of the longest word: the kind of slip a form catches."""
    words = word.split(" ")
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[longest]
    if len(w) < 8:
        return None
    i = len(w) // 2
    words[longest] = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    changed = " ".join(words)
    return None if changed == word else changed


rows = []


def add(lead, lead_domain, lead_country, account, label, kind):
    rows.append({
        "lead_company": lead, "lead_domain": lead_domain, "lead_country": lead_country,
        "account_name": account[0], "account_domain": account[2], "account_country": account[1],
        "label": label, "kind": kind,
    })


# --- true matches ---
for company in COMPANIES:
    official, country, domain, short = company
    add(short, "", country, company, 1, "short name")
    if random.random() < 0.4:
        add(official.upper(), "", country, company, 1, "upper case")
    legal = random.choice(["GmbH", "AG", "SE", "Ltd", "S.A.", "B.V.", "Inc.", "LLC", "plc", "SAS", "N.V.", "GmbH & Co. KG", "KG"])
    add(f"{short} {legal}", "", country, company, 1, "other legal form")
    if short.translate(FOLD) != short:
        add(short.translate(FOLD), "", country, company, 1, "diacritics dropped")
    if short.translate(TRANSCRIBE) != short:
        add(short.translate(TRANSCRIBE) + " " + random.choice(["GmbH", "AG", ""]), "", country, company, 1, "umlaut transcribed")
    if "&" in official or "+" in official:
        add(short.replace("&", "und").replace("+", "und"), "", country, company, 1, "& as und")
        add(short.replace("&", "and").replace("+", "and"), "", country, company, 1, "& as and")
    if short.startswith("Deutsche "):
        add("Dt. " + short[len("Deutsche "):], "", country, company, 1, "abbreviation")
    if country in ("DE", "CH", "AT"):
        org = {"DE": "Deutschland GmbH", "CH": "Schweiz AG", "AT": "Österreich GmbH"}[country]
        add(f"{short} {org}", "", country, company, 1, "country organisation")
    else:
        add(f"{short} Deutschland GmbH", "", "DE", company, 1, "country organisation abroad")
    if random.random() < 0.5:
        add(f"{short} {random.choice(['Group', 'Gruppe', 'Holding'])}", "", country, company, 1, "group wording")
    sub = random.choice(["eu", "de", "mail", "corp", "int", "emea"])
    add(short, f"{sub}.{domain}", country, company, 1, "subdomain")
    if (t := typo(short)) is not None:
        add(t, "", country, company, 1, "typo")

for lead, company_index, kind in [
    ("Thyssen Krupp", 21, "spacing"), ("Rohde und Schwarz", 22, "& as und"), ("Mercedes Benz", 15, "hyphen"),
    ("Knorr Bremse GmbH", 29, "hyphen"), ("Hapag Lloyd", 83, "hyphen"), ("Rolls Royce plc", 73, "hyphen"),
    ("Saint Gobain", 56, "hyphen"), ("Anheuser Busch InBev", 51, "hyphen"), ("Kuehne & Nagel AG", 82, "umlaut transcribed"),
    ("Marks & Spencer plc", 74, "& as and"), ("Loreal", 53, "apostrophe"), ("LOREAL Deutschland GmbH", 53, "apostrophe"),
    ("Nestle Deutschland AG", 40, "country organisation abroad"), ("Dr Oetker", 25, "punctuation"),
    ("BMW", 16, "acronym"), ("ZF", 27, "acronym"), ("Carl-Zeiss", 88, "hyphen"), ("Gebrueder Weiss", 35, "umlaut transcribed"),
    ("Muenchener Rueck", 18, "umlaut transcribed"), ("Wolters-Kluwer", 49, "hyphen"), ("Telefonica Germany GmbH & Co. OHG", 60, "country organisation abroad"),
]:
    company = COMPANIES[company_index]
    add(lead, "", company[1], company, 1, kind)

# --- near misses: the account's name plus a word that makes it another company ---
NEAR = [
    ("Siemens Energy", 0), ("Siemens Healthineers", 0), ("Siemens Mobility", 0), ("Siemens Financial Services", 0),
    ("Siemens Real Estate", 0), ("Deutsche Bank", 2), ("Deutsche Bahn", 1), ("Deutsche Post", 3), ("Deutsche Telekom", 4),
    ("Deutsche Börse", 1), ("Deutsche Lufthansa", 5), ("Deutsche Telekom", 6), ("Deutsche Bank", 5), ("Deutsche Bahn", 4),
    ("Deutsche Post", 1), ("Deutsche Pfandbriefbank", 1), ("Deutsche Wohnen", 1), ("Deutsche Börse", 2),
    ("Bayer CropScience", 7), ("Bayer Leverkusen Fußball GmbH", 7), ("BASF Coatings", 8), ("BASF Schwarzheide", 8),
    ("Henkell Freixenet", 9), ("Henkell & Co. Sektkellerei", 9), ("Merck Finck Privatbankiers", 10),
    ("Bosch Rexroth", 11), ("Bosch Siemens Hausgeräte", 11), ("BSH Hausgeräte", 11), ("Continentale Versicherung", 12),
    ("Continental Reifen Deutschland", 12), ("Volkswagen Financial Services", 13), ("Volkswagen Leasing", 13),
    ("Porsche Holding Salzburg", 14), ("Porsche Consulting", 14), ("Mercedes-Benz Bank", 15), ("Daimler Truck", 15),
    ("BMW Bank", 16), ("Allianz Global Investors", 17), ("Allianz Trade", 17), ("Munich Re Specialty Insurance", 18),
    ("SAP Fioneer", 19), ("Infineon Technologies Bipolar", 20), ("thyssenkrupp Steel Europe", 21), ("thyssenkrupp nucera", 21),
    ("Rohde & Schwarz Cybersecurity", 22), ("Würth Industrie Service", 23), ("Adolf Würth", 23), ("Müller Milch", 24),
    ("Müller Drogerie", 24), ("Oetker Collection", 25), ("Haribo Dunhill", 26), ("ZF Lifetec", 27), ("Schaeffler Technologies", 28),
    ("Knorr Nährmittel", 29), ("Heidelberg Materials", 30), ("Heidelberger Versicherung", 30), ("Fielmann Akademie Schloss Plön", 31),
    ("Dürr Dental", 32), ("Körber Pharma", 33), ("Gebrüder Heyl", 35), ("Österreichische Lotterien", 36),
    ("Österreichische Bundesbahnen", 36), ("Red Bull Racing", 38), ("Nestlé Purina", 40), ("Zürich Airport", 41),
    ("Schindler Aufzüge", 42), ("Lindt Cafe", 43), ("Bühler Motor", 44), ("ABB E-mobility", 45), ("Philips Lighting Signify", 46),
    ("ASM International", 47), ("Heineken Brouwerijen", 48), ("Bookingkit", 50), ("Solvay Pharmaceuticals", 52),
    ("L'Oréal Luxe", 53), ("Société Générale Securities Services", 54), ("Schneider Versand", 55), ("Saint-Gobain Isover", 56),
    ("Dassault Aviation", 57), ("Capgemini Invent", 58), ("Santander Consumer Bank", 59), ("Telefónica Tech", 60),
    ("Iberdrola Renovables", 61), ("Enel Green Power", 62), ("Pirelli Real Estate", 63), ("Ferrero Rocher Fan Club", 64),
    ("Novo Holdings", 65), ("Maersk Drilling", 66), ("Vestas Aircoil", 67), ("Volvo Cars", 68), ("Volvo Penta", 68),
    ("Ericsson Mobility", 69), ("Nokia Solutions and Networks", 70), ("Equinor Wind", 71), ("Unilever Food Solutions", 72),
    ("Rolls-Royce Motor Cars", 73), ("Vodafone Ziggo", 75), ("Reckitt Health", 76), ("CD Projekt Red Studio", 77),
    ("Škoda Transportation", 78), ("OTP Leasing", 79), ("Stadler Pankow", 81), ("Hapag-Lloyd Cruises", 83),
    ("Südzucker Bioethanol", 84), ("Zalando Lounge", 86), ("Beiersdorf Hautpflege Stiftung", 87), ("Zeiss Vision Care", 88),
    ("Trumpf Medizin Systeme", 89), ("Festo Didactic", 90), ("Vorwerk Teppichwerke", 91), ("Miele Professional Technology", 92),
    ("Kärcher Futuretech", 94), ("Bertelsmann Stiftung", 95), ("Fresenius Medical Care", 96), ("Fresenius Kabi", 96),
    ("Hornbach Holding Immobilien", 97), ("Lidl Dienstleistung Digital", 98), ("Görtz Retail Ventures", 99),
]
for lead, company_index in NEAR:
    company = COMPANIES[company_index]
    add(lead, "", company[1], company, 0, "near miss")

# --- different companies whose names look alike ---
SIMILAR = [
    ("Baier GmbH", ("Bayer AG", "DE", "bayer.com")), ("Busch GmbH", ("Robert Bosch GmbH", "DE", "bosch.com")),
    ("Bosch", ("Busch-Jaeger Elektro GmbH", "DE", "busch-jaeger.de")), ("Merk Elektrotechnik GmbH", ("Merck KGaA", "DE", "merckgroup.com")),
    ("Henkell AG", ("Henkel AG & Co. KGaA", "DE", "henkel.com")), ("Siemes Schuhe", ("Siemens AG", "DE", "siemens.com")),
    ("Lindl GmbH", ("Lidl Stiftung & Co. KG", "DE", "lidl.com")), ("Beyer Maschinenbau", ("Bayer AG", "DE", "bayer.com")),
    ("Dürrr Systems", ("Dürr AG", "DE", "durr.com")), ("Körner AG", ("Körber AG", "DE", "koerber.com")),
    ("Miehle Druck", ("Miele & Cie. KG", "DE", "miele.com")), ("Stahl AG", ("Stihl AG & Co. KG", "DE", "stihl.com")),
    ("Festool GmbH", ("Festo SE & Co. KG", "DE", "festo.com")), ("Vorwald GmbH", ("Vorwerk SE & Co. KG", "DE", "vorwerk.com")),
    ("Zeissler GmbH", ("Carl Zeiss AG", "DE", "zeiss.com")), ("Brenntag", ("Brennholz Tag GmbH", "DE", "brennholz-tag.de")),
    ("Continentale", ("Continental AG", "DE", "continental.com")), ("Deutsche Bahn", ("Deutsche Bank AG", "DE", "db.com")),
    ("Deutsche Bank", ("Deutsche Bahn AG", "DE", "deutschebahn.com")), ("Deutsche Post", ("Deutsche Presse-Agentur GmbH", "DE", "dpa.com")),
    ("Deutsche Börse", ("Deutsche Bühne GmbH", "DE", "deutsche-buehne.de")), ("Allianz", ("Alliance Healthcare Deutschland AG", "DE", "alliance-healthcare.de")),
    ("Merck & Co. Inc.", ("Merck KGaA", "DE", "merckgroup.com")), ("Nokia", ("Nokian Tyres plc", "FI", "nokiantyres.com")),
    ("Volvo", ("Volvic S.A.", "FR", "volvic.fr")), ("Philips", ("Phillips 66", "US", "phillips66.com")),
    ("Unilever", ("Univer GmbH", "DE", "univer.de")), ("Capgemini", ("Cap Gemini Gastronomie", "DE", "capgemini-gastro.de")),
    ("Enel", ("Enercon GmbH", "DE", "enercon.de")), ("Solvay", ("Solvias AG", "CH", "solvias.com")),
    ("Swarovski Optik", ("Swarovski AG", "AT", "swarovski.com")), ("Heineken", ("Heinemann Duty Free", "DE", "gebr-heinemann.de")),
    ("Schindler", ("Schindlerhof Hotel GmbH", "DE", "schindlerhof.de")), ("Equinor", ("Equinix Inc.", "US", "equinix.com")),
    ("Fielmann", ("Fiedlmann GmbH", "DE", "fiedlmann.de")), ("Haribo", ("Harting AG", "DE", "harting.com")),
    ("Knorr-Bremse", ("Knorr Foods", "DE", "knorr.de")), ("Porsche", ("Porsch Bau GmbH", "DE", "porsch-bau.de")),
    ("Würth", ("Wirth GmbH", "DE", "wirth.de")), ("Müller", ("Möller GmbH", "DE", "moeller.de")),
    ("Schaeffler", ("Scheffler Logistik GmbH", "DE", "scheffler-logistik.de")), ("Zalando", ("Zalanda Reisen", "DE", "zalanda.de")),
    ("Vestas", ("Vesta Immobilien", "DE", "vesta-immo.de")), ("Ferrero", ("Ferrari S.p.A.", "IT", "ferrari.com")),
    ("Pirelli", ("Pirell Reifenhandel", "DE", "pirell.de")), ("Iberdrola", ("Ibercaja Banco", "ES", "ibercaja.es")),
    ("Santander", ("Sander GmbH", "DE", "sander.de")), ("Ericsson", ("Eriksen AS", "NO", "eriksen.no")),
    ("Beiersdorf", ("Bayersdorf Stadtwerke", "DE", "stadtwerke-bayersdorf.de")), ("Hapag-Lloyd", ("Lloyd Shoes GmbH", "DE", "lloyd.com")),
    ("Red Bull", ("Red Hat GmbH", "DE", "redhat.com")), ("ASML", ("ASM International N.V.", "NL", "asm.com")),
    ("ABB", ("ABBYY Europe GmbH", "DE", "abbyy.com")), ("SAP", ("SAPA AS", "NO", "sapagroup.com")),
    ("Infineon", ("Infinion Software", "DE", "infinion.de")), ("Bertelsmann", ("Bertelsbach GmbH", "DE", "bertelsbach.de")),
    ("Fresenius", ("Freudenberg SE", "DE", "freudenberg.com")), ("Hornbach", ("Hornbacher Mühle", "DE", "hornbacher-muehle.de")),
    ("Görtz", ("Götz GmbH", "DE", "goetz.de")), ("Vodafone", ("Vodacom Group", "ZA", "vodacom.com")),
    ("Telefónica", ("Telefunken GmbH", "DE", "telefunken.com")), ("Lufthansa", ("Lufthafen Service GmbH", "DE", "lufthafen.de")),
]
for lead, account in SIMILAR:
    add(lead, "", "DE", (account[0], account[1], account[2]), 0, "similar name")

# --- domains: subsidiaries' subdomains (above) vs other registrable domains ---
DOMAIN_MISSES = [
    ("siemens-energy.com", COMPANIES[0]), ("siemens-healthineers.com", COMPANIES[0]), ("siemens.co.uk", COMPANIES[0]),
    ("db-schenker.com", COMPANIES[2]), ("deutschebank.de", COMPANIES[1]), ("bayer04.de", COMPANIES[7]),
    ("basf-coatings.com", COMPANIES[8]), ("henkell-freixenet.com", COMPANIES[9]), ("merck.com", COMPANIES[10]),
    ("bosch-rexroth.com", COMPANIES[11]), ("volkswagen-leasing.de", COMPANIES[13]), ("porsche-consulting.com", COMPANIES[14]),
    ("allianzgi.com", COMPANIES[17]), ("sap-fioneer.com", COMPANIES[19]), ("red-bull-racing.com", COMPANIES[38]),
    ("volvocars.com", COMPANIES[68]), ("fresenius-kabi.de", COMPANIES[96]), ("zeiss-vision.de", COMPANIES[88]),
]
for lead_domain, company in DOMAIN_MISSES:
    add("", lead_domain, company[1], company, 0, "other domain")

with open(sys.argv[1] if len(sys.argv) > 1 else "account-pairs.csv", "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)

positives = sum(1 for r in rows if r["label"] == 1)
print(f"{len(rows)} pairs, {positives} matches, {len(rows) - positives} non-matches")
