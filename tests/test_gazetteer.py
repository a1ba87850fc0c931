"""The gazetteer: ontology tables -> actor, place, demonym and title lookups."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.gazetteer import Gazetteer, GazetteerError, is_acronym, name_key
from kg.ontology import numbered_rows as read_table
from kg.model import entity_id

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return Gazetteer.load()


# ---- actors ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, label, via", [
    ("Kyiv", "Ukraine", "capital"), ("Kiev", "Ukraine", "capital"), ("KYIV", "Ukraine", "capital"),
    ("the Kremlin", "Russia", "seat"), ("Kremlin", "Russia", "seat"), ("Moscow", "Russia", "capital"),
    ("Tehran", "Iran", "capital"), ("Teheran", "Iran", "capital"), ("Iran", "Iran", "name"),
    ("Türkiye", "Turkey", "alias"), ("Turkiye", "Turkey", "alias"), ("Turkey", "Turkey", "name"),
    ("TÜRKIYE", "Turkey", "alias"), ("Ankara", "Turkey", "capital"),
    ("U.S.", "United States", "alias"), ("US", "United States", "alias"), ("the U.S.", "United States", "alias"),
    ("USA", "United States", "alias"), ("U.S.A.", "United States", "alias"),
    ("United States", "United States", "name"), ("the United States", "United States", "name"),
    ("America", "United States", "alias"), ("the States", "United States", "alias"),
    ("Washington", "United States", "capital"), ("White House", "United States", "seat"),
    ("the Pentagon", "United States", "seat"),
    ("UK", "United Kingdom", "alias"), ("U.K.", "United Kingdom", "alias"), ("Britain", "United Kingdom", "alias"),
    ("Great Britain", "United Kingdom", "alias"), ("Downing Street", "United Kingdom", "seat"),
    ("No. 10", "United Kingdom", "seat"),
    ("Élysée", "France", "seat"), ("Elysee", "France", "seat"), ("Paris", "France", "capital"),
    ("Zhongnanhai", "China", "seat"), ("Beijing", "China", "capital"), ("Peking", "China", "capital"),
    ("PRC", "China", "alias"), ("DPRK", "North Korea", "alias"), ("Pyongyang", "North Korea", "capital"),
    ("Seoul", "South Korea", "capital"), ("Republic of Korea", "South Korea", "alias"),
    ("Russian Federation", "Russia", "alias"), ("Syrian Arab Republic", "Syria", "alias"),
    ("Czechia", "Czech Republic", "alias"), ("Côte d'Ivoire", "Ivory Coast", "alias"),
    ("Cote d’Ivoire", "Ivory Coast", "alias"), ("COTE D'IVOIRE", "Ivory Coast", "alias"),
    ("Viet Nam", "Vietnam", "alias"), ("Lao People's Democratic Republic", "Laos", "alias"),
    ("Bolivia", "Bolivia", "name"), ("Venezuela", "Venezuela", "name"), ("Moldova", "Moldova", "name"),
    ("Republic of Moldova", "Moldova", "alias"), ("Tanzania", "Tanzania", "name"),
    ("Burma", "Myanmar", "alias"), ("Swaziland", "Eswatini", "alias"), ("Holland", "Netherlands", "alias"),
    ("The Netherlands", "Netherlands", "name"), ("the Gambia", "Gambia", "name"),
    ("Macedonia", "North Macedonia", "alias"), ("Holy See", "Vatican City", "alias"),
    ("State of Palestine", "Palestine", "alias"), ("Taiwan", "Taiwan", "name"),
    ("Kosovo", "Kosovo", "name"), ("Pristina", "Kosovo", "capital"), ("Hong Kong", "Hong Kong", "name"),
    ("Congo", "DR Congo", "alias"), ("DRC", "DR Congo", "alias"), ("Kinshasa", "DR Congo", "capital"),
    ("Congo-Brazzaville", "Republic of the Congo", "alias"), ("Brazzaville", "Republic of the Congo", "capital"),
    ("Georgia", "Georgia", "name"), ("Tbilisi", "Georgia", "capital"),
    ("Russia's", "Russia", "name"), ("Kyiv’s", "Ukraine", "capital"), ("the Philippines'", "Philippines", "name"),
    ("  Kyiv  ", "Ukraine", "capital"),
])
def test_actor_countries(g, text, label, via):
    hit = g.actor(text)
    assert hit is not None, text
    assert (hit.label, hit.type, hit.via) == (label, "Country", via)
    assert hit.id == entity_id(label) and hit.country == label


@pytest.mark.parametrize("text, label", [
    ("EU", "European Union"), ("E.U.", "European Union"), ("European Union", "European Union"),
    ("the European Union", "European Union"), ("NATO", "NATO"), ("Nato", "NATO"),
    ("North Atlantic Treaty Organization", "NATO"), ("UN", "United Nations"), ("U.N.", "United Nations"),
    ("United Nations", "United Nations"), ("the United Nations", "United Nations"),
    ("UN Security Council", "UN Security Council"), ("U.N. Security Council", "UN Security Council"),
    ("UNHCR", "UN Refugee Agency"), ("WHO", "World Health Organization"), ("IAEA", "International Atomic Energy Agency"),
    ("UNICEF", "UNICEF"), ("Unicef", "UNICEF"), ("G7", "G7"), ("G-7", "G7"), ("Group of Seven", "G7"),
    ("G20", "G20"), ("OPEC", "Organization of the Petroleum Exporting Countries"), ("African Union", "African Union"),
    ("ASEAN", "Association of Southeast Asian Nations"), ("ICC", "International Criminal Court"),
    ("ICJ", "International Court of Justice"), ("IMF", "International Monetary Fund"), ("World Bank", "World Bank"),
    ("Red Cross", "International Committee of the Red Cross"), ("ICRC", "International Committee of the Red Cross"),
    ("Hamas", "Hamas"), ("HAMAS", "Hamas"), ("Hezbollah", "Hezbollah"), ("Hizbollah", "Hezbollah"),
    ("Houthis", "Houthis"), ("the Houthis", "Houthis"), ("Taliban", "Taliban"), ("the Taliban", "Taliban"),
    ("ISIS", "Islamic State"), ("Islamic State", "Islamic State"), ("Daesh", "Islamic State"),
    ("al-Qaeda", "Al-Qaeda"), ("Al Qaeda", "Al-Qaeda"), ("Wagner Group", "Wagner Group"),
    ("Reuters", "Reuters"), ("AP", "Associated Press"), ("the Associated Press", "Associated Press"),
    ("AFP", "Agence France-Presse"), ("BBC", "BBC"), ("CNN", "CNN"), ("ABC News", "ABC News"),
    ("Al Jazeera", "Al Jazeera"), ("Al-Jazeera", "Al Jazeera"), ("TASS", "TASS"), ("RIA Novosti", "RIA Novosti"),
    ("Xinhua", "Xinhua"), ("Interfax", "Interfax"), ("European Commission", "European Commission"),
    ("Federal Reserve", "Federal Reserve"), ("the Fed", "Federal Reserve"),
    ("Médecins Sans Frontières", "Doctors Without Borders"), ("IRGC", "Islamic Revolutionary Guard Corps"),
])
def test_actor_organizations(g, text, label):
    hit = g.actor(text)
    assert hit is not None, text
    assert (hit.label, hit.type, hit.via) == (label, "Organization", "organization")
    assert hit.id == entity_id(label)


def test_seat_may_stand_for_an_organization(g):
    """As an actor Brussels is the EU; as a place it stays Belgium's capital."""
    assert (g.actor("Brussels").label, g.actor("Brussels").via) == ("European Union", "seat")
    assert (g.place("Brussels").label, g.place("Brussels").country) == ("Brussels", "Belgium")


