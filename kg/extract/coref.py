"""Who is who inside one article: a multi-pass coreference sieve over the article's mentions.

The design of the rule-based sieves (Raghunathan et al. 2010, Lee et al. 2013): each pass links
mentions into entities, the surest first, each later pass more permissive and able to read what
the earlier ones built (the roles and gender of an entity):

1. names: the actor resolver's canonical entities, with relaxed forms ("Mme Spanton",
   "Crown Prince Mohammad bin Salman", "Jamal" for Jamal Khashoggi);
2. appositions and predicate nominatives: "Patrick Crusius, the gunman", "ABS-CBN is the largest
   network" teach an entity its descriptions;
3. acronyms: "Popular Mobilization Forces (PMF)", "IRGC" for Iranian Revolutionary Guard Corps;
4. head match: "Supreme Court" for Supreme Court of the United States, "the council" for the
   Southern Transitional Council, "the network" for the ABS-CBN taught by pass 2;
5. nominal anaphora by role: "the president", "the French president", "the mayor of Paris"
   for the person of this article whose title or apposition says so;
6. pronouns, last: agreement in person, number, gender and animacy, then salience (subject of
   the previous clause over objects, recency); never across into another speaker's quotation;
   "I"/"we" inside a quotation is its speaker. No acceptable antecedent: unresolved.

Everything is indexed by head word, key or token position: no pass compares all pairs.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from spacy.tokens import Doc, Span, Token

from kg import ontology
from kg.extract.actors import NAME_SUFFIXES, ActorResolver, acronym_after, fold_name, noun_phrase, strip_name
from kg.extract.docindex import doc_text, entity_at, sentence_starts, tokens_with
from kg.extract.speech import QuoteIndex, find_quotations
from kg.model import Filler, entity_id

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
NEUTER_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
SPEAKER_PRONOUNS = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
OBJECT_PRONOUNS = {"him", "her", "it", "them"}  # not bound by the subject of their own verb
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
OBJECT_DEPS = {"dobj", "iobj", "dative", "attr", "oprd"}
# salience weights (Lappin & Leass 1994, simplified): the role a mention has, and what each
# sentence back costs; a pronoun takes the best-scoring agreeing entity
ROLE_WEIGHT = {"subject": 80, "object": 50, "other": 40}
SENTENCE_COST = 35
UNKNOWN_GENDER_COST = 15
PERSON_WINDOW = 3  # sentences back a personal pronoun looks for its antecedent
THING_WINDOW = 2
NON_PERSON = ("Organization", "Country", "City", "Location", "Group")
DEFINITE = {"the", "this", "that", "these", "those"}
INDEFINITE = {"a", "an", "another", "some", "any", "one", "each", "every", "no"}
# words of a name an acronym skips: "Organisation of Islamic Cooperation" is OIC
ACRONYM_SKIP = {"of", "the", "and", "for", "on", "in", "to", "de", "du", "des", "la", "le", "&"}
# "said", "told": a quotation's speaker is the subject of the reporting verb next to it
QUOTE_REACH = 1  # sentences after a quotation's end where "…," she said may stand


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

    @property
    def person(self) -> bool:
        return self.filler.type == "Person"


@dataclass(frozen=True)
class Gender:
    """Gender words: honorifics before names and nouns for people, and first names."""

    honorifics: dict[str, str]  # "mme" -> "f"; "dr" -> "" (dropped from a name, no gender)
    nouns: dict[str, str]  # "wife" -> "f"
    first_names: dict[str, str]  # "nancy" -> "f"

    @classmethod
    def load(cls, ontology_dir: Optional[Path] = None) -> "Gender":
        honorifics, nouns = {}, {}
        for row in ontology.read_table(ontology.path("honorifics.tsv", ontology_dir), ("word", "gender", "kind")):
            gender = row["gender"] if row["gender"] in ("m", "f") else ""
            (honorifics if row["kind"] == "honorific" else nouns)[row["word"].lower()] = gender
        first = {row["name"]: row["gender"] for row in
                 ontology.read_table(ontology.path("first_names.tsv", ontology_dir), ("name", "gender"))}
        return cls(honorifics, nouns, first)

    def of_name(self, label: str) -> Optional[str]:
        words = label.split()
        if len(words) < 2:
            return None  # a surname alone tells nothing
        first = _ascii(words[0]).lower().strip(".")
        return self.first_names.get(first) or None


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


def singular(word: str) -> str:
    """ "Defence Forces" and "Defence Force" are one name."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


