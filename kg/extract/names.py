"""Names within one article: folding, surnames and first names, defined acronyms, and the
article's index of who is named (``ActorIndex``: persons by surname, organisations, places,
roles from titles and appositions), which ``kg.extract.actors.ActorResolver`` reads."""

import bisect
import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.docindex import INDEX_KEY as ENTITY_INDEX_KEY
from kg.extract.docindex import entity_starting_at, sentence_of, sentences_between, tokens_with
from kg.extract.syntax import noun_phrase
from kg.gazetteer import Gazetteer
from kg import ontology
from kg.model import POSSESSIVE, Filler, entity_id

# a surname two persons share means the one named this many sentences back at most, else the principal
RECENT_SENTENCES = 2
# "Popular Mobilization Forces (PMF)": the tagger may take the defined acronym into the name
ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][\w.&-]*)\s*\)?$")


@lru_cache(maxsize=1)
def state_agents() -> frozenset[str]:
    """ "police", "authorities": the agents of the state an article is about (state_agents.tsv)."""
    return frozenset(row["lemma"] for row in ontology.read_table(ontology.path("state_agents.tsv"), ("lemma",)))


@lru_cache(maxsize=1)
def company_forms() -> frozenset[str]:
    """ "gmbh", "kft", "ltd": the legal forms written after a company's name (company_forms.tsv)."""
    return frozenset(row["form"] for row in ontology.read_table(ontology.path("company_forms.tsv"), ("form",)))


@lru_cache(maxsize=1)
def body_nouns() -> frozenset[str]:
    """ "ministry", "prefecture", "council": the nouns for bodies of people (the collectives of
    person_nouns.tsv)."""
    rows = ontology.read_table(ontology.path("person_nouns.tsv"), ("lemma", "kind"))
    return frozenset(row["lemma"].lower() for row in rows if row["kind"] == "collective")


# labels the tagger gives names it did not read as persons, bodies or places
OTHER_NAME_LABELS = {"EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}


def body_named(ent: Span) -> bool:
    """ "the Paris Police Prefecture" tagged an event: a name ending in a capitalised noun for a body
    of people is an organisation's."""
    last = ent[-1]
    return ent.label_ in OTHER_NAME_LABELS and len(ent) > 1 and last.is_title and \
        last.lemma_.lower() in body_nouns() and last.pos_ in ("PROPN", "NOUN")


def company_form(word: str) -> bool:
    """ "Kft.", "GmbH", "Ltd": a company's legal form."""
    return fold_name(word).strip(".").replace(".", "") in company_forms()


LEADING_THE = re.compile(r"^(the|The)\s+")


@lru_cache(maxsize=1 << 14)
def strip_name(text: str) -> str:
    """A name without its leading article, trailing possessive or acronym in brackets
    ("the Kremlin's" -> "Kremlin"). Asked about the same few names all article long, hence the cache."""
    text = LEADING_THE.sub("", text.strip())
    if "(" in text:
        text = ACRONYM_AFTER.sub("", text) or text
    return POSSESSIVE.sub("", text).strip(" -—–,")


def acronym_after(text: str) -> Optional[str]:
    """The acronym a name defines in brackets within its own span ("... Freedom (USCIRF" -> USCIRF)."""
    found = ACRONYM_AFTER.search(text) if "(" in text else None
    return found.group(1) if found and found.start() > 0 else None


NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}  # "Donald Trump Jr.": the surname is Trump