def test_parenthetical_and_noise(g):
    assert g.actor("the World Health Organization (WHO)").label == "World Health Organization"
    assert g.actor('the "Blue House').label == "South Korea"
    assert g.actor("United-States").label == "United States"


def test_organization_home_country_is_a_country(g):
    assert g.actor("TASS").country == "Russia"
    assert g.actor("Hezbollah").country == "Lebanon"
    assert g.actor("NATO").country is None
    for entry in {e for e in g.actor_names().values() if e.type == "Organization"}:
        assert entry.country is None or g.country(entry.country) is not None, entry


@pytest.mark.parametrize("text", [
    # acronyms match capitals only: these are ordinary English words
    "us", "Us", "who", "Who", "ap", "is", "It", "un", "eu", "uk", "nato's ally",
    # withdrawn capitals: a name or another town far more often than the state
    "Victoria", "Santiago", "Kingston", "Georgetown", "San Jose", "Hamilton", "Male",
    # genuinely ambiguous: left unresolved rather than guessed
    "Korea", "Virgin Islands",
    # not names at all
    "", " ", "the", "...", "Erdoğan", "Recep Tayyip Erdoğan", "Vladimir Putin", "\u200b", "’s",
])
def test_actor_none(g, text):
    assert g.actor(text) is None


# ---- places ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, label, country", [
    ("Kyiv", "Kyiv", "Ukraine"), ("Kiev", "Kyiv", "Ukraine"), ("kiev", "Kyiv", "Ukraine"),
    ("Peking", "Beijing", "China"), ("Moscow", "Moscow", "Russia"), ("Tehran", "Tehran", "Iran"),
    ("Washington, D.C.", "Washington", "United States"), ("Washington DC", "Washington", "United States"),
    ("Bogotá", "Bogota", "Colombia"), ("Bogota", "Bogota", "Colombia"), ("Chișinău", "Chisinau", "Moldova"),
    ("Nur-Sultan", "Astana", "Kazakhstan"), ("Ulan Bator", "Ulaanbaatar", "Mongolia"),
    ("Victoria", "Victoria", "Seychelles"), ("Santiago", "Santiago", "Chile"),  # withdrawn as actors, still places
    ("Edinburgh", "Edinburgh", "Scotland"), ("Pristina", "Pristina", "Kosovo"),
])
def test_place_cities(g, text, label, country):
    hit = g.place(text)
    assert hit is not None, text
    assert (hit.label, hit.type, hit.country, hit.via) == (label, "City", country, "city")
    assert hit.id == entity_id(label)


