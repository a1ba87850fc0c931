#!/usr/bin/env python3
"""Generate ontology/countries.tsv from pycountry (names, codes) and the curated table below.

The committed TSV is what users edit; rerun this only to rebuild it from scratch:

    .venv/bin/python scripts/make_countries.py [--out ontology/countries.tsv]

pycountry supplies every ISO 3166-1 entry with its short, official and common names.
The curated table supplies what pycountry lacks: the short name news uses as the label
(Russia, not "Russian Federation"), news aliases (U.S., Britain, Türkiye, DPRK),
capitals with their variant spellings (Kyiv|Kiev) and demonyms (Russian, Ukrainian).
An alias that would name two countries is resolved here, by the curated table, and the
script fails rather than write a table where one name means two countries.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kg.gazetteer import name_key  # noqa: E402  (the loader's own key: collisions are judged as it will)
from kg.io import atomic_write_text  # noqa: E402

# iso2 ; label ; news aliases ; capital|variants ; demonyms (adjective and noun forms)
# Labels follow English news usage (Reuters/AP/BBC short names). Capitals use the modern
# English news spelling first, older or local forms after it.
CURATED = """
AD ; Andorra ; ; Andorra la Vella ; Andorran
AE ; United Arab Emirates ; UAE|U.A.E.|the Emirates ; Abu Dhabi ; Emirati|Emirian
AF ; Afghanistan ; Islamic Emirate of Afghanistan ; Kabul ; Afghan|Afghani
AG ; Antigua and Barbuda ; Antigua ; Saint John's|St. John's ; Antiguan|Barbudan
AL ; Albania ; ; Tirana|Tiranë ; Albanian
AM ; Armenia ; ; Yerevan|Erevan ; Armenian
AO ; Angola ; ; Luanda ; Angolan
AR ; Argentina ; ; Buenos Aires ; Argentine|Argentinian|Argentinean
AT ; Austria ; ; Vienna|Wien ; Austrian
AU ; Australia ; ; Canberra ; Australian|Aussie
AZ ; Azerbaijan ; ; Baku ; Azerbaijani|Azeri
BA ; Bosnia and Herzegovina ; Bosnia|Bosnia-Herzegovina|BiH ; Sarajevo ; Bosnian|Herzegovinian
BB ; Barbados ; ; Bridgetown ; Barbadian|Bajan
BD ; Bangladesh ; ; Dhaka|Dacca ; Bangladeshi
BE ; Belgium ; ; Brussels|Bruxelles|Brussel ; Belgian
BF ; Burkina Faso ; Burkina|Upper Volta ; Ouagadougou ; Burkinabe|Burkinabè
BG ; Bulgaria ; ; Sofia|Sofiya ; Bulgarian
BH ; Bahrain ; ; Manama ; Bahraini
BI ; Burundi ; ; Gitega ; Burundian
BJ ; Benin ; Dahomey ; Porto-Novo ; Beninese|Beninois
BN ; Brunei ; Brunei Darussalam ; Bandar Seri Begawan ; Bruneian
BO ; Bolivia ; ; Sucre|La Paz ; Bolivian
BR ; Brazil ; Brasil ; Brasilia|Brasília ; Brazilian
BS ; Bahamas ; ; Nassau ; Bahamian
BT ; Bhutan ; ; Thimphu ; Bhutanese
BW ; Botswana ; ; Gaborone ; Botswanan|Motswana|Batswana
BY ; Belarus ; Byelorussia|Belorussia|White Russia ; Minsk ; Belarusian|Belarusan|Byelorussian
BZ ; Belize ; British Honduras ; Belmopan ; Belizean
CA ; Canada ; ; Ottawa ; Canadian
CD ; DR Congo ; Democratic Republic of the Congo|Democratic Republic of Congo|DRC|DRCongo|D.R. Congo|Congo-Kinshasa|Congo|Zaire ; Kinshasa ; Congolese
CF ; Central African Republic ; CAR ; Bangui ; Central African
CG ; Republic of the Congo ; Republic of Congo|Congo-Brazzaville|Congo Republic ; Brazzaville ;
CH ; Switzerland ; Swiss Confederation ; Bern|Berne ; Swiss
CI ; Ivory Coast ; Côte d'Ivoire|Cote d'Ivoire ; Yamoussoukro|Abidjan ; Ivorian
CL ; Chile ; ; Santiago|Santiago de Chile ; Chilean
CM ; Cameroon ; ; Yaounde|Yaoundé ; Cameroonian
CN ; China ; PRC|P.R.C.|People's Republic of China|Mainland China|Red China ; Beijing|Peking|Peiping ; Chinese
CO ; Colombia ; ; Bogota|Bogotá ; Colombian
CR ; Costa Rica ; ; San Jose|San José ; Costa Rican
CU ; Cuba ; ; Havana|La Habana ; Cuban
CV ; Cape Verde ; Cabo Verde ; Praia ; Cape Verdean|Cabo Verdean
CY ; Cyprus ; ; Nicosia|Lefkosia ; Cypriot
CZ ; Czech Republic ; Czechia ; Prague|Praha ; Czech
DE ; Germany ; Federal Republic of Germany|Deutschland ; Berlin ; German
DJ ; Djibouti ; ; Djibouti City|Djibouti ; Djiboutian
DK ; Denmark ; ; Copenhagen|København ; Danish|Dane
DM ; Dominica ; ; Roseau ;
DO ; Dominican Republic ; ; Santo Domingo ; Dominican
DZ ; Algeria ; ; Algiers ; Algerian
EC ; Ecuador ; ; Quito ; Ecuadorian|Ecuadorean
EE ; Estonia ; ; Tallinn ; Estonian
EG ; Egypt ; ; Cairo ; Egyptian
ER ; Eritrea ; ; Asmara ; Eritrean
ES ; Spain ; España ; Madrid ; Spanish|Spaniard
ET ; Ethiopia ; ; Addis Ababa ; Ethiopian
FI ; Finland ; Suomi ; Helsinki ; Finnish|Finn
FJ ; Fiji ; ; Suva ; Fijian
FM ; Micronesia ; Federated States of Micronesia|FSM ; Palikir ; Micronesian
FR ; France ; ; Paris ; French|Frenchman|Frenchwoman
GA ; Gabon ; Gabonese Republic ; Libreville ; Gabonese
GB ; United Kingdom ; UK|U.K.|Britain|Great Britain|United Kingdom of Great Britain and Northern Ireland ; London ; British|Briton|Brit
GD ; Grenada ; ; St. George's|Saint George's ; Grenadian
GE ; Georgia ; Sakartvelo ; Tbilisi|Tiflis ; Georgian
GH ; Ghana ; ; Accra ; Ghanaian
GM ; Gambia ; ; Banjul ; Gambian
GN ; Guinea ; Guinea-Conakry ; Conakry ; Guinean
GQ ; Equatorial Guinea ; ; Malabo ; Equatoguinean|Equatorial Guinean
GR ; Greece ; Hellas|Hellenic Republic ; Athens ; Greek|Hellenic
GT ; Guatemala ; ; Guatemala City ; Guatemalan
GW ; Guinea-Bissau ; ; Bissau ; Bissau-Guinean
GY ; Guyana ; ; Georgetown ; Guyanese
HN ; Honduras ; ; Tegucigalpa ; Honduran
HR ; Croatia ; Hrvatska ; Zagreb ; Croatian|Croat
HT ; Haiti ; ; Port-au-Prince ; Haitian
HU ; Hungary ; ; Budapest ; Hungarian|Magyar
ID ; Indonesia ; ; Jakarta ; Indonesian
IE ; Ireland ; Republic of Ireland|Eire|Éire ; Dublin ; Irish|Irishman|Irishwoman
IL ; Israel ; ; Jerusalem ; Israeli
IN ; India ; Bharat ; New Delhi|Delhi ; Indian
IQ ; Iraq ; ; Baghdad ; Iraqi
IR ; Iran ; Persia|Islamic Republic of Iran ; Tehran|Teheran ; Iranian|Persian
IS ; Iceland ; ; Reykjavik|Reykjavík ; Icelandic|Icelander
IT ; Italy ; Italia ; Rome|Roma ; Italian
JM ; Jamaica ; ; Kingston ; Jamaican
JO ; Jordan ; ; Amman ; Jordanian
JP ; Japan ; Nippon ; Tokyo ; Japanese
KE ; Kenya ; ; Nairobi ; Kenyan
KG ; Kyrgyzstan ; Kirghizia|Kyrgyz Republic ; Bishkek|Frunze ; Kyrgyz|Kirghiz|Kyrgyzstani
KH ; Cambodia ; Kampuchea ; Phnom Penh ; Cambodian|Khmer
KI ; Kiribati ; ; Tarawa|South Tarawa ; I-Kiribati
KM ; Comoros ; ; Moroni ; Comoran|Comorian
KN ; Saint Kitts and Nevis ; St. Kitts and Nevis|St Kitts ; Basseterre ; Kittitian|Nevisian
KP ; North Korea ; DPRK|D.P.R.K.|Democratic People's Republic of Korea ; Pyongyang ; North Korean
KR ; South Korea ; Republic of Korea|ROK|R.O.K. ; Seoul ; South Korean
KW ; Kuwait ; ; Kuwait City ; Kuwaiti
KZ ; Kazakhstan ; ; Astana|Nur-Sultan|Akmola ; Kazakh|Kazakhstani
LA ; Laos ; Lao PDR ; Vientiane ; Lao|Laotian
LB ; Lebanon ; ; Beirut ; Lebanese
LC ; Saint Lucia ; St. Lucia ; Castries ; Saint Lucian|St. Lucian
LI ; Liechtenstein ; ; Vaduz ; Liechtensteiner
LK ; Sri Lanka ; Ceylon ; Colombo|Sri Jayawardenepura Kotte ; Sri Lankan
LR ; Liberia ; ; Monrovia ; Liberian
LS ; Lesotho ; ; Maseru ; Basotho|Mosotho|Lesothan
LT ; Lithuania ; ; Vilnius|Vilna ; Lithuanian
LU ; Luxembourg ; ; Luxembourg ; Luxembourgish|Luxembourger
LV ; Latvia ; ; Riga ; Latvian
LY ; Libya ; ; Tripoli ; Libyan
MA ; Morocco ; ; Rabat ; Moroccan
MC ; Monaco ; ; Monaco ; Monegasque|Monégasque
MD ; Moldova ; Republic of Moldova|Moldavia ; Chisinau|Chișinău|Kishinev ; Moldovan|Moldavian
ME ; Montenegro ; Crna Gora ; Podgorica ; Montenegrin
MG ; Madagascar ; ; Antananarivo ; Malagasy
MH ; Marshall Islands ; ; Majuro ; Marshallese
MK ; North Macedonia ; Macedonia|FYROM|Former Yugoslav Republic of Macedonia ; Skopje ; Macedonian|North Macedonian
ML ; Mali ; ; Bamako ; Malian
MM ; Myanmar ; Burma ; Naypyitaw|Naypyidaw|Nay Pyi Taw ; Myanmar|Burmese
MN ; Mongolia ; ; Ulaanbaatar|Ulan Bator ; Mongolian
MR ; Mauritania ; ; Nouakchott ; Mauritanian
MT ; Malta ; ; Valletta ; Maltese
MU ; Mauritius ; ; Port Louis ; Mauritian
MV ; Maldives ; ; Male|Malé ; Maldivian
MW ; Malawi ; ; Lilongwe ; Malawian
MX ; Mexico ; México ; Mexico City ; Mexican
MY ; Malaysia ; ; Kuala Lumpur|Putrajaya ; Malaysian
MZ ; Mozambique ; ; Maputo ; Mozambican
NA ; Namibia ; ; Windhoek ; Namibian
NE ; Niger ; ; Niamey ; Nigerien
NG ; Nigeria ; ; Abuja ; Nigerian
NI ; Nicaragua ; ; Managua ; Nicaraguan
NL ; Netherlands ; Holland ; Amsterdam ; Dutch|Dutchman|Dutchwoman|Netherlander
NO ; Norway ; Norge ; Oslo ; Norwegian
NP ; Nepal ; ; Kathmandu ; Nepali|Nepalese
NR ; Nauru ; ; Yaren ; Nauruan
NZ ; New Zealand ; Aotearoa ; Wellington ; New Zealander|Kiwi
OM ; Oman ; ; Muscat ; Omani
PA ; Panama ; ; Panama City ; Panamanian
PE ; Peru ; ; Lima ; Peruvian
PG ; Papua New Guinea ; PNG ; Port Moresby ; Papua New Guinean
PH ; Philippines ; ; Manila ; Filipino|Filipina|Philippine
PK ; Pakistan ; ; Islamabad ; Pakistani
PL ; Poland ; Polska ; Warsaw|Warszawa ; Polish|Pole
PS ; Palestine ; State of Palestine|Palestinian territories|Occupied Palestinian Territories|Palestinian Territory ; Ramallah ; Palestinian
PT ; Portugal ; ; Lisbon|Lisboa ; Portuguese
PW ; Palau ; ; Ngerulmud|Melekeok ; Palauan
PY ; Paraguay ; ; Asuncion|Asunción ; Paraguayan
QA ; Qatar ; ; Doha ; Qatari
RO ; Romania ; Rumania|Roumania ; Bucharest|București ; Romanian
RS ; Serbia ; Srbija ; Belgrade|Beograd ; Serbian|Serb
RU ; Russia ; Russian Federation|Rossiya ; Moscow|Moskva ; Russian
RW ; Rwanda ; ; Kigali ; Rwandan
SA ; Saudi Arabia ; KSA|Kingdom of Saudi Arabia ; Riyadh ; Saudi|Saudi Arabian
SB ; Solomon Islands ; Solomons ; Honiara ; Solomon Islander
SC ; Seychelles ; ; Victoria ; Seychellois
SD ; Sudan ; ; Khartoum ; Sudanese
SE ; Sweden ; Sverige ; Stockholm ; Swedish|Swede
SG ; Singapore ; ; Singapore ; Singaporean
SI ; Slovenia ; ; Ljubljana ; Slovenian|Slovene
SK ; Slovakia ; Slovak Republic ; Bratislava ; Slovak|Slovakian
SL ; Sierra Leone ; ; Freetown ; Sierra Leonean
SM ; San Marino ; ; San Marino ; Sammarinese
SN ; Senegal ; ; Dakar ; Senegalese
SO ; Somalia ; ; Mogadishu ; Somali|Somalian
SR ; Suriname ; Surinam ; Paramaribo ; Surinamese
SS ; South Sudan ; ; Juba ; South Sudanese
ST ; Sao Tome and Principe ; São Tomé and Príncipe ; Sao Tome|São Tomé ; Santomean|Sao Tomean
SV ; El Salvador ; ; San Salvador ; Salvadoran|Salvadorean
SY ; Syria ; Syrian Arab Republic ; Damascus ; Syrian
SZ ; Eswatini ; Swaziland ; Mbabane|Lobamba ; Swazi|Emaswati
TD ; Chad ; ; N'Djamena|Ndjamena ; Chadian
TG ; Togo ; ; Lome|Lomé ; Togolese
TH ; Thailand ; Siam ; Bangkok ; Thai
TJ ; Tajikistan ; ; Dushanbe ; Tajik|Tajikistani
TL ; East Timor ; Timor-Leste|Timor Leste ; Dili ; Timorese|East Timorese
TM ; Turkmenistan ; ; Ashgabat|Ashkhabad ; Turkmen|Turkmenistani
TN ; Tunisia ; ; Tunis ; Tunisian
TO ; Tonga ; ; Nuku'alofa|Nukuʻalofa ; Tongan
TR ; Turkey ; Türkiye|Turkiye|Republic of Turkey ; Ankara ; Turkish|Turk
TT ; Trinidad and Tobago ; Trinidad ; Port of Spain|Port-of-Spain ; Trinidadian|Tobagonian
TV ; Tuvalu ; ; Funafuti ; Tuvaluan
TZ ; Tanzania ; ; Dodoma|Dar es Salaam ; Tanzanian
UA ; Ukraine ; ; Kyiv|Kiev|Kyyiv ; Ukrainian
UG ; Uganda ; ; Kampala ; Ugandan
US ; United States ; US|U.S.|USA|U.S.A.|America|the States|United States of America ; Washington|Washington DC|Washington, D.C.|Washington D.C.|D.C. ; American|U.S.|US
UY ; Uruguay ; ; Montevideo ; Uruguayan
UZ ; Uzbekistan ; ; Tashkent|Toshkent ; Uzbek|Uzbekistani
VA ; Vatican City ; Vatican|Holy See|Vatican City State ; Vatican City ; Vatican
VC ; Saint Vincent and the Grenadines ; St. Vincent and the Grenadines|St Vincent ; Kingstown ; Vincentian
VE ; Venezuela ; ; Caracas ; Venezuelan
VN ; Vietnam ; Viet Nam ; Hanoi|Ha Noi ; Vietnamese
VU ; Vanuatu ; ; Port Vila ; Ni-Vanuatu|Vanuatuan
WS ; Samoa ; ; Apia ; Samoan
YE ; Yemen ; ; Sanaa|Sana'a ; Yemeni
ZA ; South Africa ; RSA ; Pretoria|Tshwane ; South African
ZM ; Zambia ; ; Lusaka ; Zambian
ZW ; Zimbabwe ; ; Harare|Salisbury ; Zimbabwean
TW ; Taiwan ; Republic of China|ROC|Chinese Taipei|Formosa ; Taipei ; Taiwanese
HK ; Hong Kong ; Hong Kong SAR|HKSAR ; ; Hongkonger|Hong Konger
MO ; Macau ; Macao|Macau SAR ; ; Macanese
XK ; Kosovo ; Republic of Kosovo ; Pristina|Prishtina|Priština ; Kosovar|Kosovan
EH ; Western Sahara ; Sahrawi Arab Democratic Republic|SADR ; Laayoune|El Aaiun ; Sahrawi|Saharawi
PR ; Puerto Rico ; ; San Juan ; Puerto Rican
GL ; Greenland ; Kalaallit Nunaat ; Nuuk ; Greenlandic|Greenlander
GU ; Guam ; ; Hagatna|Hagåtña ; Guamanian
AS ; American Samoa ; ; Pago Pago ; American Samoan
FO ; Faroe Islands ; Faroes|Faeroe Islands ; Torshavn|Tórshavn ; Faroese
BM ; Bermuda ; ; Hamilton ; Bermudian
GI ; Gibraltar ; ; ; Gibraltarian
FK ; Falkland Islands ; Falklands|Malvinas|Islas Malvinas ; Stanley ; Falkland Islander
NC ; New Caledonia ; ; Noumea|Nouméa ; New Caledonian
PF ; French Polynesia ; Tahiti ; Papeete ; French Polynesian
CW ; Curacao ; Curaçao ; Willemstad ; Curacaoan
AW ; Aruba ; ; Oranjestad ; Aruban
KY ; Cayman Islands ; Caymans ; George Town ; Caymanian
VG ; British Virgin Islands ; BVI ; Road Town ;
VI ; US Virgin Islands ; U.S. Virgin Islands|USVI|United States Virgin Islands|Virgin Islands of the United States ; Charlotte Amalie ;
MF ; Saint Martin ; Saint-Martin|Collectivity of Saint Martin ; Marigot ;
SX ; Sint Maarten ; ; Philipsburg ;
BQ ; Caribbean Netherlands ; Bonaire, Sint Eustatius and Saba|Bonaire ; Kralendijk ;
SH ; Saint Helena ; Saint Helena, Ascension and Tristan da Cunha|St Helena ; Jamestown ;
BL ; Saint Barthelemy ; Saint Barthélemy|St Barts|St. Barths ; Gustavia ;
RE ; Reunion ; Réunion|La Réunion ; Saint-Denis ;
IM ; Isle of Man ; ; Douglas ; Manx
JE ; Jersey ; ; Saint Helier|St Helier ;
GG ; Guernsey ; ; Saint Peter Port|St Peter Port ;
CC ; Cocos Islands ; Cocos (Keeling) Islands|Keeling Islands ; West Island ;
UM ; US Minor Outlying Islands ; United States Minor Outlying Islands ; ;
TC ; Turks and Caicos Islands ; Turks and Caicos ; Cockburn Town ;
AX ; Aland Islands ; Åland|Åland Islands|Aland ; Mariehamn ;
PM ; Saint Pierre and Miquelon ; ; Saint-Pierre ;
XS ; Scotland ; ; Edinburgh ; Scottish|Scot|Scots
XE ; England ; ; ; English|Englishman|Englishwoman
XW ; Wales ; Cymru ; Cardiff ; Welsh
XI ; Northern Ireland ; Ulster ; Belfast ; Northern Irish
"""

# ISO 3166-1 does not cover these: user-assigned codes (XK is the common one for Kosovo)
# and the United Kingdom's nations, coded with their ISO 3166-2 subdivision codes.
EXTRA_CODES = {"XK": "XK", "XS": "GB-SCT", "XE": "GB-ENG", "XW": "GB-WLS", "XI": "GB-NIR"}

# alpha-3 codes news copy actually writes ("USA", "UAE"); the rest would be noise
NEWS_ALPHA3 = {"USA"}

# names no entry may own because they mean two things in news; the comment says why
AMBIGUOUS = {
    "Korea": "South or North Korea, or the peninsula",
    "Korean": "South or North Korean, or the language",
    "Virgin Islands": "British or US Virgin Islands",
    "Sint Maarten (Dutch part)": "pycountry form; Sint Maarten is the alias",
}

HEADER = """\
# Countries and common territories: label (the short English name news uses), ISO 3166-1
# alpha-2 code (XK Kosovo; GB-xxx for the UK's nations), aliases, capital (news spelling
# first) and its variants, demonyms and national adjectives. Lists are |-separated.
# One name must never mean two countries: tests/test_gazetteer.py checks the table.
# Generated by scripts/make_countries.py from pycountry and a curated table; edit freely.
"""


def parse_curated(text: str) -> list[dict]:
    rows = []
    for n, line in enumerate(text.strip().splitlines(), 1):
        cells = [c.strip() for c in line.split(";")]
        if len(cells) != 5:
            raise SystemExit(f"make_countries.py: CURATED line {n}: expected 5 fields: {line!r}")
        code, label, aliases, capitals, demonyms = cells
        split = lambda v: [x.strip() for x in v.split("|") if x.strip()]  # noqa: E731
        rows.append({"code": code, "label": label, "aliases": split(aliases),
                     "capitals": split(capitals), "demonyms": split(demonyms)})
    return rows


def pycountry_names(country) -> list[str]:
    """The names pycountry knows, in a form news could write (no "Korea, Republic of")."""
    names = [country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)]
    out = []
    for name in names:
        if not name:
            continue
        if name.lower().startswith("the "):
            name = name[4:]
        if "," in name or "(" in name:
            continue  # inverted or annotated forms: not how anyone writes a name in running text
        out.append(name)
    if country.alpha_3 in NEWS_ALPHA3:
        out.append(country.alpha_3)
    return out


def build_rows() -> list[dict]:
    curated = {row["code"]: row for row in parse_curated(CURATED)}
    rows = []
    for country in pycountry.countries:
        row = curated.pop(country.alpha_2, None) or {
            "code": country.alpha_2, "label": country.name, "aliases": [], "capitals": [], "demonyms": []}
        row["derived"] = pycountry_names(country)
        rows.append(row)
    for code, row in curated.items():  # codes outside ISO 3166-1
        row["derived"] = []
        rows.append(row)
    for row in rows:
        row["iso2"] = EXTRA_CODES.get(row["code"], row["code"])
        if "," in row["label"] or "(" in row["label"]:
            raise SystemExit(f"make_countries.py: {row['iso2']}: label {row['label']!r} needs a curated news name")
    return resolve_collisions(rows)


def resolve_collisions(rows: list[dict]) -> list[dict]:
    """Curated names win over pycountry-derived ones; two curated claims on one name are an error."""
    ambiguous = {name_key(n) for n in AMBIGUOUS}
    owner: dict[str, str] = {}  # key -> label that curated data gave it
    for row in rows:
        for name in [row["label"], *row["aliases"], *row["capitals"], *row["demonyms"]]:
            key = name_key(name)
            if key in ambiguous:
                raise SystemExit(f"make_countries.py: {row['label']}: {name!r} is listed as ambiguous")
            if owner.setdefault(key, row["label"]) != row["label"]:
                raise SystemExit(f"make_countries.py: {name!r} claimed by {owner[key]} and {row['label']}")
    for row in rows:
        kept = []
        for name in row["derived"]:
            key = name_key(name)
            if key in ambiguous or owner.get(key, row["label"]) != row["label"]:
                print(f"make_countries.py: dropped {name!r} for {row['label']} "
                      f"(means {owner.get(key, 'two things')})", file=sys.stderr)
                continue
            owner[key] = row["label"]
            kept.append(name)
        # spelled variants stay ("U.S." beside "US"): other readers of the table match text exactly
        row["aliases"] = [a for a in dict.fromkeys([*row["aliases"], *kept]) if a != row["label"]]
    return rows


def render(rows: list[dict]) -> str:
    lines = [HEADER + "label\tiso2\taliases\tcapital\tcapital_aliases\tdemonyms"]
    for row in sorted(rows, key=lambda r: (name_key(r["label"]).casefold(), r["label"])):
        capital, *capital_aliases = row["capitals"] or [""]
        cells = [row["label"], row["iso2"], "|".join(row["aliases"]), capital,
                 "|".join(capital_aliases), "|".join(row["demonyms"])]
        if any("\t" in c for c in cells):
            raise SystemExit(f"make_countries.py: {row['label']}: tab inside a value")
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "ontology" / "countries.tsv")
    args = parser.parse_args()
    rows = build_rows()
    atomic_write_text(args.out, render(rows))
    print(f"make_countries.py: wrote {len(rows)} rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