def fold_name(text: str) -> str:
    """A name compared across spellings: accents off, casefolded ("Erdoğan" = "Erdogan")."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        text = text.replace("\u0131", "i")
    return text.casefold()


def surname(name: str) -> str:
    words = [w for w in name.replace(",", " ").split()]
    while len(words) > 1 and fold_name(words[-1]).strip(".") in NAME_SUFFIXES:
        words = words[:-1]
    return fold_name(words[-1]) if words else ""


def first_name(name: str) -> str:
    words = name.split()
    return fold_name(words[0]) if len(words) > 1 else ""


@dataclass
class Person:
    label: str
    roles: set[tuple[str, str]] = field(default_factory=set)  # (title, affiliation label or "")
    mentions: int = 0


def extend_cut_names(doc: Doc, gazetteer: Gazetteer) -> None:
    """Names the tagger got wrong, repaired once before kg reads names: a known organisation's
    letter-number name left untagged ("the G-7"), and a person's name ended one word early, before
    the capitalised word that governs it ("Chief Superintendent [Ana] Mijares")."""
    ents, changed = list(doc.ents), False
    for i in tokens_with(doc, pos=("PROPN", "NOUN")):
        token = doc[i]  # "at the G-7": a known body's letter-number name the tagger left untagged
        text = token.text
        if len(text) <= 6 and text[:1].isupper() and any(c.isdigit() for c in text) and not token.ent_type_:
            entry = gazetteer.actor(text)
            if entry is not None and entry.type == "Organization":
                ents.append(Span(doc, i, i + 1, label="ORG"))
                changed = True
    longer = [known_name_from(doc, ent, gazetteer) for ent in ents]
    if any(longer):
        ends = {n: end for n, end in enumerate(longer) if end}
        covered = [(ents[n].start, end) for n, end in ends.items()]
        ents = [Span(doc, ent.start, ends[n], label=ent.label_) if n in ends else ent for n, ent in enumerate(ents)
                if n in ends or not any(s <= ent.start < e for s, e in covered)]
        changed = True
    if any(body_named(ent) for ent in ents):
        ents = [Span(doc, ent.start, ent.end, label="ORG") if body_named(ent) else ent for ent in ents]
        changed = True
    joined = [company_name(doc, ents, n) for n in range(len(ents))]
    if any(joined):
        spans = [span for span in joined if span]
        ents = [ent for ent in ents if not any(s.start <= ent.start < s.end for s in spans)] + spans
        ents.sort(key=lambda e: e.start)
        changed = True
    glossed = [parts for parts in (split_gloss(doc, ent) for ent in ents) if parts]
    if glossed:
        whole = {(parts[0].start, parts[-1].end) for parts in glossed}
        ents = [ent for ent in ents if (ent.start, ent.end) not in whole] + [p for parts in glossed for p in parts]
        changed = True
    for n, ent in enumerate(ents):
        after = ent.end
        if ent.label_ == "PERSON" and after < len(doc) and ent.root.head.i == after and \
                doc[after].tag_ in ("NNP", "NNPS") and doc[after].is_title and not doc[after].ent_type_:
            ents[n] = Span(doc, ent.start, after + 1, label="PERSON")
            changed = True
    if changed:
        doc.ents = filter_spans(ents)  # repairs never overlap: of two, the longer name stands
        doc.user_data.pop(ENTITY_INDEX_KEY, None)  # the entity index is rebuilt from the new spans


def company_name(doc: Doc, ents: list[Span], n: int) -> Optional[Span]:
    """ "HDT [Védelmi Ipari Kft]." tagged an organisation and a person: a name ending in a company's
    legal form is an organisation's, begun by a name just before it and ended by the form's full
    stop (unless a new sentence follows it); the repaired span, or None when there is nothing to repair."""
    ent = ents[n]
    if len(ent) < 2 and not (n and ents[n - 1].end == ent.start) or not company_form(ent[-1].text):
        return None
    start = ents[n - 1].start if n and ents[n - 1].end == ent.start and ents[n - 1].label_ in ("ORG", "PERSON") \
        else ent.start
    end = ent.end
    if end + 1 < len(doc) and doc[end].text == "." and not (doc[end + 1].is_sent_start and doc[end + 1].is_title):
        end += 1
    if (start, end) == (ent.start, ent.end) and ent.label_ == "ORG":
        return None
    return Span(doc, start, end, label="ORG")


def split_gloss(doc: Doc, ent: Span) -> Optional[tuple[Span, Span]]:
    """ "Ayasofya [Haghia Sophia]" tagged one name: a name and an editor's gloss of it in square
    brackets are two names (kg/extract/coref_names.py makes them one entity), each labelled as the
    tagger labels the same words elsewhere in the article, else as the whole was."""
    bracket = next((t.i for t in ent[1:] if t.text == "["), None)
    if bracket is None or bracket + 1 >= ent.end:
        return None
    end = next((t.i for t in doc[bracket + 1:ent.end] if t.text == "]"), ent.end)
    if end == bracket + 1 or ent.end - end > 1:
        return None
    labels = {e.text: e.label_ for e in doc.ents if e.start != ent.start}
    name, gloss = doc[ent.start:bracket], doc[bracket + 1:end]
    return (Span(doc, name.start, name.end, label=labels.get(name.text, ent.label_)),
            Span(doc, gloss.start, gloss.end, label=labels.get(gloss.text, ent.label_)))


# the longest stretch of words after a name the tagger may have cut off a known organisation's name
CUT_NAME_WORDS = 8
# where the tagger cuts a long name: at a comma or a conjunction inside it ("of" is read in coref_names.py)
CUT_NAME_AT = {",", "and", "&"}


def known_name_from(doc: Doc, ent: Span, gazetteer: Gazetteer) -> Optional[int]:
    """ "the Islamic State of Iraq [and the Levant]", "United Nations Educational, [Scientific and
    Cultural Organization]": the tagger cut an organisation's name at a conjunction or comma; where
    the words on, within the sentence, spell a longer name the gazetteer knows, the end of it (else None)."""
    if ent.label_ not in ("ORG", "NORP", "GPE") or ent.end >= len(doc) or \
            not {doc[ent.end - 1].lower_, doc[ent.end].lower_} & CUT_NAME_AT:
        return None
    last = min(ent.sent.end, ent.end + CUT_NAME_WORDS)
    for end in range(last, ent.end, -1):
        if doc[end - 1].is_title or doc[end - 1].is_upper:
            entry = gazetteer.actor(strip_name(doc[ent.start:end].text))
            if entry is not None and entry.type == "Organization":
                return end
    return None


class ActorIndex:
    """The persons of one article, their roles, and where each was mentioned."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, group_nouns: frozenset[str] = frozenset(),
                 honorifics: frozenset[str] = frozenset()):
        self.doc = doc
        self.gaz = gazetteer
        self.group_nouns = group_nouns  # "officials", "sources": ontology/group_nouns.tsv
        self.honorifics = honorifics  # "mme", "mr": ontology/honorifics.tsv, not part of a name
        self.by_first: dict[str, list[str]] = {}  # first name -> the full names of distinct persons
        self.persons: dict[str, Person] = {}  # canonical full name -> Person
        self.by_surname: dict[str, list[str]] = {}  # surname -> the full names of distinct persons
        self.positions: list[int] = []  # token index of each person mention, sorted
        self.position_labels: list[str] = []
        self.named_at: dict[int, str] = {}  # first token of a name -> the person it was read as, with its title
        self.introduced: dict[str, int] = {}  # person -> where the article first gives the full name
        self.places: list[tuple[int, Filler]] = []  # cities and other places, for "the city"
        self.organizations: list[tuple[int, Filler]] = []  # named organisations, for "the group"
        self.titled: dict[str, set[str]] = {}  # person -> "Russian President Vladimir Putin"
        self._org_words: Optional[dict[str, list]] = None  # first folded word -> (folded words, organisation)
        self._org_short: frozenset[str] = frozenset()
        self._surname_parts: Optional[set[str]] = None  # the surnames' words and hyphen parts, when asked
        extend_cut_names(doc, gazetteer)
        self._index_persons()

    # -- building the index -------------------------------------------------------------
    def _index_persons(self) -> None:
        names = []
        for ent in self.doc.ents:
            if ent.label_ == "PERSON" and not self.gaz.actor(strip_name(ent.text)):
                name = self.person_name(ent.text)
                if name:
                    names.append((ent, name))
            elif ent.label_ == "ORG":
                entry = self.gaz.actor(strip_name(ent.text))
                label = entry.label if entry and entry.type == "Organization" else strip_name(ent.text)
                if not entry or entry.type == "Organization":
                    self.organizations.append((ent.start, Filler(label=label, type="Organization",
                                                                 text=ent.text, id=entity_id(label))))
        # the article's places, by country: which "Georgia" or "London" it means (kg.gazetteer)
        self.place_context = self.gaz.place_context(
            strip_name(ent.text) for ent in self.doc.ents if ent.label_ in ("GPE", "LOC"))
        # cities by name, whatever the named-entity tagger thought of them ("Kyiv Mayor Vitali Klitschko")
        for i in tokens_with(self.doc, pos=("PROPN",)):
            token = self.doc[i]
            if token.ent_type_ in ("GPE", "LOC", "FAC") and token.ent_iob_ != "B":
                continue
            ent = entity_starting_at(token)
            ent = ent if ent is not None and ent.label_ in ("GPE", "LOC", "FAC") else None
            name = strip_name(ent.text) if ent is not None else token.text
            place = self.gaz.place(name, self.place_context)
            if place and place.type != "Country":
                self.places.append((token.i, Filler(label=place.label, type=place.type, text=name,
                                                    id=place.id)))
        self._index_groups()
        # a full name is a person; its longer forms with the same first name are the same person
        for _, name in sorted(names, key=lambda pair: (-len(pair[1].split()), pair[1])):
            key = surname(name)
            if not key:
                continue
            same = self.same_person(name, self.by_surname.get(key, []))
            if same is None and len(name.split()) == 1 and key not in self.by_surname:
                firsts = self.by_first.get(key, [])
                same = firsts[0] if len(firsts) == 1 else None  # "Jamal" after "Jamal Khashoggi"
            if same is None:
                self.by_surname.setdefault(key, []).append(name)
                self.persons[name] = Person(name)
                if first_name(name):
                    self.by_first.setdefault(first_name(name), []).append(name)
        for ent, name in sorted(names, key=lambda pair: pair[0].start):
            label = self.person(name, at=ent.start, title=self.title_of_mention(ent))
            if not label:
                continue
            self.named_at[ent.start] = label
            if len(self.person_name(ent.text).split()) > 1:
                self.introduced.setdefault(label, ent.start)
            person = self.persons[label]
            person.mentions += 1
            self._add_position(ent.root.i, label)
            for title, affiliation, first in self.titles_before(ent):
                person.roles.add((title, affiliation))
                self.titled.setdefault(label, set()).add(strip_name(self.doc[first:ent.end].text))
            for role in self.appositive_roles(ent):
                person.roles.add((role.title, role.affiliation.label if role.affiliation else ""))

    def _index_groups(self) -> None:
        """Subjects that are groups of actors, for "they": "leaders of France and Poland", "the U.S. and EU"."""
        self.groups: list[int] = []
        for i in tokens_with(self.doc, dep=("nsubj", "appos"), pos=("NOUN", "PROPN")):
            token = self.doc[i]
            plural = token.tag_ in ("NNS", "NNPS") and token.lemma_.lower() in self.group_nouns
            coordinated = any(c.dep_ == "conj" for c in token.children)
            if plural or coordinated:
                self.groups.append(token.i)

    def last_group_before(self, i: int, within_sentences: int = 3) -> Optional[int]:
        """The last group subject before token ``i``, at most a few sentences back."""
        at = bisect.bisect_left(self.groups, i)
        if not at:
            return None
        found = self.groups[at - 1]
        sentences = sentences_between(self.doc, found + 1, i)
        return found if sentences <= within_sentences else None

    def _add_position(self, i: int, label: str) -> None:
        at = bisect.bisect(self.positions, i)
        self.positions.insert(at, i)
        self.position_labels.insert(at, label)

    def titles_before(self, ent: Span) -> Iterable[tuple[str, str, int]]:
        """Title, affiliation and first token of the words before a name: "Kremlin spokesperson"."""
        title_words, affiliation, first = [], "", ent.start
        for token in reversed(list(self.doc[max(sentence_of(ent).start, ent.start - 5):ent.start])):
            if token.dep_ not in ("compound", "amod", "nmod") and token.head.i < ent.start:
                break
            place = self.gaz.demonym(token.text) or self.gaz.actor(token.text)
            if place and not affiliation:
                affiliation, first = place.label, token.i
            elif token.pos_ in ("PROPN", "NOUN"):
                title_words.insert(0, token.text)
                first = token.i
            else:
                break
        title = " ".join(title_words)
        if title and self.gaz.title(title):
            yield self.gaz.title(title), affiliation, first

    def appositive_roles(self, ent: Span) -> Iterable:
        """Roles in an apposition: "John Carter, the Canadian foreign minister" / "the minister, John Carter"."""
        root = ent.root
        phrases = [c for c in root.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")]
        if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN"):
            phrases.append(root.head)
        for head in phrases:
            words = [t for t in noun_phrase(head) if not (t.ent_type_ == "PERSON" and t.i >= ent.start)]
            if not words:
                continue
            role = self.gaz.role(strip_name(self.doc[words[0].i:words[-1].i + 1].text))
            if role is not None:
                yield role

    def titled_names(self) -> dict[str, set[str]]:
        """Entity id -> the titled forms of the name ("Russian President Vladimir Putin")."""
        return {entity_id(label): names for label, names in self.titled.items()}

    def person_attributes(self) -> dict[str, list[dict]]:
        """Entity id -> roles and affiliations read from titles, kept as facts of the person."""
        out = {}
        for label, person in self.persons.items():
            roles = [{"role": role, **({"affiliation": aff} if aff else {})} for role, aff in sorted(person.roles)]
            if roles:
                out[entity_id(label)] = roles
        return out

    # -- resolving mentions -------------------------------------------------------------
    def person_name(self, text: str) -> str:
        """A person's name without the honorific or title written before it: "Mme Spanton" ->
        "Spanton", "Crown Prince Mohammad bin Salman" -> "Mohammad bin Salman"."""
        words = strip_name(text).split()
        while len(words) > 1:
            if fold_name(words[0]).strip(".") in self.honorifics:
                words = words[1:]
                continue
            cut = next((n for n in (3, 2, 1) if n < len(words) and self.gaz.title(" ".join(words[:n]))), 0)
            if not cut:
                break
            words = words[cut:]
        return " ".join(words)

    @staticmethod
    def same_person(name: str, known: list[str]) -> Optional[str]:
        """The known full name ``name`` is a form of: same surname and the same first name (or none)."""
        words = name.split()
        for full in known:
            if len(words) == 1 or fold_name(words[0]) == fold_name(full.split()[0]):
                return full
        return None

    def title_of_mention(self, ent: Span) -> Optional[str]:
        """The title written with a name, before it or inside the tagged name: "Vice President Biden"."""
        for title, _, _ in self.titles_before(ent):
            return title
        words = strip_name(ent.text).split()
        cut = len(words) - len(self.person_name(ent.text).split())
        return self.gaz.title(" ".join(words[:cut])) if cut > 0 else None

    def person(self, name: str, at: Optional[int] = None, title: Optional[str] = None) -> Optional[str]:
        """The person a name means: "Putin" -> "Vladimir Putin"; of two Trumps, the one named last before ``at``;
        "Jamal" -> "Jamal Khashoggi" when no one else of the article has that first name or surname."""
        name = self.person_name(name)
        candidates = self.by_surname.get(surname(name), [])
        if at in self.named_at and self.named_at[at] in candidates:  # read once, with the title written there
            return self.named_at[at]
        if len(name.split()) > 1:
            return self.same_person(name, candidates)
        if not candidates:
            firsts = self.by_first.get(fold_name(name), [])
            return firsts[0] if len(firsts) == 1 else None
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        if title:  # "Vice President Biden": of Joe and Hunter Biden, the one the article made vice president
            titled = [c for c in candidates if any(role == title for role, _ in self.persons[c].roles)]
            if len(titled) == 1:
                return titled[0]
            # a title no one here was given picks out the one the article introduced first, not the last named:
            # "former Vice President Biden" after a paragraph on his son Hunter Biden is Joe Biden
            return min(candidates, key=lambda c: (self.introduced.get(c, len(self.doc)), c))
        principal = max(candidates, key=lambda c: (self.persons[c].mentions, -self.introduced.get(c, len(self.doc)),
                                                   -candidates.index(c)))
        if at is not None:
            upto = bisect.bisect_left(self.positions, at)
            for n in range(upto - 1, -1, -1):
                label = self.position_labels[n]
                if label in candidates:
                    # the one just named, unless that was paragraphs ago: then the article's principal
                    # ("Biden" after a paragraph on his son Hunter Biden is Joe Biden again)
                    near = sentences_between(self.doc, self.positions[n], at) <= RECENT_SENTENCES
                    return label if near or label == principal else principal
        return principal

    def may_end_surname(self, word: str) -> bool:
        """Whether a word is the last word, or the last hyphen part, of a surname of the article."""
        if self._surname_parts is None:
            self._surname_parts = {part for key in self.by_surname for part in [key, *key.split("-")]}
        return fold_name(word) in self._surname_parts

    def named_by_surname(self, span: Span) -> Optional[str]:
        """A person of this article in a phrase the tagger did not read as a person's name: "Keller"
        or "Senator Keller" after Anna Keller was introduced, "Norwegian skier Anna Keller"."""
        words = strip_name(span.text).split()
        candidates = self.by_surname.get(surname(" ".join(words))) if words and words[-1][:1].isupper() else None
        if not candidates:
            return None
        folded = [fold_name(w) for w in words]
        for full in candidates:  # the full name at the end of a longer phrase
            wanted = [fold_name(w) for w in full.split()]
            if 1 < len(wanted) <= len(folded) and folded[-len(wanted):] == wanted:
                return full
        before = words[:-1]
        while before and fold_name(before[0]).strip(".") in self.honorifics:
            before = before[1:]
        role = self.gaz.role(" ".join(before)) if before else None
        if before and role is None:
            return None  # "Hunter Biden" untagged is no one of the persons named Biden but him
        label = self.person(words[-1], at=span.start, title=role.title if role else None)
        # a surname alone means a person whose full name the article has already given
        return label if label and self.introduced.get(label, len(self.doc)) < span.start else None

    def org_short_words(self) -> frozenset[str]:
        """The folded words (and hyphen parts) a short form of one of the article's organisation
        names may end on: all of each name but its last word, folded once per article."""
        if self._org_words is None:
            self._org_words = {}
            for _, org in self.organizations:
                folded = fold_name(org.label).split()
                if len(folded) > 1:
                    self._org_words.setdefault(folded[0], []).append((folded, org))
            self._org_short = frozenset(part for entries in self._org_words.values() for f, _ in entries
                                        for w in f[:-1] for part in [w, *w.split("-")])  # "ABS-CBN": "cbn" too
        return self._org_short

    def organization_begun_by(self, name: str) -> Optional[Filler]:
        """The one organisation of the article whose name begins with ``name`` and goes on
        ("Valdor" for Valdor Holdings): a short form the tagger did not read as a name."""
        words = fold_name(name).split()
        if not words or not self.org_short_words():
            return None
        found = {org.id: org for folded, org in self._org_words.get(words[0], ())
                 if folded[:len(words)] == words and len(folded) > len(words)}
        return next(iter(found.values())) if len(found) == 1 else None

    def last_person_before(self, i: int) -> Optional[str]:
        at = bisect.bisect_left(self.positions, i)
        return self.position_labels[at - 1] if at else None

    def described_person(self, title: str, affiliation: str) -> Optional[str]:
        """The person an article means by "the Russian leader" or "the Kremlin spokesperson"."""
        title = title.lower()
        generic = title in ("leader", "head")
        best = None
        for label, person in sorted(self.persons.items()):
            for role, aff in person.roles:
                if affiliation and aff != affiliation:
                    continue
                if role == title or role.endswith(" " + title) or (
                        generic and self.gaz.title_kind(role) in ("head_of_state", "head_of_government")):
                    if best is None or person.mentions > self.persons[best].mentions:
                        best = label
        return best

    def last_organization_before(self, i: int) -> Optional[Filler]:
        found = None
        for start, org in self.organizations:
            if start >= i:
                break
            found = org
        return found

    def last_place_before(self, i: int, type_: str) -> Optional[Filler]:
        found = None
        for start, place in self.places:
            if start >= i:
                break
            if place.type == type_:
                found = place
        return found