@pytest.mark.parametrize("text, label", [
    ("Ukraine", "Ukraine"), ("U.S.", "United States"), ("Türkiye", "Turkey"), ("Singapore", "Singapore"),
    ("Monaco", "Monaco"), ("Luxembourg", "Luxembourg"), ("Vatican City", "Vatican City"), ("Djibouti", "Djibouti"),
])
def test_place_countries(g, text, label):
    hit = g.place(text)
    assert hit is not None and (hit.label, hit.type) == (label, "Country")


def test_place_does_not_read_seats_or_organizations(g):
    assert g.place("Kremlin") is None
    assert g.place("NATO") is None


def test_is_country(g):
    assert g.is_country("Ukraine") and g.is_country("the U.S.") and g.is_country("Türkiye")
    assert g.is_country("Palestine") and g.is_country("Taiwan")
    assert not g.is_country("Kyiv") and not g.is_country("NATO") and not g.is_country("Kremlin")
    assert not g.is_country("") and not g.is_country("Atlantis")


# ---- demonyms ------------------------------------------------------------------------
@pytest.mark.parametrize("word, label", [
    ("Russian", "Russia"), ("Russians", "Russia"), ("RUSSIAN", "Russia"), ("Ukrainian", "Ukraine"),
    ("Ukrainians", "Ukraine"), ("American", "United States"), ("Americans", "United States"),
    ("U.S.", "United States"), ("British", "United Kingdom"), ("Briton", "United Kingdom"),
    ("Britons", "United Kingdom"), ("Iranian", "Iran"), ("Iranians", "Iran"), ("Israeli", "Israel"),
    ("Israelis", "Israel"), ("Palestinian", "Palestine"), ("Palestinians", "Palestine"), ("Turkish", "Turkey"),
    ("Turks", "Turkey"), ("Chinese", "China"), ("French", "France"), ("German", "Germany"),
    ("Germans", "Germany"), ("Polish", "Poland"), ("Poles", "Poland"), ("Emirati", "United Arab Emirates"),
    ("Emiratis", "United Arab Emirates"), ("Saudi", "Saudi Arabia"), ("Saudis", "Saudi Arabia"),
    ("Swiss", "Switzerland"), ("Filipinos", "Philippines"), ("Congolese", "DR Congo"), ("Dutch", "Netherlands"),
    ("North Korean", "North Korea"), ("South Korean", "South Korea"), ("South Koreans", "South Korea"),
    ("Dominican", "Dominican Republic"), ("Ivorian", "Ivory Coast"), ("Azeri", "Azerbaijan"),
    ("Syrian", "Syria"), ("Belarusian", "Belarus"), ("Kosovar", "Kosovo"), ("Monégasque", "Monaco"),
])
def test_demonym(g, word, label):
    hit = g.demonym(word)
    assert hit is not None, word
    assert (hit.label, hit.type, hit.via) == (label, "Country", "demonym")


