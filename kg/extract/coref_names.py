"""Who is who, the name passes of the coreference sieve (kg/extract/coref.py): what an entity
is, its gender words, and the passes over names: titled and suffixed forms (pass 1), acronyms
(pass 3), state nouns with a country, and head and relaxed string match (pass 4)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from spacy.tokens import Span

from kg import ontology
from kg.extract.names import NAME_SUFFIXES, fold_name, strip_name
from kg.extract.docindex import entity_at, tokens_with
from kg.extract.syntax import noun_phrase
from kg.model import Filler, entity_id

# words of a name an acronym skips: "Organisation of Islamic Cooperation" is OIC
ACRONYM_SKIP = {"of", "the", "and", "for", "on", "in", "to", "de", "du", "des", "la", "le", "&"}

@dataclass
class Cluster:
    """One entity of the article: its filler, what the article says it is, and its mentions."""

    filler: Filler
    gender: Optional[str] = None  # "m" / "f", for persons
    roles: set[tuple[str, str]] = field(default_factory=set)  # (title, affiliation label or "")
    heads: set[str] = field(default_factory=set)  # head nouns it is called by: "council", "network"
    positions: list[int] = field(default_factory=list)  # head token of each mention, sorted
    aliases: set[str] = field(default_factory=set)  # the names it is called by
    descriptions: set[str] = field(default_factory=set)  # "the president", "the mayor of Paris"
    countries: set[str] = field(default_factory=set)  # "Austrian manufacturer X": the countries said its own

    @property
    def person(self) -> bool:
        return self.filler.type == "Person"


@dataclass(frozen=True)
class Gender:
    """Gender words: honorifics before names and nouns for people, and first names; and the common
    nouns for people and bodies of people a pronoun may mean unnamed."""

    honorifics: dict[str, str]  # "mme" -> "f"; "dr" -> "" (dropped from a name, no gender)
    nouns: dict[str, str]  # "wife" -> "f"
    first_names: dict[str, str]  # "nancy" -> "f"
    people: frozenset[str] = frozenset()  # "officer", "gunman": "he", "she" or "they"
    collectives: frozenset[str] = frozenset()  # "crowd", "government": "it" (their plurals "they")

    @classmethod
    def load(cls, ontology_dir: Optional[Path] = None) -> "Gender":
        honorifics, nouns = {}, {}
        for row in ontology.read_table(ontology.path("honorifics.tsv", ontology_dir), ("word", "gender", "kind")):
            gender = row["gender"] if row["gender"] in ("m", "f") else ""
            (honorifics if row["kind"] == "honorific" else nouns)[row["word"].lower()] = gender
        first = {row["name"]: row["gender"] for row in
                 ontology.read_table(ontology.path("first_names.tsv", ontology_dir), ("name", "gender"))}
        kinds: dict[str, set[str]] = {"person": set(), "collective": set()}
        for row in ontology.read_table(ontology.path("person_nouns.tsv", ontology_dir), ("lemma", "kind")):
            if row["kind"] not in kinds:
                raise ValueError(f"person_nouns.tsv: kind {row['kind']!r} of {row['lemma']!r} is not person or collective")
            kinds[row["kind"]].add(row["lemma"].lower())
        return cls(honorifics, nouns, first, frozenset(kinds["person"] | set(nouns)), frozenset(kinds["collective"]))

    def of_name(self, label: str) -> Optional[str]:
        words = label.split()
        if len(words) < 2:
            return None  # a surname alone tells nothing
        first = _ascii(words[0]).lower().strip(".")
        return self.first_names.get(first) or None


@lru_cache(maxsize=1)
def counterpart_nouns() -> frozenset[str]:
    """ "partner", "side", "buyer": nouns for a party a nationality picks out (counterpart_nouns.tsv)."""
    return frozenset(row["lemma"] for row in ontology.read_table(ontology.path("counterpart_nouns.tsv"), ("lemma",)))


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def initials(words: list[str]) -> str:
    """The acronym a name makes: "Popular Mobilization Forces" -> PMF, "ABS-CBN" stays."""
    out = []
    for word in words:
        if word.lower() in ACRONYM_SKIP:
            continue
        for part in re.split(r"[-–]", word):
            if part[:1].isalpha():
                out.append(part[0].upper())
    return "".join(out)


def acronym_letters(text: str) -> str:
    """The capitals of an acronym ("PMF", "U.S.", "AfCFTA" -> ACFTA); "" for other words."""
    letters = re.sub(r"[^A-Za-z]", "", text)
    capitals = "".join(c for c in letters if c.isupper())
    if len(capitals) < 2 or not letters[:1].isupper() or len(capitals) * 2 < len(letters) + 1:
        return ""
    return capitals


def name_words(label: str) -> list[str]:
    return re.sub(r"[^\w' -]", "", fold_name(label)).split()


def one_edit(a: str, b: str) -> bool:
    """Whether two strings differ by one letter inserted, dropped or changed."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