class Coreference:
    """The article's entities (clusters) and which mention means which, computed once per Doc."""

    def __init__(self, doc: Doc, resolver: ActorResolver, gender: Gender, reporting: Iterable[str] = ()):
        self.doc = doc
        self.resolver = resolver
        self.gaz = resolver.gaz
        self.gender = gender
        self.reporting = set(reporting)
        self.clusters: dict[str, Cluster] = {}  # entity id -> cluster
        self.remap: dict[str, Filler] = {}  # an id this article merged into another -> that filler
        self.referents: dict[int, Optional[str]] = {}  # head token of a pronoun or nominal -> entity id
        self.subjects: list[tuple[int, str, str]] = []  # (head token, entity id, role) of linked mentions
        self.starts = sentence_starts(doc)
        text = doc_text(doc)
        self.quotes = QuoteIndex(find_quotations(text))
        self.quote_speaker: dict[int, Optional[str]] = {}  # quotation start -> entity id
        self._names()
        self._appositions()
        self._acronyms()
        self._state_nouns()
        self._head_match()
        self._genders()
        self._index_mentions()
        self._nominals_and_pronouns()

    # -- helpers ---------------------------------------------------------------------------
    def sentence(self, i: int) -> int:
        return bisect.bisect_right(self.starts, i) - 1

    def quote_of(self, token: Token):
        return self.quotes.at(token.idx)

    def canonical(self, id_: Optional[str]) -> Optional[str]:
        seen = set()
        while id_ in self.remap and id_ not in seen:
            seen.add(id_)
            id_ = self.remap[id_].id
        return id_

    def cluster(self, id_: Optional[str]) -> Optional[Cluster]:
        return self.clusters.get(self.canonical(id_)) if id_ else None

    def _add(self, filler: Filler, at: int, alias: Optional[str] = None) -> Optional[Cluster]:
        id_ = self.canonical(filler.id)
        if not id_:
            return None
        cluster = self.clusters.get(id_)
        if cluster is None:
            cluster = self.clusters[id_] = Cluster(Filler(label=filler.label, type=filler.type, id=id_))
        bisect.insort(cluster.positions, at)
        if alias:
            cluster.aliases.add(alias)
        return cluster

    def merge(self, old: str, new: str) -> None:
        """Entity ``old`` is ``new`` in this article: its mentions, roles and names go over."""
        old, new = self.canonical(old), self.canonical(new)
        if not old or not new or old == new:
            return
        gone, kept = self.clusters.pop(old, None), self.clusters.get(new)
        if kept is None:
            return
        self.remap[old] = kept.filler
        if gone is not None:
            kept.positions = sorted(kept.positions + gone.positions)
            kept.roles |= gone.roles
            kept.heads |= gone.heads
            kept.aliases |= gone.aliases | {gone.filler.label}
            kept.descriptions |= gone.descriptions
            kept.gender = kept.gender or gone.gender

    # -- pass 1: names ---------------------------------------------------------------------
    def _names(self) -> None:
        """Every named entity, resolved by the actor resolver; persons get their titled forms."""
        index = self.resolver.index
        self.name_spans: list[Span] = []
        self.name_ids: dict[int, str] = {}
        self.titles_as_names: list[tuple[Span, Filler]] = []
        for ent in self.doc.ents:
            if ent.label_ not in NAME_LABELS:
                continue
            filler = self.resolver.resolve(ent.root)
            if (not filler.id or filler.type == "Thing") and ent.label_ in ("GPE", "LOC", "FAC"):
                filler = self.resolver.place(ent) or filler  # "Fath Airport": a place, named
            if not filler.id or filler.type == "Thing" or fold_name(ent.text).strip(".") in NAME_SUFFIXES:
                continue  # "Jr." tagged a person of its own
            if filler.type == "Person" and self.gaz.title(filler.label):
                self.titles_as_names.append((ent, filler))  # "the Queen": a description, read in pass 5
                continue
            if filler.type == "Organization" and ent.label_ == "ORG" and len(ent) > 1 and self.named_by_title(ent):
                # "a State Department spokesperson, Morgan Ortagus": a title's apposition is a person
                filler = self.remap[filler.id] = Filler(label=filler.label, type="Person", id=filler.id)
            if filler.type not in ("Person",) and ent.label_ in ("ORG", "GPE", "NORP") and \
                    not self.gaz.actor(strip_name(ent.text)):
                person = index.person(strip_name(ent.text), at=ent.start) if len(ent) == 1 else None
                if person:  # "Biden" tagged an organisation in an article about Joe Biden
                    self.remap[filler.id] = Filler(label=person, type="Person", id=_person_id(person))
                    filler = self.remap[filler.id]
            cluster = self._add(filler, ent.root.i, strip_name(ent.text))
            if cluster is None:
                continue
            self.name_spans.append(ent)
            self.name_ids[ent.start] = cluster.filler.id  # resolved once: the later passes read it
            if not cluster.person:
                longer = self.name_with_place(ent)
                if longer:
                    cluster.aliases.add(longer)
                defined = acronym_after(ent.text) or self.acronym_following(ent)
                if defined and acronym_letters(defined) and defined[0] == strip_name(ent.text)[:1]:
                    cluster.aliases.add(defined)  # "Freedom (USCIRF)" tagged as one name
            if cluster.person:
                end = self.name_end(ent)
                if end > ent.end:
                    cluster.aliases.add(strip_name(self.doc[ent.start:end].text))
                first, role = self.title_before(ent)
                if first < ent.start:
                    cluster.aliases.add(strip_name(self.doc[first:end].text))
                if role is not None:
                    cluster.roles.add(role)
                inner = self.title_inside(ent)  # "Crown Prince Mohammad bin Salman" tagged as one name
                if inner is not None:
                    cluster.roles.add(inner)
                for word in self.doc[max(0, ent.start - 3):ent.start]:
                    gender = self.gender.honorifics.get(word.lower_.strip("."))
                    if gender:
                        cluster.gender = cluster.gender or gender
        for label, person in index.persons.items():
            cluster = self.clusters.get(self.canonical(_person_id(label)))
            if cluster is not None:
                cluster.roles |= person.roles

    def name_end(self, ent: Span) -> int:
        """ "Cyrus R. Vance, Jr.": a generational suffix the tagger left out ends the name."""
        doc, end = self.doc, ent.end
        if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_.strip(".") in NAME_SUFFIXES:
            return end + 2
        if end < len(doc) and doc[end].lower_.strip(".") in NAME_SUFFIXES and doc[end].is_title:
            return end + 1
        return end

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
        if role is None:
            return None
        return role.title, role.affiliation.label if role.affiliation else ""

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

    # -- pass 2: appositions and predicate nominatives ---------------------------------------
    def _appositions(self) -> None:
        """ "Patrick Crusius, the gunman" / "the gunman, Patrick Crusius" / "ABS-CBN is the largest
        network": the description is the named entity's, its head noun a word it is called by."""
        for ent in self.name_spans:
            cluster = self.cluster(self.name_ids.get(ent.start))
            if cluster is None:
                continue
            root = ent.root
            described = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                described.append(root.head)
            elif root.dep_ == "appos" and root.head.dep_ == "pobj" and root.head.head.head.pos_ == "NOUN":
                described.append(root.head.head.head)  # "the mayor of Paris, Anne Hidalgo": the mayor is Hidalgo
            if root.dep_ in SUBJECT_DEPS and root.head.lemma_ == "be":
                described += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
            for noun in described:
                if entity_at(noun) is not None or (noun.tag_ == "NNS") != (root.tag_ == "NNPS") or \
                        any(c.dep_ == "conj" for c in noun.children) or \
                        (noun.tag_ == "NNS" and self.resolver.members(noun)):
                    continue  # "Macron, ministers of Spain and Portugal": others beside him
                self.learn(cluster, noun)
                self.link(noun, cluster, "other")

    def learn(self, cluster: Cluster, noun: Token) -> None:
        cluster.heads.add(noun.lemma_.lower())
        phrase = self.description_text(noun)
        role = self.gaz.role(strip_name(phrase))
        if role is not None:
            cluster.roles.add((role.title, role.affiliation.label if role.affiliation else ""))
        gender = self.gender.nouns.get(noun.lemma_.lower())
        if gender and cluster.person:
            cluster.gender = cluster.gender or gender

    def description_text(self, noun: Token) -> str:
        """A description as the article words it: "the mayor of Paris", "Chelyabinsk's governor"."""
        span = noun_phrase(noun)
        start, end = span.start, span.end
        for prep in noun.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":  # "the mayor of Paris", not the apposition after Paris
                        end = max(end, noun_phrase(obj).end)
        while start < noun.i and (self.doc[start].tag_ == "PRP$" or self.doc[start].dep_ == "predet"):
            start += 1  # "his tax preparer" is called "tax preparer"
        return self.doc[start:end].text

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

    def _state_nouns(self) -> None:
        """ "the Cuban government", "Cuba's government": a state noun with a country is that
        country acting, another name of it in this article."""
        doc = self.doc
        for i in tokens_with(doc, pos=("NOUN",), tag=("NN",)):
            token = doc[i]
            if not self.gaz.is_state_noun(token.lemma_):
                continue
            affiliation = self.resolver.affiliation(token)
            cluster = self.cluster(affiliation.id) if affiliation is not None and affiliation.type == "Country" else None
            if cluster is None:
                continue
            first = min(c.left_edge.i for c in token.lefts if c.dep_ in ("amod", "compound", "nmod", "poss"))
            cluster.aliases.add(strip_name(doc[first:i + 1].text))

    # -- pass 4: head match between names ----------------------------------------------------
    def _head_match(self) -> None:
        """A shorter name that begins or ends a longer one of the article is that one ("Supreme
        Court" / "Supreme Court of the United States", "Saha" / "Saha Airlines"), unless it names
        something the gazetteer knows (Paris is not the Paris Police Prefecture)."""
        by_word: dict[str, set[str]] = {}
        names: dict[str, tuple[str, ...]] = {}
        persons = self.resolver.index.by_surname
        for id_, cluster in self.clusters.items():
            lone = cluster.person and len(cluster.filler.label.split()) == 1 and \
                len(persons.get(fold_name(cluster.filler.label), [])) <= 1  # "Saha" for Saha Airlines
            if (cluster.person and not lone) or \
                    cluster.filler.type not in ("Organization", "Location", "Thing", "Group", "Person"):
                continue
            words = tuple(singular(w) for w in name_words(cluster.filler.label))
            if not words:  # a label of symbols and digits ("¦00V") has no word to match on
                continue
            names[id_] = words
            for word in set(words):
                by_word.setdefault(word, set()).add(id_)
        self._same_names(names)
        for id_, words in sorted(names.items(), key=lambda pair: (len(pair[1]), pair[0])):
            if id_ not in self.clusters or self.gaz.actor(self.clusters[id_].filler.label):
                continue
            longer = set()
            for other in by_word.get(words[0], set()) & by_word.get(words[-1], set()):
                their = names[other]
                if self.clusters.get(other) is None or self.clusters[other].person:
                    continue
                if len(their) > len(words) and (their[:len(words)] == words or their[-len(words):] == words):
                    longer.add(self.canonical(other))
            longer.discard(self.canonical(id_))
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
                self.merge(id_, by_key[key])
                continue
            by_key[key] = id_
            joined = " ".join(words)
            if len(joined) < 8:
                continue
            for size in (len(joined) - 1, len(joined), len(joined) + 1):
                for other in by_shape.get((joined[:2], joined[-2:], size), []):
                    if one_edit(joined, " ".join(names[other])):
                        self.merge(id_, other)
            by_shape.setdefault((joined[:2], joined[-2:], len(joined)), []).append(id_)

    # -- gender ------------------------------------------------------------------------------
    def _genders(self) -> None:
        for cluster in self.clusters.values():
            if cluster.person and cluster.gender is None:
                for role, _ in cluster.roles:
                    cluster.gender = self.gender.nouns.get(role.split()[-1]) or None
                    if cluster.gender:
                        break
            if cluster.person and cluster.gender is None:
                cluster.gender = self.gender.of_name(cluster.filler.label)

    # -- salience index ------------------------------------------------------------------------
    def _index_mentions(self) -> None:
        """(token, entity, grammatical role) of every named mention, in token order."""
        for ent in self.name_spans:
            cluster = self.cluster(self.name_ids.get(ent.start))
            if cluster is not None:
                self.subjects.append((ent.root.i, cluster.filler.id, grammatical_role(ent.root)))
        self.subjects.sort()

    def _note(self, token: Token, id_: str) -> None:
        bisect.insort(self.subjects, (token.i, id_, grammatical_role(token)))

    def link(self, token: Token, cluster: Cluster, role: Optional[str] = None, alias: bool = True) -> None:
        self.referents[token.i] = cluster.filler.id
        bisect.insort(cluster.positions, token.i)
        if alias and token.pos_ != "PRON":
            cluster.descriptions.add(self.description_text(token))
        self._note(token, cluster.filler.id)

    # -- passes 5 and 6: nominals, then pronouns, in reading order ---------------------------
    def _nominals_and_pronouns(self) -> None:
        doc = self.doc
        titled_roots = {ent.root.i for ent, _ in self.titles_as_names}
        # only pronouns and nouns can refer: read from the arrays, not every Token of the article
        for i in tokens_with(doc, pos=("PRON", "NOUN", "PROPN", "DET")):
            token = doc[i]
            lower = token.lower_
            if token.pos_ == "PRON" or lower in MALE_PRONOUNS | FEMALE_PRONOUNS:
                if lower in SPEAKER_PRONOUNS:
                    found = self.speaker_pronoun(token)
                elif lower in MALE_PRONOUNS | FEMALE_PRONOUNS | NEUTER_PRONOUNS | PLURAL_PRONOUNS:
                    found = self.pronoun(token)
                else:
                    continue
                self.referents[token.i] = found.filler.id if found else None
                if found is not None:
                    bisect.insort(found.positions, token.i)
                    self._note(token, found.filler.id)
                    if found.person and found.gender is None and lower not in PLURAL_PRONOUNS | SPEAKER_PRONOUNS:
                        found.gender = "m" if lower in MALE_PRONOUNS else "f" if lower in FEMALE_PRONOUNS else None
            elif token.i in titled_roots:
                found = self.nominal(token)
                if found is not None:
                    self.link(token, found)
            elif token.pos_ in ("NOUN", "PROPN") and entity_at(token) is None and token.i not in self.referents:
                if token.dep_ in ("compound", "amod") or not self.definite(token):
                    continue
                found = self.nominal(token)
                if found is not None:
                    self.link(token, found)

    def definite(self, token: Token) -> bool:
        """ "the president", "Russia's president", "French President" (title case), not "a president"."""
        lefts = list(token.lefts)
        if any(c.lower_ in INDEFINITE for c in lefts if c.dep_ == "det"):
            return False
        if any(c.dep_ == "det" and c.lower_ in DEFINITE or c.dep_ == "poss" for c in lefts):
            return True
        return token.is_title and token.tag_ in ("NN", "NNP")

    def nominal(self, token: Token) -> Optional[Cluster]:
        """The entity a definite description means: by role for persons, by head noun for bodies."""
        if token.tag_ in ("NNS", "NNPS"):
            return None
        lemma = token.lemma_.lower()
        title = self.title_of(token)
        affiliation = self.affiliation(token)
        bare = not any(c.dep_ in ("compound", "amod", "poss", "nmod") for c in token.lefts)
        candidates = []
        for cluster in self.clusters.values():
            if cluster.person and title:
                if any(self.role_fits(role, aff, title, affiliation) for role, aff in cluster.roles):
                    candidates.append(cluster)
            elif cluster.person and lemma in cluster.heads and bare and not title:
                candidates.append(cluster)  # "the gunman" after "Karl Wendt, the gunman"
            elif not cluster.person and not title and self.head_fits(cluster, lemma, token):
                candidates.append(cluster)
        return self.nearest(candidates, token.i)

    def title_of(self, token: Token) -> Optional[str]:
        """The longest title the words before a noun make with it: "former Vice President" is a
        vice president, not a president."""
        words = [c for c in token.lefts if c.dep_ in ("compound", "amod") and c.i < token.i]
        start = min([w.i for w in words], default=token.i)
        for first in range(start, token.i + 1):
            title = self.gaz.title(self.doc[first:token.i + 1].text)
            if title:
                return title
        return None

    def role_fits(self, role: str, aff: str, title: str, affiliation: str) -> bool:
        if affiliation and aff and aff != affiliation:
            return False
        if affiliation and not aff:
            return False
        if role == title or role.endswith(" " + title):
            return True
        return title in ("leader", "head") and self.gaz.title_kind(role) in ("head_of_state", "head_of_government")

    def head_fits(self, cluster: Cluster, lemma: str, token: Token) -> bool:
        """ "the council" for the Southern Transitional Council; "the network" once ABS-CBN was called one."""
        if cluster.filler.type not in ("Organization", "Group") or not any(c.lower_ == "the" for c in token.lefts):
            return False
        words = [singular(w) for w in name_words(cluster.filler.label)]
        modifiers = [singular(fold_name(c.text)) for c in token.lefts if c.dep_ in ("compound", "amod")
                     and c.pos_ in ("NOUN", "PROPN", "ADJ")]
        if any(m not in words for m in modifiers):
            return False  # "the district court" is not the Second Circuit Court of Appeals
        if lemma in cluster.heads:
            return True
        if "of" in words:
            words = words[:words.index("of")]
        return bool(words) and words[-1] == singular(lemma)

    def affiliation(self, token: Token) -> str:
        found = self.resolver.affiliation(token)
        if found is not None:
            return found.label
        for prep in token.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        entry = self.gaz.actor(strip_name(noun_phrase(obj).text))
                        if entry:
                            return entry.label
        return ""

    def nearest(self, candidates: list[Cluster], at: int) -> Optional[Cluster]:
        """The candidate mentioned last before ``at``; else the only one there is."""
        best, best_at = None, -1
        for cluster in candidates:
            k = bisect.bisect_left(cluster.positions, at)
            if k and cluster.positions[k - 1] > best_at:
                best, best_at = cluster, cluster.positions[k - 1]
        if best is None and len(candidates) == 1:
            return candidates[0]
        return best

    def agrees(self, cluster: Cluster, lower: str) -> bool:
        if lower in MALE_PRONOUNS | FEMALE_PRONOUNS:
            want = "m" if lower in MALE_PRONOUNS else "f"
            return cluster.person and cluster.gender in (None, want)
        if lower in NEUTER_PRONOUNS:
            return cluster.filler.type in ("Organization", "Country") and not cluster.person
        if lower in PLURAL_PRONOUNS:
            return cluster.filler.type in ("Group", "Organization") or bool(cluster.filler.members)
        return False

    def pronoun(self, token: Token) -> Optional[Cluster]:
        """The most salient agreeing entity of the last few sentences, not across quotations."""
        lower = token.lower_
        here = self.sentence(token.i)
        window = PERSON_WINDOW if lower in MALE_PRONOUNS | FEMALE_PRONOUNS else THING_WINDOW
        first = self.starts[max(0, here - window)]
        quote = self.quote_of(token)
        speaker = self.quote_speaker_of(quote) if quote is not None else None
        bound = self.co_arguments(token) if lower in OBJECT_PRONOUNS else set()
        lo = bisect.bisect_left(self.subjects, (first, "", ""))
        hi = bisect.bisect_left(self.subjects, (token.i, "", ""))
        scores: dict[str, float] = {}
        for i, id_, role in self.subjects[lo:hi]:
            id_ = self.canonical(id_)
            cluster = self.clusters.get(id_)
            if cluster is None or i in bound or not self.agrees(cluster, lower):
                continue
            there = self.quote_of(self.doc[i])
            if there is not None and (quote is None or there.start != quote.start):
                continue  # no crossing into a quotation from outside it
            if speaker is not None and id_ == speaker and lower not in PLURAL_PRONOUNS:
                continue  # "he" in Smith's words is someone other than Smith
            score = ROLE_WEIGHT[role] - SENTENCE_COST * (here - self.sentence(i)) + i / 10000
            if cluster.person and cluster.gender is None:
                score -= UNKNOWN_GENDER_COST
            scores[id_] = max(scores.get(id_, score), score)
        if not scores:
            return None
        return self.clusters[max(scores, key=lambda k: (scores[k], k))]

    def co_arguments(self, token: Token) -> set[int]:
        """ "Putin met him": the subject of the pronoun's own verb is not its antecedent."""
        verb = token.head
        return {c.i for c in verb.children if c.dep_ in SUBJECT_DEPS}

    def speaker_pronoun(self, token: Token) -> Optional[Cluster]:
        """ "I" and "we" inside a quotation are its speaker; outside one they name no one."""
        quote = self.quote_of(token)
        if quote is None:
            return None
        return self.clusters.get(self.canonical(self.quote_speaker_of(quote)) or "")

    def quote_speaker_of(self, quote) -> Optional[str]:
        """The subject of the reporting verb beside a quotation: "…," she said / X said: "…"."""
        if quote.start in self.quote_speaker:
            return self.quote_speaker[quote.start]
        self.quote_speaker[quote.start] = None  # no recursion through a speaker pronoun in a quotation
        doc = self.doc
        first = self._token_at(quote.open_start)
        last = self._token_at(max(quote.open_start, quote.close_end - 1))
        s_first, s_last = self.sentence(first), self.sentence(last)
        end = self.starts[s_last + 1 + QUOTE_REACH] if s_last + 1 + QUOTE_REACH < len(self.starts) else len(doc)
        best = None
        for i in range(self.starts[s_first], end):
            t = doc[i]
            if t.dep_ not in SUBJECT_DEPS or t.head.lemma_.lower() not in self.reporting:
                continue
            if quote.open_start <= t.idx < quote.close_end:
                continue
            if best is None or abs(i - last) < abs(best.i - last):
                best = t
        found = None
        if best is not None:
            if best.pos_ == "PRON" and best.lower_ not in SPEAKER_PRONOUNS:
                cluster = self.pronoun(best)
                found = cluster.filler.id if cluster else None
            else:
                ent = entity_at(best)
                filler = self.resolver.resolve(ent.root if ent is not None else best)
                found = self.canonical(filler.id)
                if found not in self.clusters and best.pos_ == "PROPN":
                    person = self.resolver.index.person(best.text)  # a surname the tagger did not tag
                    found = self.canonical(entity_id(person)) if person else None
                if found not in self.clusters and best.pos_ == "NOUN":
                    cluster = self.nominal(best) if self.definite(best) else None
                    found = cluster.filler.id if cluster else None
        self.quote_speaker[quote.start] = found if found in self.clusters else None
        return self.quote_speaker[quote.start]

    def _token_at(self, offset: int) -> int:
        doc = self.doc
        lo, hi = 0, len(doc) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if doc[mid].idx <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    # -- what the rest of kg reads -------------------------------------------------------------
    def referent(self, token: Token) -> Optional[Filler]:
        """The entity a pronoun or description means; None when it has none (or is not one)."""
        id_ = self.referents.get(token.i)
        cluster = self.cluster(id_) if id_ else None
        return cluster.filler if cluster is not None else None

    def resolved(self, token: Token) -> bool:
        """Whether the sieve read this token as a pronoun or description (resolved or not)."""
        return token.i in self.referents

    def canonical_filler(self, filler: Filler) -> Filler:
        """A filler pointed at the entity this article merged its id into."""
        if filler.id and filler.id in self.remap:
            target = self.clusters.get(self.canonical(filler.id))
            target = target.filler if target is not None else self.remap[filler.id]
            filler = Filler(label=target.label, type=target.type, id=target.id, text=filler.text,
                            members=filler.members, start=filler.start, end=filler.end)
        for n, member in enumerate(filler.members):
            filler.members[n] = self.canonical_filler(member)
        return filler

    def entities(self) -> list[Filler]:
        """One filler per named entity of the article, for the entity table."""
        return [Filler(label=c.filler.label, type=c.filler.type, id=id_, text=c.filler.label)
                for id_, c in sorted(self.clusters.items())]

    def aliases(self) -> list[tuple[str, str, str]]:
        """(entity id, a name or description this article calls it by, "name" or "description"),
        for the entity table."""
        out = set()
        for id_, cluster in self.clusters.items():
            for kind, texts in (("name", cluster.aliases), ("description", cluster.descriptions)):
                for alias in texts:
                    alias = " ".join(alias.split())
                    if alias and alias.lower() not in SPEAKER_PRONOUNS:
                        out.add((id_, alias, kind))
        return sorted(out)


def grammatical_role(token: Token) -> str:
    if token.dep_ in SUBJECT_DEPS:
        return "subject"
    if token.dep_ in ("poss", "appos") and token.head.dep_ in SUBJECT_DEPS:
        return "subject"  # "Putin's comments came …. He accused": the subject's owner (or name) is as salient
    if token.dep_ in OBJECT_DEPS:
        return "object"
    return "other"


def _person_id(label: str) -> str:
    return entity_id(label)