@pytest.mark.parametrize("word", ["Korean", "Koreans", "poles", "swedes", "russian", "Russia", "Moscow",
                                  "", "s", "Ss", "Erdoğan", "NATO"])
def test_demonym_none(g, word):
    assert g.demonym(word) is None


# ---- titles -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, title, kind", [
    ("President", "president", "head_of_state"), ("Prime Minister", "prime minister", "head_of_government"),
    ("Foreign Minister", "foreign minister", "minister"), ("foreign minister", "foreign minister", "minister"),
    ("FOREIGN MINISTER", "foreign minister", "minister"), ("Chancellor", "chancellor", "head_of_government"),
    ("spokesperson", "spokesperson", "official"), ("Spokesman", "spokesman", "official"),
    ("Mayor", "mayor", "official"), ("Governor", "governor", "official"), ("Senator", "senator", "official"),
    ("Ambassador", "ambassador", "diplomat"), ("envoy", "envoy", "diplomat"),
    ("Secretary of State", "secretary of state", "minister"), ("General", "general", "military"),
    ("Commander", "commander", "military"), ("leader", "leader", "other"), ("official", "official", "official"), ("King", "king", "royal"), ("Queen", "queen", "royal"), ("Pope", "pope", "religious"),
    ("Secretary-General", "secretary general", "official"), ("Secretary General", "secretary general", "official"),
    ("former President", "president", "head_of_state"), ("then-Prime Minister", "prime minister", "head_of_government"),
    ("acting Defence Minister", "defence minister", "minister"), ("senior official", "senior official", "official"),
    ("Chargé d’affaires", "charge d'affaires", "diplomat"),
])
def test_title(g, text, title, kind):
    assert g.title(text) == title
    assert g.title_kind(text) == kind


@pytest.mark.parametrize("text", ["", "Vladimir Putin", "Russia", "former", "the", "president of the club xyz"])
def test_title_none(g, text):
    assert g.title(text) is None


@pytest.mark.parametrize("text, title, affiliation", [
    ("Russian Foreign Minister", "foreign minister", "Russia"),
    ("former Russian President", "president", "Russia"),
    ("U.S. Secretary of State", "secretary of state", "United States"),
    ("Ukraine's president", "president", "Ukraine"),
    ("Kremlin spokesman", "spokesman", "Russia"),
    ("NATO Secretary-General", "secretary general", "NATO"),
    ("Iranian Foreign Ministry spokesperson", "foreign ministry spokesperson", "Iran"),
    ("President", "president", None),
])
def test_role(g, text, title, affiliation):
    role = g.role(text)
    assert role is not None and role.title == title
    assert (role.affiliation.label if role.affiliation else None) == affiliation


def test_role_none(g):
    assert g.role("Russian") is None and g.role("Vladimir Putin") is None and g.role("") is None


# ---- the tables themselves -----------------------------------------------------------------
def _rows(name, columns):
    return [row for _, row in read_table(ONTOLOGY / name, columns)]


COUNTRY_COLUMNS = ("label", "iso2", "aliases", "capital", "capital_aliases", "demonyms")


def test_no_name_means_two_countries():
    """Every name in countries.tsv and seats.tsv, in every reading, points at one country only."""
    owner: dict[str, str] = {}
    clashes = []
    for row in _rows("countries.tsv", COUNTRY_COLUMNS):
        names = [row["label"], row["capital"], *(row[c].split("|") for c in ("aliases", "capital_aliases", "demonyms"))]
        flat = [n for item in names for n in ([item] if isinstance(item, str) else item) if n]
        for name in flat:
            if owner.setdefault(name_key(name), row["label"]) != row["label"]:
                clashes.append((name, owner[name_key(name)], row["label"]))
    countries = set(owner.values())
    for row in _rows("seats.tsv", ("alias", "country", "note")):
        if row["country"] in countries and owner.setdefault(name_key(row["alias"]), row["country"]) != row["country"]:
            clashes.append((row["alias"], owner[name_key(row["alias"])], row["country"]))
    assert clashes == []