# words before a title that make another office, though they are no title themselves
SUBORDINATE_WORDS = {"vice", "assistant", "under"}
# the nouns of a government a leader's name before them names ("the Trump administration")
LEADERS_BODIES = {"administration", "government", "cabinet"}
# the words that describe a body before its name: "Austrian mortar and shell manufacturer"
DESCRIBING_POS = ("ADJ", "NOUN", "PROPN", "CCONJ")
# a bracket that may open a gloss, and the one that closes it
GLOSS_BRACKETS = {"[": "]", "(": ")"}
# the types of a place's cluster: their spellings are compared, never their heads
PLACE_TYPES = ("City", "Region")
# letters transliterations of one name disagree on: "kh"/"k", "gh"/"g", "ou"/"u", "y"/"i"
_SILENT_H = re.compile(r"(?<=[bcdgkpt])h")
_DOUBLED = re.compile(r"(\w)\1")


def transliteration_key(label: str) -> str:
    """A name as transliterations agree on it: "Haghia Sophia" and "Hagia Sophia" both "hagia sopia"."""
    text = " ".join(name_words(label)).replace("y", "i").replace("ou", "u")
    return _DOUBLED.sub(r"\1", _SILENT_H.sub("", text))


def heads_name(words: tuple[str, ...], longer: tuple[str, ...]) -> bool:
    """ "House" heads "House of Representatives" (and "Council" "Security Council"), but only
    modifies "House Judiciary Committee": a shorter name ending a longer one or followed in it by
    "of" is its head, the other name's short form rather than a part of its name."""
    size = len(words)
    return longer[-size:] == words or (longer[:size] == words and longer[size:size + 1] == ("of",))


