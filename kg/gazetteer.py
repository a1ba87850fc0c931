"""World knowledge as data: countries, capitals, seats of government, organisations, titles.

The tables live in ``ontology/*.tsv`` (tab-separated, a header line, ``|`` between list
values, ``#`` comments). This module only indexes them: every name is reduced to a key
(:func:`name_key`) that ignores case, accents, dots and quote styles, so "U.S.", "US";
"Türkiye", "Turkiye"; "Côte d’Ivoire", "cote d'ivoire" meet. Names written entirely in
capitals (acronyms: "US", "WHO", "AP") match only input in capitals, so "us", "who"
and "ap" stay ordinary words.

Two readings of a capital: as an actor ("Kyiv has violated them") it stands for its
country; as a place ("a meeting in Kyiv") it is the city.

Places beyond capitals (``places.tsv``: cities and US states, from GeoNames) are places only,
never actors, and are matched only as written with a capital letter. One name may name several
places ("Georgia" the country and the US state, "London" in England and in Ontario): the
country, then a capital, then the most populous is the default, and the article's other places
choose another (see :meth:`Gazetteer.place` and :meth:`Gazetteer.place_context`).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from collections import Counter
from typing import Iterable, Iterator, Mapping, Optional, Sequence

from kg import ontology
from kg.model import entity_id
from kg.text import strip_accents
from kg.ontology import OntologyError, numbered_rows


# quote marks people and typesetters use for the apostrophe
_APOSTROPHES = dict.fromkeys(map(ord, "\u2018\u2019\u201b\u02bc\u02bb\u0060\u00b4\u2032"), "'")
_NON_WORD = re.compile(r"[^\w' ]+")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:'s|s')$")
_PARENTHETICAL = re.compile(r"\s*\(.*$")  # "World Health Organization (WHO)": the name before it
_LEADING_THE = re.compile(r"^(?i:the) ")


def _fold(text: str) -> str:
    """Accents off, quote marks unified, dots out ("U.S." -> "US"), other punctuation to spaces."""
    text = text.translate(_APOSTROPHES)
    if not text.isascii():
        text = strip_accents(text).replace("\u0131", "i").replace("\u00df", "ss").replace("\u00f8", "o").replace("\u00d8", "O")
    text = text.replace(".", "").replace("&", " and ")
    text = _NON_WORD.sub(" ", text.replace("_", " "))
    return _SPACES.sub(" ", text).strip(" '")


def is_acronym(name: str) -> bool:
    """True for names written in capitals ("US", "U.N.", "NATO"): they match only capitals."""
    letters = [c for c in _fold(name) if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def name_key(name: str) -> str:
    """The lookup key of a name: acronyms keep their capitals, everything else is casefolded."""
    folded = _fold(name)
    return folded if is_acronym(name) else folded.casefold()


@dataclass(frozen=True)
class Entry:
    """What a name resolves to.

    ``via`` says which table matched: name, alias, capital, seat, organization, demonym,
    or city (a capital read as a place). ``country`` is the country the entry belongs to
    (a country's own label; a city's country; an organisation's home country, if any).
    """

    label: str
    type: str  # "Country" | "City" | "Region" | "Organization"
    id: str
    via: str
    country: Optional[str] = None
    iso2: Optional[str] = None


Place = Entry  # a place is an Entry whose type is Country or City


@dataclass(frozen=True)
class Role:
    """A title phrase read apart: "former Russian Foreign Minister" -> foreign minister of Russia."""

    title: str
    kind: str
    affiliation: Optional[Entry] = None


GazetteerError = OntologyError  # a malformed ontology file; the message names the file and line


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


class _Index:
    """key -> Entry, refusing a key that would point at two different things."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.exact: dict[str, Entry] = {}
        self.where: dict[str, str] = {}

    def add(self, name: str, entry: Entry, where: str, override: bool = False) -> None:
        key = name_key(name)
        if not key:
            return
        old = self.exact.get(key)
        if old is not None and not override:
            if (old.label, old.type) == (entry.label, entry.type):
                return  # the same thing named twice (e.g. with and without accents)
            raise GazetteerError(f"{where}: {name!r} already means {old.label} ({self.where[key]}) "
                                 f"in the {self.name} index, not {entry.label}")
        self.exact[key] = entry
        self.where[key] = where

    def get(self, text: str) -> Optional[Entry]:
        for key in _candidate_keys(text):
            hit = self.exact.get(key)
            if hit is not None:
                return hit
        return None


@lru_cache(maxsize=1 << 16)
def _lower_words(text: str) -> tuple[str, ...]:
    return tuple(_fold(text).casefold().split())


@lru_cache(maxsize=1 << 16)
def _candidate_keys(text: str) -> tuple[str, ...]:
    """Keys to try for a mention: as written, without a leading "the", without a possessive."""
    return tuple(dict.fromkeys(_generate_keys(text))) if text else ()


# "G-7", "P-5": a letter-number acronym written with a hyphen is the one written without
_HYPHENED_ACRONYM = re.compile(r"^(?:the )?([A-Z]+)-(\d+)$", re.IGNORECASE)


def _generate_keys(text: str) -> Iterator[str]:
    hyphened = _HYPHENED_ACRONYM.match(text)
    if hyphened and hyphened.group(1).isupper():
        yield (hyphened.group(1) + hyphened.group(2)).casefold()
    folded = _fold(_PARENTHETICAL.sub("", text) or text)
    forms = [folded]
    if _POSSESSIVE.search(folded) and not folded.endswith("ss'"):
        forms.append(_POSSESSIVE.sub("", folded).rstrip())
    for form in forms:
        bare = _LEADING_THE.sub("", form)
        for f in (form, bare) if bare != form else (form,):
            if is_acronym(f):
                yield f
            yield f.casefold()


def numbered_rows_only(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    return [row for _, row in numbered_rows(path, columns)]


class Gazetteer:
    """Dictionary lookups over the ontology tables; build once with :meth:`load`."""

    _cache: dict[Path, "Gazetteer"] = {}

    def __init__(self) -> None:
        self._actors = _Index("actor")
        self._places = _Index("place")
        self._demonyms = _Index("demonym")
        self._countries: dict[str, Entry] = {}  # label -> Entry
        self._organizations: dict[str, Entry] = {}  # label -> Entry
        self._titles: dict[str, tuple[str, str]] = {}  # key -> (title, kind)
        self._modifiers: set[str] = set()
        self._longest_title = 1
        self._state_nouns: frozenset[str] = frozenset()
        self._localities: dict[str, list[Entry]] = {}  # key -> places.tsv entries, the default first
        self.load_seconds = 0.0

    # ---- building -------------------------------------------------------------------
    @classmethod
    def load(cls, ontology_dir: Path | str | None = None) -> "Gazetteer":
        """The gazetteer of ``ontology_dir`` (default: the ontology folder in use), cached per folder."""
        directory = ontology.directory(ontology_dir).resolve()
        cached = cls._cache.get(directory)
        if cached is None:
            started = time.perf_counter()
            cached = cls()
            cached._read_countries(directory / "countries.tsv")
            cached._read_organizations(directory / "organizations.tsv")
            cached._read_seats(directory / "seats.tsv")
            cached._read_titles(directory / "titles.tsv")
            if (directory / "phoenix_actors.tsv").exists():
                cached._read_phoenix(directory / "phoenix_actors.tsv")
            if (directory / "places.tsv").exists():
                cached._read_places(directory / "places.tsv")
            if (directory / "state_nouns.tsv").exists():
                cached._state_nouns = frozenset(row["lemma"].lower() for row in
                                                numbered_rows_only(directory / "state_nouns.tsv", ("lemma",)))
            cached.load_seconds = time.perf_counter() - started
            cls._cache[directory] = cached
        return cached

    def _read_countries(self, path: Path) -> None:
        cols = ("label", "iso2", "aliases", "capital", "capital_aliases", "demonyms")
        rows = list(numbered_rows(path, cols))
        for lineno, row in rows:
            label, iso2 = row["label"], row["iso2"] or None
            where = f"{path}:{lineno}"
            country = Entry(label, "Country", entity_id(label), "name", label, iso2)
            self._countries[label] = country
            self._actors.add(label, country, where)
            self._places.add(label, country, where)
            alias = Entry(label, "Country", country.id, "alias", label, iso2)
            for name in _split(row["aliases"]):
                self._actors.add(name, alias, where)
                self._places.add(name, alias, where)
            demonym = Entry(label, "Country", country.id, "demonym", label, iso2)
            for name in _split(row["demonyms"]):
                self._demonyms.add(name, demonym, where)
        # capitals after all country names, so a capital can never shadow a country's name
        for lineno, row in rows:
            if not row["capital"]:
                if row["capital_aliases"]:
                    raise GazetteerError(f"{path}:{lineno}: capital_aliases without a capital")
                continue
            where, label = f"{path}:{lineno}", row["label"]
            country = self._countries[label]
            as_actor = Entry(label, "Country", country.id, "capital", label, country.iso2)
            city = Entry(row["capital"], "City", entity_id(row["capital"]), "city", label, country.iso2)
            for name in [row["capital"], *_split(row["capital_aliases"])]:
                # a city-state's capital (Singapore, Monaco) is the country in both readings
                if self._same_country(self._actors, name, label, where):
                    continue
                self._actors.add(name, as_actor, where)
                self._places.add(name, city, where)

    @staticmethod
    def _same_country(index: "_Index", name: str, label: str, where: str) -> bool:
        """True if ``name`` already names country ``label``; an error if it names another."""
        old = index.exact.get(name_key(name))
        if old is None:
            return False
        if old.label != label:
            raise GazetteerError(f"{where}: capital {name!r} already means {old.label} ({index.where[name_key(name)]})")
        return True

    def _read_seats(self, path: Path) -> None:
        for lineno, row in numbered_rows(path, ("alias", "country", "note")):
            where = f"{path}:{lineno}"
            if row["country"] in ("", "-"):
                # a capital that is no metonym (a common name or word): not an actor
                key = name_key(row["alias"])
                if self._actors.exact.get(key) is None or self._actors.exact[key].via != "capital":
                    raise GazetteerError(f"{where}: {row['alias']!r} is not a capital; nothing to withdraw")
                del self._actors.exact[key]
                continue
            target = self._countries.get(row["country"]) or self._organizations.get(row["country"])
            if target is None:
                raise GazetteerError(f"{where}: unknown country {row['country']!r} "
                                     "(not a label in countries.tsv or organizations.tsv)")
            old = self._actors.exact.get(name_key(row["alias"]))
            # a seat may re-read a capital: as an actor, "Brussels" is the EU more often than Belgium
            self._actors.add(row["alias"], replace(target, via="seat"), where,
                             override=old is not None and old.via == "capital")

    def _read_places(self, path: Path) -> None:
        by_code = {entry.iso2: entry.label for entry in self._countries.values() if entry.iso2}
        rows = []
        for lineno, row in numbered_rows(path, ("label", "type", "iso2", "population", "aliases")):
            if row["iso2"] not in by_code or row["type"] not in ("City", "Region"):
                raise GazetteerError(f"{path}:{lineno}: unknown country code {row['iso2']!r} "
                                     f"or type {row['type']!r} (City or Region)")
            # cities before regions of one name ("New York"), then the larger first
            rows.append(((row["type"] != "City", -int(row["population"] or 0), lineno), row))
        # ids already given (countries, capitals) stay theirs: another place of the name gets its
        # country's code ("Georgia" the US state is actor:georgia-us)
        owners = {e.id: (e.label, e.iso2) for e in self._places.exact.values()}
        for _, row in sorted(rows, key=lambda r: r[0]):
            label, iso2 = row["label"], row["iso2"]
            id_ = entity_id(label)
            if owners.setdefault(id_, (label, iso2)) != (label, iso2):
                id_ = entity_id(f"{label} {iso2}")
            entry = Entry(label, row["type"], id_, "place", by_code[iso2], iso2)
            for name in [label, *_split(row["aliases"])]:
                found = self._localities.setdefault(name_key(name), [])
                if all((e.label, e.iso2) != (label, iso2) for e in found):
                    found.append(entry)

    def _read_organizations(self, path: Path) -> None:
        for lineno, row in numbered_rows(path, ("label", "type", "aliases", "country")):
            where, label = f"{path}:{lineno}", row["label"]
            home = row["country"] or None
            if home is not None and home not in self._countries:
                raise GazetteerError(f"{where}: unknown country {home!r} (not a label in countries.tsv)")
            entry = Entry(label, row["type"] or "Organization", entity_id(label), "organization", home)
            self._organizations[label] = entry
            for name in [label, *_split(row["aliases"])]:
                self._actors.add(name, entry, where)

    def _read_phoenix(self, path: Path) -> None:
        """Organisations of the Phoenix dictionaries (scripts/make_actors.py): kg's own tables read
        before them win; a row sharing a name with one of kg's organisations adds its other names
        to it, a row sharing one with a country or place is left out. Plain splits, and the keys
        come folded in the table: 1,600 rows load in milliseconds."""
        actors, where = self._actors.exact, self._actors.where
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line[0] == "#" or line.startswith("label\t"):
                continue
            label, _, _, keys = line.split("\t")
            keys = keys.split("|")
            known = [actors[k] for k in keys if k in actors]
            if any(e.type != "Organization" for e in known):
                continue  # "Palestine" or a capital: a state, not this organisation
            entry = known[0] if known else Entry(label, "Organization", entity_id(label), "phoenix")
            for key in keys:
                if key and key not in actors:
                    actors[key] = entry
                    where[key] = path.name

    def _read_titles(self, path: Path) -> None:
        for lineno, row in numbered_rows(path, ("title", "kind")):
            key = name_key(row["title"]).casefold()
            if row["kind"] == "modifier":
                self._modifiers.add(key)
                continue
            if key in self._titles:  # a spelling variant ("secretary-general"): the first spelling is canonical
                if self._titles[key][1] != row["kind"]:
                    raise GazetteerError(f"{path}:{lineno}: title {row['title']!r} listed twice with different kinds")
                continue
            self._titles[key] = (row["title"].casefold(), row["kind"])
            self._longest_title = max(self._longest_title, key.count(" ") + 1)

    # ---- lookups --------------------------------------------------------------------
    def actor(self, text: str) -> Optional[Entry]:
        """The canonical actor a name stands for: countries, capitals, seats -> the country; organisations.

        ``via`` tells how: name, alias, capital, seat (Kremlin; Brussels -> European Union), organization.
        """
        return self._actors.get(text)

    def place(self, text: str, context: Optional[Mapping[str, int]] = None) -> Optional[Entry]:
        """A name read as a place: a country, a capital city under its news spelling (Kiev -> Kyiv),
        a city or region of places.tsv (written with a capital letter).

        Of several places of one name the default is the first of :meth:`places`; ``context``
        (country code -> places of the article in that country, :meth:`place_context`) picks
        another whose country the article's other places name more often: "Georgia" beside
        Atlanta and Ohio is the US state, beside Tbilisi or alone the country.
        """
        candidates = self.places(text)
        if len(candidates) < 2 or not context:
            return candidates[0] if candidates else None
        best = candidates[0]
        for entry in candidates[1:]:
            if context.get(entry.iso2 or "", 0) > context.get(best.iso2 or "", 0):
                best = entry
        return best

    def places(self, text: str) -> list[Entry]:
        """Every place a name may be, the default reading first (country, capital, city, region)."""
        out = []
        base = self._places.get(text)
        if base is not None:
            out.append(base)
        if text[:1].isupper() or _LEADING_THE.match(text):
            for key in _candidate_keys(text):
                found = self._localities.get(key)
                if found:
                    out.extend(e for e in found if all((e.label, e.iso2) != (o.label, o.iso2) for o in out))
                    break
        return out

    def place_context(self, names: Iterable[str]) -> Counter:
        """Country code -> how many of ``names`` are cities or regions of that country, counting
        only names that mean one place (a country's own name says nothing about its states)."""
        context: Counter = Counter()
        for name in names:
            found = self.places(name)
            if len(found) == 1 and found[0].type in ("City", "Region") and found[0].iso2:
                context[found[0].iso2] += 1
        return context

    def is_state_noun(self, lemma: str) -> bool:
        """ "government": with a country's name, the state itself (ontology/state_nouns.tsv)."""
        return lemma.lower() in self._state_nouns

    def demonym(self, word: str) -> Optional[Entry]:
        """The country of a demonym or national adjective, singular or plural: Russian(s) -> Russia."""
        if not word or word == word.lower():
            return None  # English capitalises demonyms: "poles", "finn", "swede" are other words
        hit = self._demonyms.get(word)
        if hit is None and word[-1:] in "sS" and len(word) > 3:
            hit = self._demonyms.get(word[:-1])
        return hit

    def country(self, label: str) -> Optional[Entry]:
        """The country entry of a canonical label (exactly as in countries.tsv)."""
        return self._countries.get(label)

    def countries(self) -> list[Entry]:
        return [self._countries[k] for k in sorted(self._countries)]

    def is_country(self, text: str) -> bool:
        hit = self._places.get(text)
        return hit is not None and hit.type == "Country"

    def title(self, text: str) -> Optional[str]:
        """The canonical (lowercase) title of a title phrase: "Foreign Minister" -> "foreign minister"."""
        hit = self._title_entry(_lower_words(text))
        return hit[0] if hit else None

    def title_kind(self, text: str) -> Optional[str]:
        """head_of_state, head_of_government, minister, official, military, diplomat, ..."""
        hit = self._title_entry(_lower_words(text))
        return hit[1] if hit else None

    def role(self, text: str) -> Optional[Role]:
        """Read "former Russian Foreign Minister", "Ukraine's president", "U.S. Secretary of State"."""
        words = _fold(text).split()
        hit = self._title_entry([w.casefold() for w in words])
        if hit is not None:
            return Role(hit[0], hit[1])
        while words and words[0].casefold() in self._modifiers | {"the", "a", "an"}:
            words = words[1:]
        for cut in range(min(len(words) - 1, 4), 0, -1):  # affiliation: the longest head that names one
            head = " ".join(words[:cut])
            affiliation = self.demonym(head) or self._actors.get(head)
            hit = self._title_entry([w.casefold() for w in words[cut:]]) if affiliation else None
            if hit is not None:
                return Role(hit[0], hit[1], affiliation)
        return None

    def _title_entry(self, words: Sequence[str]) -> Optional[tuple[str, str]]:
        """Exact title first ("senior official"), then without leading modifiers ("former president")."""
        while words and len(words) <= self._longest_title + 3:
            hit = self._titles.get(" ".join(words))
            if hit is not None or (words[0] not in self._modifiers and words[0] not in ("the", "a", "an")):
                return hit
            words = words[1:]
        return None

    # ---- inspection (tests, reports) ----------------------------------------------------
    def actor_names(self) -> dict[str, Entry]:
        return dict(self._actors.exact)


def load(ontology_dir: Path | str | None = None) -> Gazetteer:
    """Shorthand for :meth:`Gazetteer.load`."""
    return Gazetteer.load(ontology_dir)