def test_country_table_shape():
    rows = _rows("countries.tsv", COUNTRY_COLUMNS)
    labels = [r["label"] for r in rows]
    codes = [r["iso2"] for r in rows]
    assert len(rows) >= 200
    assert len(set(labels)) == len(labels) and len(set(codes)) == len(codes)
    assert labels == sorted(labels, key=lambda s: (name_key(s).casefold(), s))
    assert all("," not in label and "(" not in label for label in labels)
    import pycountry
    assert {c.alpha_2 for c in pycountry.countries} <= set(codes)  # every ISO 3166-1 entry is there


def test_all_un_members_have_capital_and_demonym():
    # sovereign states (not territories): ISO entries with an official name, plus a few without one
    rows = {r["iso2"]: r for r in _rows("countries.tsv", COUNTRY_COLUMNS)}
    for code in ("US", "GB", "RU", "UA", "CN", "FR", "DE", "IR", "IL", "PS", "TR", "PL", "AE", "SA", "JP",
                 "IN", "BR", "ZA", "NG", "EG", "KP", "KR", "SY", "IQ", "AF", "PK", "VE", "MX", "CA", "AU"):
        assert rows[code]["capital"] and rows[code]["demonyms"], code


def test_tables_sorted_and_unique():
    for name, columns in (("organizations.tsv", ("label", "type", "aliases", "country")),
                          ("titles.tsv", ("title", "kind")), ("seats.tsv", ("alias", "country", "note"))):
        keys = [next(iter(r.values())) for r in _rows(name, columns)]
        assert len(set(keys)) == len(keys), name
    titles = _rows("titles.tsv", ("title", "kind"))
    assert [t["title"] for t in titles] == sorted(t["title"] for t in titles)
    assert len(titles) >= 150
    kinds = {"head_of_state", "head_of_government", "minister", "official", "military", "diplomat",
             "judicial", "religious", "royal", "other", "modifier"}
    assert {t["kind"] for t in titles} <= kinds
    orgs = _rows("organizations.tsv", ("label", "type", "aliases", "country"))
    assert 100 <= len(orgs) <= 300
    assert [o["label"].casefold() for o in orgs] == sorted(o["label"].casefold() for o in orgs)


def test_generator_reproduces_committed_table(tmp_path):
    """countries.tsv is what scripts/make_countries.py writes (edits after generation stay visible in diffs)."""
    out = tmp_path / "countries.tsv"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_countries.py"), "--out", str(out)],
                   check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == (ONTOLOGY / "countries.tsv").read_text(encoding="utf-8")


# ---- keys ----------------------------------------------------------------------------------
def test_name_key():
    assert name_key("U.S.") == name_key("US") == "US"
    assert name_key("Türkiye") == name_key("TURKIYE".title()) == "turkiye"
    assert name_key("Côte d’Ivoire") == name_key("cote d'ivoire")
    assert name_key("Guinea-Bissau") == name_key("Guinea Bissau")
    assert name_key("Washington, D.C.") == name_key("washington dc")
    assert is_acronym("U.N.") and is_acronym("NATO") and not is_acronym("Nato") and not is_acronym("A")


# ---- loading -------------------------------------------------------------------------------
def test_load_is_cached():
    Gazetteer._cache.pop(ONTOLOGY.resolve(), None)  # a real build, not the cache
    fresh = Gazetteer.load()
    assert Gazetteer.load() is fresh is Gazetteer.load(ONTOLOGY) is Gazetteer.load(str(ONTOLOGY))