def singular(word: str) -> str:
    """ "Defence Forces" and "Defence Force" are one name."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word



class NameSieves:
    """The name passes of ``Coreference`` (kg/extract/coref.py), which holds the clusters they fill."""

    @property
    def counterparts(self) -> frozenset[str]:
        return counterpart_nouns()

    def name_end(self, ent: Span) -> int:
        """ "Cyrus R. Vance, Jr.": a generational suffix the tagger left out ends the name."""
        doc, end = self.doc, ent.end
        if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_.strip(".") in NAME_SUFFIXES:
            return end + 2
        if end < len(doc) and doc[end].lower_.strip(".") in NAME_SUFFIXES and doc[end].is_title:
            return end + 1
        return end

    def countries_before(self, ent: Span) -> set[str]:
        """ "Austrian mortar and shell manufacturer Hirtenberger Defence Group": the countries of the
        demonyms in the words describing a body before its name."""
        out, i = set(), ent.start - 1
        while i >= 0 and (self.doc[i].pos_ in DESCRIBING_POS or self.doc[i].text == "-") and \
                self.doc[i].ent_type_ in ("", "NORP"):
            entry = self.gaz.demonym(self.doc[i].text)
            if entry is not None:
                out.add(entry.label)
            i -= 1
        return out

    def acronym_following(self, ent: Span) -> Optional[str]:
        """ "the African Regional Water Authority (ARWA)": the acronym the name defines in brackets."""
        doc, end = self.doc, ent.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            return doc[end + 1].text
        return None

    def named_by_title(self, ent: Span) -> bool:
        root = ent.root
        if self.gaz.actor(strip_name(ent.text)):
            return False
        nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            nouns.append(root.head)
        return any(self.gaz.title(n.text) and n.tag_ == "NN" for n in nouns)

    def name_with_place(self, ent: Span) -> Optional[str]:
        """ "the Supreme Court of the United States", "Embassy in Baghdad": the tagger cut the name
        before its place; the whole is another name of the body."""
        doc = self.doc
        if ent.label_ not in ("ORG", "FAC") or ent.end + 1 >= len(doc) or doc[ent.end].lower_ not in ("of", "in"):
            return None
        nxt = entity_at(doc[ent.end + 1]) if doc[ent.end + 1].lower_ != "the" else \
            (entity_at(doc[ent.end + 2]) if ent.end + 2 < len(doc) else None)
        if nxt is None or nxt.label_ not in ("GPE", "ORG") or not ent.root.is_title:
            return None
        return strip_name(doc[ent.start:nxt.end].text)

    def title_inside(self, ent: Span) -> Optional[tuple[str, str]]:
        words = strip_name(ent.text).split()
        name = self.resolver.index.person_name(ent.text).split()
        if len(name) >= len(words):
            return None
        role = self.gaz.role(" ".join(words[:len(words) - len(name)]))
        return (role.title, role.affiliation.label if role.affiliation else "") if role else None

    def title_before(self, ent: Span) -> tuple[int, Optional[tuple[str, str]]]:
        """The first token of a title written before a name ("United States President Donald
        Trump", "AU trade and industry commissioner Albert Muchanga") and the role it gives."""
        first = ent.start
        for child in ent.root.lefts:
            if child.i < ent.start and child.dep_ in ("compound", "amod", "nmod", "poss"):
                first = min(first, child.left_edge.i)
        while first < ent.start and (self.doc[first].dep_ in ("det", "punct", "case") or
                                     self.doc[first].lower_ in ("the", "'s")):
            first += 1
        found = self.title_at(first, ent) if first < ent.start else None
        if found is None:
            first = self.title_in_apposition(ent)
            found = self.title_at(first, ent) if first < ent.start else None
        return (first, found) if found is not None else (ent.start, None)

    def title_at(self, first: int, ent: Span) -> Optional[tuple[str, str]]:
        """The role the words from first to the name give, or None."""
        words = self.doc[first:ent.start]
        role = self.gaz.role(words.text) or self.role_of_phrase(words)
        if role is None:
            # the title is the end of the words: "Manhattan District Attorney", "AU ... commissioner"
            for cut in range(len(words)):
                role = self.gaz.role(words[cut:].text)
                if role is not None:
                    break
            if role is not None and cut and self.subordinate(words[cut - 1].lower_):
                # "Deputy Governor Oleg Klimov" is a deputy governor, not the governor
                return f"{words[cut - 1].lower_} {role.title}", role.affiliation.label if role.affiliation else ""
        if role is None:
            return None
        return role.title, role.affiliation.label if role.affiliation else ""

    def subordinate(self, word: str) -> bool:
        """ "deputy", "vice": a word that before a title makes another, lesser office."""
        return word in SUBORDINATE_WORDS or bool(self.gaz.title(word))

    def role_of_phrase(self, words: Span) -> Optional[object]:
        """ "President of the United States" is "United States President": the affiliation
        after "of" read as the one written before the title."""
        of = next((t.i for t in words if t.lower_ == "of"), None)
        if of is None or of == words.start or of + 1 >= words.end:
            return None
        after = self.doc[of + 1:words.end]
        affiliation = strip_name(after.text)
        return self.gaz.role(f"{affiliation} {self.doc[words.start:of].text}")

    def title_in_apposition(self, ent: Span) -> int:
        """ "the President of the United States Donald Trump": the name is in apposition to the
        title phrase just before it; the phrase's first word (the title's start) or ent.start."""
        root = ent.root
        head = root.head
        if root.dep_ == "pobj" and head.lower_ == "of":  # parsed "President of [France Emmanuel Macron]"
            head = head.head
        elif root.dep_ != "appos":
            return ent.start
        if head.i >= ent.start or head.pos_ not in ("PROPN", "NOUN"):
            return ent.start
        if ent.start == 0 or self.doc[ent.start - 1] not in set(head.subtree) or \
                any(t.is_punct for t in self.doc[head.i:ent.start]):
            return ent.start
        first = head.left_edge.i
        while first < head.i and self.doc[first].dep_ in ("det", "punct"):
            first += 1
        return first

    def _glosses(self, bracket: str) -> None:
        """ "Ayasofya [Hagia Sophia]", "Magyar Posta Zrt. (Hungarian Post)": a name glossed by another
        in brackets right after it is one entity (square brackets: an editor's gloss of any name;
        round ones: only a name of the same kind, never a place, which locates rather than renames).
        ``bracket``: the kind of bracket read by this pass."""
        by_start = {ent.start: ent for ent in self.name_spans}
        doc = self.doc
        for ent in self.name_spans:
            if ent.end + 2 >= len(doc) or doc[ent.end].text != bracket:
                continue
            gloss = by_start.get(ent.end + 1)
            if gloss is None or gloss.end >= len(doc) or doc[gloss.end].text != GLOSS_BRACKETS[doc[ent.end].text]:
                continue
            if doc[ent.end].text == "(" and (gloss.label_ != ent.label_ or ent.label_ in ("GPE", "LOC")
                                             or acronym_letters(gloss.text)):
                continue
            one, other = self.name_ids.get(ent.start), self.name_ids.get(gloss.start)
            if one and other:
                self.merge_into_larger(other, one)

    # -- pass 3: acronyms --------------------------------------------------------------------
    def _acronyms(self) -> None:
        """An acronym means the name whose initials it spells, defined in the text ("(PMF)") or not."""
        by_initials: dict[str, list[str]] = {}
        acronyms: list[tuple[Span, str]] = []
        for ent in self.name_spans:
            cluster = self.cluster(self.name_ids.get(ent.start))
            if cluster is None or cluster.person:
                continue
            letters = acronym_letters(ent.text)
            if letters:
                acronyms.append((ent, cluster.filler.id))
                continue
            words = strip_name(ent.text).split()
            if len(words) >= 2:
                key = initials(words)
                if len(key) >= 2 and cluster.filler.id not in by_initials.get(key, []):
                    by_initials.setdefault(key, []).append(cluster.filler.id)
        for ent, id_ in acronyms:
            letters = acronym_letters(ent.text)
            named = [self.canonical(i) for i in by_initials.get(letters, [])]
            named = sorted({i for i in named if i and i != self.canonical(id_)})
            if len(named) != 1:
                continue
            acronym_entry = self.gaz.actor(ent.text)
            if acronym_entry is not None and self.gaz.actor(self.clusters[named[0]].filler.label) is None:
                self.merge(named[0], id_)  # the gazetteer knows the acronym: its entity is canonical
            else:
                self.merge(id_, named[0])

    def _leaders_bodies(self) -> None:
        """ "the Trump administration", "the Vidal government": a leader's name before the noun of a
        government names the body that leader heads, an organisation of its own ("the Administration"
        is then its short name, by head match)."""
        self.led_bodies: set[str] = set()
        for ent in list(self.name_spans):
            cluster = self.cluster(self.name_ids.get(ent.start))
            body = ent.root.head
            if cluster is None or not cluster.person or ent.root.dep_ != "compound" or \
                    body.lemma_.lower() not in LEADERS_BODIES or body.tag_ != "NN" or body.i != ent.end:
                continue
            label = f"{strip_name(ent.text)} {body.lower_}"
            led = self._add(Filler(label=label, type="Organization", id=entity_id(label)), body.i, label)
            if led is not None:
                self.led_bodies.add(led.filler.id)

    def _place_short_forms(self) -> None:
        """ "landed at Fath" after "Fath Airport": a capitalised word the tagger left untagged that
        begins the name of one place of the article (and is no place or body the gazetteer knows) is
        that place's short name."""
        by_first: dict[str, set[str]] = {}
        for id_, cluster in self.clusters.items():
            words = name_words(cluster.filler.label)
            if cluster.filler.type == "Location" and len(words) > 1:
                by_first.setdefault(words[0], set()).add(id_)
        if not by_first:
            return
        doc = self.doc
        for i in tokens_with(doc, pos=("PROPN",)):
            token = doc[i]
            if token.ent_type_ or token.dep_ in ("compound", "poss") or not token.is_title or \
                    len(noun_phrase(token)) != 1 or self.gaz.actor(token.text) or self.gaz.place(token.text):
                continue
            found = {self.canonical(id_) for id_ in by_first.get(fold_name(token.text), ())}
            if len(found) == 1 and fold_name(token.text) not in self.resolver.index.by_surname:
                self.clusters[found.pop()].aliases.add(token.text)

    def _state_nouns(self) -> None:
        """ "the Cuban government", "Cuba's government": a state noun with a country is that
        country acting, another name of it in this article."""
        doc = self.doc
        for i in tokens_with(doc, pos=("NOUN",), tag=("NN",)):
            token = doc[i]
            if not self.gaz.is_state_noun(token.lemma_):
                continue
            affiliation = self.resolver.affiliation(token)
            if affiliation is None and token.i not in self.referents and self.bare_state_noun(token):
                country = self.principal_country()
                if country is not None:  # "the government" in an article about one country is its government
                    self.link(token, country)
                continue
            cluster = self.cluster(affiliation.id) if affiliation is not None and affiliation.type == "Country" else None
            if cluster is None:
                continue
            first = min(c.left_edge.i for c in token.lefts if c.dep_ in ("amod", "compound", "nmod", "poss"))
            cluster.aliases.add(strip_name(doc[first:i + 1].text))

    def bare_state_noun(self, token) -> bool:
        """ "the government", "the central government": definite, singular, no owner named."""
        lefts = list(token.lefts)
        return any(c.dep_ == "det" and c.lower_ == "the" for c in lefts) and \
            not any(c.dep_ in ("poss", "compound", "nmod") or c.pos_ == "PROPN" for c in lefts) and \
            not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.rights)

    def principal_country(self) -> Optional[Cluster]:
        """The country the article is about: named more than any other, at least twice."""
        if not hasattr(self, "_principal"):
            counts = sorted(((len(c.positions), id_) for id_, c in self.clusters.items()
                             if c.filler.type == "Country"), reverse=True)
            top = counts[0] if counts else (0, "")
            clear = top[0] >= 2 and (len(counts) == 1 or counts[1][0] < top[0])
            self._principal = self.clusters.get(top[1]) if clear else None
        return self._principal

    # -- pass 4: head match between names ----------------------------------------------------
    def _head_match(self) -> None:
        """A shorter name that begins or ends a longer one of the article is that one ("Supreme
        Court" / "Supreme Court of the United States", "Saha" / "Saha Airlines"), unless it names
        something the gazetteer knows (Paris is not the Paris Police Prefecture)."""
        by_word: dict[str, set[str]] = {}
        names: dict[str, tuple[str, ...]] = {}
        places: dict[str, tuple[str, ...]] = {}
        persons = self.resolver.index.by_surname
        for id_, cluster in self.clusters.items():
            lone = cluster.person and len(cluster.filler.label.split()) == 1 and \
                len(persons.get(fold_name(cluster.filler.label), [])) <= 1  # "Saha" for Saha Airlines
            if cluster.filler.type in PLACE_TYPES:
                places[id_] = tuple(name_words(cluster.filler.label))  # "Magnitogorsk" / "Magnitigorsk"
            if (cluster.person and not lone) or \
                    cluster.filler.type not in ("Organization", "Location", "Thing", "Group", "Person"):
                continue
            # hyphens part words: "Guard Corps-Quds Force" ends with "Quds Force"
            words = tuple(singular(part) for w in self.country_first(cluster.filler.label)
                          for part in w.split("-") if part)
            if not words:  # a label of symbols and digits ("¦00V") has no word to match on
                continue
            names[id_] = words
            for word in set(words):
                by_word.setdefault(word, set()).add(id_)
        self._same_names({**places, **names})
        self._transliterations()
        self._foreign_defaults(names)
        for id_, words in sorted(names.items(), key=lambda pair: (len(pair[1]), pair[0])):
            if id_ not in self.clusters or self.gaz.actor(self.clusters[id_].filler.label):
                continue
            longer = set()
            for other in by_word.get(words[0], set()) & by_word.get(words[-1], set()):
                their = names[other]
                if self.clusters.get(other) is None or self.clusters[other].person or \
                        (other in self.led_bodies and self.clusters[id_].person):
                    continue  # "Trump" is not the Trump administration
                if len(their) > len(words) and (their[:len(words)] == words or their[-len(words):] == words):
                    longer.add(self.canonical(other))
            longer.discard(self.canonical(id_))
            if len(longer) > 1:
                longer = {other for other in longer if heads_name(words, names.get(other, ()))} or longer
            if len(longer) == 1:
                self.merge(id_, longer.pop())

    def _same_names(self, names: dict[str, tuple[str, ...]]) -> None:
        """Relaxed string match: the same words but for accents, case, a plural or one letter
        ("Defence Forces" / "Defence Force", "Haghia Sophia" / "Hagia Sophia")."""
        by_key: dict[tuple[str, ...], str] = {}
        by_shape: dict[tuple[str, str, int], list[str]] = {}
        for id_ in sorted(names):
            words = names[id_]
            key = tuple(words)
            if key in by_key:
                self.merge_into_larger(id_, by_key[key])
                continue
            by_key[key] = id_
            joined = " ".join(words)
            if len(joined) < 8:
                continue
            for size in (len(joined) - 1, len(joined), len(joined) + 1):
                for other in by_shape.get((joined[:2], joined[-2:], size), []):
                    if one_edit(joined, " ".join(names[other])):
                        self.merge_into_larger(id_, other)
            by_shape.setdefault((joined[:2], joined[-2:], len(joined)), []).append(id_)

    def _foreign_defaults(self, names: dict[str, tuple[str, ...]]) -> None:
        """ "Congress" in an article about the "Congress of the Philippines" that never names the
        United States is not the US Congress the gazetteer reads by default: a known body whose home
        country the article does not name is the article's longer name it begins."""
        for id_ in sorted(self.clusters):
            cluster = self.clusters.get(id_)
            entry = self.gaz.actor(cluster.filler.label) if cluster is not None and not cluster.person else None
            if entry is None or entry.type != "Organization" or not entry.country or \
                    self.cluster(entity_id(entry.country)) is not None:
                continue
            longer = set()
            for alias in cluster.aliases:
                words = tuple(singular(w) for w in name_words(alias))
                for other, their in names.items():
                    if words and len(their) > len(words) and their[:len(words)] == words and \
                            self.canonical(other) != self.canonical(id_):
                        longer.add(self.canonical(other))
            if len(longer) == 1:
                target, written = longer.pop(), set(cluster.aliases)
                self.merge(id_, target)
                if entry.label not in written:  # the default's label was never this article's name
                    self.clusters[target].aliases.discard(entry.label)

    def merge_into_larger(self, one: str, other: str) -> None:
        """Two spellings of one name: the one the article uses more (then the earlier) names it."""
        a, b = self.cluster(one), self.cluster(other)
        if a is None or b is None or a is b:
            return
        if (len(a.positions), self.gaz.actor(a.filler.label) is not None, -a.positions[0]) > \
                (len(b.positions), self.gaz.actor(b.filler.label) is not None, -b.positions[0]):
            self.merge(other, one)
        else:
            self.merge(one, other)

    def country_first(self, label: str) -> list[str]:
        """ "U.S. Embassy" is "United States Embassy": a country's short name leading a name is
        read as the country's label."""
        words = label.split()
        for size in (2, 1):
            entry = self.gaz.actor(" ".join(words[:size])) if len(words) > size else None
            if entry is not None and entry.type == "Country":
                return name_words(" ".join([entry.label] + words[size:]))
        return name_words(label)

    def _transliterations(self) -> None:
        """ "Haghia Sophia" / "Hagia Sophia", "Soleimani" / "Soleymani": two full person names that
        differ only by a transliteration's choices (a silent h, y for i, a doubled letter) are one."""
        by_key: dict[str, str] = {}
        for id_ in sorted(self.clusters):
            cluster = self.clusters.get(id_)
            if cluster is None or not cluster.person or len(cluster.filler.label.split()) < 2:
                continue
            key = transliteration_key(cluster.filler.label)
            if key in by_key:
                self.merge_into_larger(id_, by_key[key])
            else:
                by_key[key] = id_