def _copy_ontology(tmp_path: Path) -> Path:
    for f in ONTOLOGY.glob("*.tsv"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    return tmp_path


def test_user_edit_is_picked_up(tmp_path):
    d = _copy_ontology(tmp_path)
    with (d / "seats.tsv").open("a", encoding="utf-8") as f:
        f.write("Bankova Street\tUkraine\tadded by a user\n")
    assert Gazetteer.load(d).actor("Bankova Street").label == "Ukraine"


@pytest.mark.parametrize("file, line, message", [
    ("countries.tsv", "Atlantis\tAT2\tRussian Federation\t\t\t\n", "already means Russia"),
    ("countries.tsv", "Atlantis\tAT2\t\t\t\tRussian\n", "already means Russia"),
    ("seats.tsv", "Bankova\tRussia\tclash\n", "already means Ukraine"),
    ("seats.tsv", "Hogwarts\tNarnia\tunknown\n", "unknown country 'Narnia'"),
    ("seats.tsv", "Lyon\t-\tnot a capital\n", "not a capital"),
    ("organizations.tsv", "Fake News Agency\tOrganization\tUS\t\n", "already means United States"),
    ("organizations.tsv", "Fake Org\tOrganization\t\tNarnia\n", "unknown country"),
    ("titles.tsv", "president\tmilitary\n", "different kinds"),
    ("titles.tsv", "a\tb\tc\td\n", "cells, header has 2"),
])
def test_bad_rows_name_file_and_line(tmp_path, file, line, message):
    d = _copy_ontology(tmp_path)
    with (d / file).open("a", encoding="utf-8") as f:
        f.write(line)
    n_lines = len((d / file).read_text(encoding="utf-8").splitlines())
    with pytest.raises(GazetteerError) as err:
        Gazetteer.load(d)
    assert message in str(err.value)
    assert f"{file}:{n_lines}" in str(err.value)


def test_missing_file_and_column(tmp_path):
    d = _copy_ontology(tmp_path)
    (d / "titles.tsv").unlink()
    with pytest.raises(GazetteerError, match="titles.tsv: cannot read"):
        Gazetteer.load(d)
    (tmp_path / "two").mkdir()
    d2 = _copy_ontology(tmp_path / "two")
    (d2 / "seats.tsv").write_text("alias\tcountry\nKremlin\tRussia\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"seats.tsv:1: header lacks column\(s\) note"):
        Gazetteer.load(d2)


def test_lookups_are_cheap(g):
    """The extractor asks per token: a word asked again is answered from the cache, not folded anew."""
    from kg import gazetteer

    words = ["Kyiv", "the Kremlin", "said", "Russian", "President", "U.S.", "Vladimir Putin", "talks", "Erdoğan", "WHO"]
    for w in words:
        g.actor(w), g.demonym(w), g.title(w)
    before = gazetteer._candidate_keys.cache_info().misses, gazetteer._lower_words.cache_info().misses
    for i in range(500):
        for w in words:
            g.actor(w), g.demonym(w), g.title(w)
    assert (gazetteer._candidate_keys.cache_info().misses, gazetteer._lower_words.cache_info().misses) == before


def test_a_hyphenated_letter_number_acronym_is_the_unhyphenated_one():
    from kg.gazetteer import _candidate_keys
    assert "g7" in _candidate_keys("G-7") and "g7" in _candidate_keys("the G-7")
    assert "g7" not in _candidate_keys("g-7 road")


def test_phoenix_keys_are_the_gazetteer_keys_of_their_names():
    """ontology/phoenix_actors.tsv stores folded keys so loading folds nothing: they must be current."""
    from kg import ontology
    from kg.gazetteer import name_key
    for line in ontology.path("phoenix_actors.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("label\t"):
            continue
        label, aliases, _, keys = line.split("\t")
        names = [label, *aliases.split("|")] if aliases else [label]
        assert keys.split("|") == [name_key(n) for n in names], line


def test_phoenix_organisations_extend_kg_tables_which_win():
    from kg.gazetteer import Gazetteer
    gaz = Gazetteer.load()
    assert gaz.actor("Moro National Liberation Front").via == "phoenix"
    assert gaz.actor("MNLF").label == "Moro National Liberation Front"
    # a Phoenix variant of an organisation kg knows is a name of kg's entry
    assert gaz.actor("Islamic State of Iraq").label == gaz.actor("ISIS").label
    assert gaz.actor("Hamas").via == "organization"
    assert gaz.actor("red line") is None  # a common phrase is no organisation's name
