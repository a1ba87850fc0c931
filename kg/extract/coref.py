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

The passes live beside this module: names, acronyms and head match in kg/extract/coref_names.py,
pronouns in kg/extract/coref_pronouns.py; this one holds the clusters, reads the names (pass 1),
appositions (pass 2) and nominals (pass 5), and answers the rest of kg.
"""
from __future__ import annotations

import bisect
from typing import Iterable, Optional

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorResolver
from kg.extract.names import NAME_SUFFIXES, acronym_after, fold_name, strip_name
from kg.extract.syntax import FINITE_TAGS, noun_phrase
from kg.extract.coref_names import Cluster, Gender, NameSieves, acronym_letters, name_words, singular
from kg.extract.coref_pronouns import (FEMALE_PRONOUNS, MALE_PRONOUNS, NEUTER_PRONOUNS, PLURAL_PRONOUNS,
                                       SPEAKER_PRONOUNS, STANDALONE_PLURALS, SUBJECT_DEPS, PronounSieve, emphatic,
                                       grammatical_role)
from kg.extract.docindex import TokenColumns, doc_text, entity_at, sentence_starts, tokens_with
from kg.extract.speech import QuoteIndex, find_quotations
from kg.model import Filler, entity_id

__all__ = ["Cluster", "Coreference", "Gender"]

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
DEFINITE = {"the", "this", "that", "these", "those"}
# the nouns a cabinet office is called by, after its portfolio ("foreign minister", "foreign secretary")
MINISTER_NOUNS = {"minister", "secretary"}
# verbs whose "as" gives the name of the one they take: "identified him as ...", "was named as ..."
NAMING_VERBS = {"identify", "name"}
INDEFINITE = {"a", "an", "another", "some", "any", "one", "each", "every", "no"}


class Coreference(NameSieves, PronounSieve):
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
        self.text = text = doc_text(doc)
        self.quotes = QuoteIndex(find_quotations(text))
        self.quote_speaker: dict[int, Optional[str]] = {}  # quotation start -> entity id
        # "@i" (the noun phrase headed by token i) or "&i" (the coordination it heads) -> (kind, gender)
        self.unnamed: dict[str, tuple[str, Optional[str]]] = {}
        self._described: dict[str, Filler] = {}  # an unnamed mention's key -> its filler
        self._mentions: dict[int, list[tuple[str, str]]] = {}  # a noun's token -> what it is to a pronoun
        # nouns heading an argument: the unnamed mentions a pronoun may mean are among them (read when asked)
        self.mention_nouns: Optional[list[int]] = None
        self.columns = TokenColumns(doc)  # the parse as lists: roles and unnamed mentions read them, not Tokens
        self.offsets = self.columns.idx
        self._plurals: set[int] = set()  # nouns in the plural (read with mention_nouns)
        self._quantified: set[int] = set()  # nouns after "all", "every" (read with mention_nouns)
        self._coordinating: set[int] = set()  # nouns heading a coordination of nouns (read with them)
        self._titles: dict[str, bool] = {}  # a noun -> whether it is a title
        self._kinds: Optional[tuple[list[Cluster], dict[str, list[Cluster]]]] = None  # see kinds_of_clusters
        self._cluster_order: dict[str, int] = {}
        self._label_words: dict[str, list[str]] = {}  # a label's singular name words, for head match
        self._names()
        self._appositions()
        self._leaders_bodies()
        self._glosses("(")  # before head match: "HDT" is short for the one glossed company
        self._acronyms()
        self._state_nouns()
        self._head_match()
        self._glosses("[")  # after the spellings of one name are one: "Ayasofya [Haghia Sophia]" glosses them all
        self._place_short_forms()
        self._genders()
        self._index_mentions()
        self._nominals_and_pronouns()
        self._identified_as()

    # -- helpers ---------------------------------------------------------------------------
    def role(self, i: int) -> str:
        return grammatical_role(i, self.columns.dep, self.columns.head)

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
            kept.countries |= gone.countries
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
                cluster.countries |= self.countries_before(ent)
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

    # -- pass 2: appositions and predicate nominatives ---------------------------------------
    def _appositions(self) -> None:
        """ "Patrick Crusius, the gunman" / "the gunman, Patrick Crusius" / "ABS-CBN is the largest
        network": the description is the named entity's, its head noun a word it is called by."""
        for ent in self.name_spans:
            cluster = self.cluster(self.name_ids.get(ent.start))
            if cluster is None:
                continue
            root = ent.root
            described = [c for c in root.children if c.dep_ == "appos" and
                         (c.pos_ == "NOUN" or (c.pos_ == "PROPN" and entity_at(c) is None and self.title_of(c)))]
            before = self.title_between_commas(ent)
            if before is not None:
                described.append(before)
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

    def title_between_commas(self, ent: Span) -> Optional[Token]:
        """ "the El Paso mayor, Dee Margo, said": a title noun, a comma, the name, a comma is an
        apposition the parser may have read as a subject."""
        doc = self.doc
        if ent.label_ != "PERSON" or ent.start < 2 or ent.end >= len(doc) or doc[ent.start - 1].text != "," \
                or doc[ent.end].text not in (",", ")"):
            return None
        noun = doc[ent.start - 2]
        if noun.pos_ != "NOUN" or noun.tag_ != "NN" or entity_at(noun) is not None or not self.gaz.title(noun.text):
            return None
        return noun if noun.dep_ != "appos" and ent.root.dep_ != "appos" else None

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
        while start < noun.i and (self.doc[start].tag_ == "PRP$" or self.doc[start].dep_ == "predet" or
                                  (start > span.start and self.doc[start].lower_ == "own")):
            start += 1  # "his tax preparer", "his own tax preparer" are called "tax preparer"
        # an editor's brackets inside a quotation are no words of it: "the [Police Prefecture]"
        return "".join(t.text_with_ws for t in self.doc[start:end] if t.text not in ("[", "]")).strip()

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
                self.subjects.append((ent.root.i, cluster.filler.id, self.role(ent.root.i)))
        index = self.resolver.index
        for i in tokens_with(self.doc, pos=("PROPN",)) if index.organizations else ():
            token = self.doc[i]  # "Valdor said" untagged, for Valdor Holdings: another name it is called by
            if token.ent_type_ or token.dep_ == "compound" or fold_name(token.text) not in index.org_short_words():
                continue
            name = strip_name(noun_phrase(token).text)
            org = index.organization_begun_by(name)
            cluster = self.cluster(org.id) if org is not None else None
            if cluster is not None:
                cluster.aliases.add(name)
        self.subjects.sort()

    def _note(self, token: Token, id_: str) -> None:
        bisect.insort(self.subjects, (token.i, id_, self.role(token.i)))

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
            if lower in STANDALONE_PLURALS and not (token.dep_ in SUBJECT_DEPS and token.head.tag_ in FINITE_TAGS):
                continue  # "both sides", "two treatments, both presented as …": no subject of a clause of its own
            if token.pos_ == "PRON" or lower in MALE_PRONOUNS | FEMALE_PRONOUNS | STANDALONE_PLURALS:
                if lower in SPEAKER_PRONOUNS:
                    speaker = self.speaker_pronoun(token)
                    key = speaker.filler.id if speaker is not None else None
                elif lower in MALE_PRONOUNS | FEMALE_PRONOUNS | NEUTER_PRONOUNS | PLURAL_PRONOUNS | STANDALONE_PLURALS:
                    key = self.pronoun(token)
                else:
                    continue
                if key is not None and emphatic(token):
                    key = None
                self.referents[token.i] = key
                if key is None:
                    continue
                self._note(token, key)
                found = self.clusters.get(key)
                gendered = "m" if lower in MALE_PRONOUNS else "f" if lower in FEMALE_PRONOUNS else None
                if found is not None:
                    bisect.insort(found.positions, token.i)
                    if found.person and found.gender is None and lower not in PLURAL_PRONOUNS | SPEAKER_PRONOUNS:
                        found.gender = gendered
                elif gendered and key in self.unnamed:
                    self.unnamed[key] = (self.unnamed[key][0], gendered)
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

    def _identified_as(self) -> None:
        """ "police identified him only as 'Mr. A'", "the man was identified as Karl Wendt": the name
        after "as" is another name of the one identified (a name of its own merges; the name the
        tagger left unread becomes an alias); "identified the suspect as Karl Wendt" describes him."""
        doc = self.doc
        for i in tokens_with(doc, pos=("VERB",)):
            verb = doc[i]
            if verb.lemma_ not in NAMING_VERBS:
                continue
            who = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
            name = next((o for p in verb.children if p.dep_ == "prep" and p.lower_ == "as"
                         for o in p.children if o.dep_ == "pobj" and o.pos_ == "PROPN"), None)
            if who is None or name is None or self.title_of(name) or self.gaz.title(name.text):
                continue  # "named Ana Vidal as Foreign Minister" gives her an office, not a name
            ent = entity_at(who)
            one = self.name_ids.get(ent.start) if ent is not None else self.referents.get(who.i)
            ent = entity_at(name)
            other = self.name_ids.get(ent.start) if ent is not None else None
            cluster = self.cluster(one)
            if cluster is not None and other is not None and \
                    self.cluster(other) is not None and self.cluster(other).filler.type != cluster.filler.type:
                continue
            if cluster is not None:
                if other is not None:
                    self.merge(other, cluster.filler.id)
                first = min([name.i, ent.start if ent is not None else name.i] +
                            [c.left_edge.i for c in name.lefts if c.dep_ == "compound"])
                cluster.aliases.add(strip_name(doc[first:name.i + 1].text))  # "Mr. A": the tagger read "A"
            elif other is not None and who.pos_ == "NOUN" and self.cluster(other) is not None:
                self.link(who, self.cluster(other))

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
        # what head match needs of the token, read once rather than per cluster
        the = any(c.lower_ == "the" for c in token.lefts)
        modifiers = [singular(fold_name(c.text)) for c in token.lefts if c.dep_ in ("compound", "amod")
                     and c.pos_ in ("NOUN", "PROPN", "ADJ")] if the else []
        persons, bodies = self.kinds_of_clusters()
        candidates = []
        if title:
            for cluster in persons:
                if any(self.role_fits(role, aff, title, affiliation) for role, aff in cluster.roles) or \
                        (bare and lemma in cluster.heads):  # "the commissioner" after "Ana Vidal, a commissioner for ..."
                    candidates.append(cluster)
        else:
            if bare:
                candidates += [c for c in persons if lemma in c.heads]  # "the gunman" after "Karl Wendt, the gunman"
            if the:
                named = {c.filler.id: c for c in bodies.get(lemma, []) + bodies.get(singular(lemma), [])}
                candidates += [c for c in named.values() if self.head_fits(c, lemma, modifiers)]
            candidates.sort(key=lambda c: self._cluster_order[c.filler.id])  # the clusters' order, as before
            if not candidates and the and lemma in self.counterparts:
                return self.body_of_nationality(token)
        return self.nearest(candidates, token.i)

    def body_of_nationality(self, token: Token) -> Optional[Cluster]:
        """ "the Austrian partner": the one body of the article said to be of that country."""
        countries = {entry.label for entry in (self.gaz.demonym(c.text) for c in token.lefts if c.dep_ == "amod")
                     if entry is not None}
        found = [c for c in self.clusters.values() if not c.person and countries & c.countries]
        return found[0] if len(countries) == 1 and len(found) == 1 else None

    def kinds_of_clusters(self) -> tuple[list[Cluster], dict[str, list[Cluster]]]:
        """The persons, and the bodies by the words their descriptions may end in ("council" for the
        Southern Transitional Council, "network" once ABS-CBN was called one), made once the name
        passes are done: a description is then matched against a few, not every entity."""
        if self._kinds is None:
            self._cluster_order = {id_: n for n, id_ in enumerate(self.clusters)}
            persons, bodies = [], {}
            for cluster in self.clusters.values():
                if cluster.person:
                    persons.append(cluster)
                elif cluster.filler.type in ("Organization", "Group"):
                    words = [singular(w) for w in name_words(cluster.filler.label)]
                    words = words[:words.index("of")] if "of" in words else words
                    for key in set(cluster.heads) | set(words[-1:]):
                        bodies.setdefault(key, []).append(cluster)
            self._kinds = (persons, bodies)
        return self._kinds

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
        if affiliation and not aff and self.gaz.country(affiliation) is not None:
            return False  # "the French minister" is not a minister of no stated country; "Perm's governor" may be
        if role == title or same_portfolio(role, title):
            return True
        if role.endswith(" " + title):
            before = role[:-len(title) - 1].split()[-1]
            # "foreign minister" is a minister; a "deputy governor" or "vice president" is not the governor
            return not self.subordinate(before)
        return title in ("leader", "head") and self.gaz.title_kind(role) in ("head_of_state", "head_of_government")

    def head_fits(self, cluster: Cluster, lemma: str, modifiers: list[str]) -> bool:
        """ "the council" for the Southern Transitional Council; "the network" once ABS-CBN was called
        one. ``modifiers``: the folded words before the noun ("the district court")."""
        if cluster.filler.type not in ("Organization", "Group"):
            return False
        words = self._label_words.get(cluster.filler.label)
        if words is None:
            words = self._label_words[cluster.filler.label] = [singular(w) for w in name_words(cluster.filler.label)]
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

    # -- what the rest of kg reads -------------------------------------------------------------
    def referent(self, token: Token) -> Optional[Filler]:
        """The entity a pronoun or description means; None when it has none (or is not one)."""
        id_ = self.referents.get(token.i)
        if id_ and id_[0] in "@&":
            return self.described(id_)  # "he" for "a police officer": that noun phrase, as the resolver reads it
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
                    if alias and not _speaker_word(alias):
                        out.add((id_, alias, kind))
        return sorted(out)



def same_portfolio(role: str, title: str) -> bool:
    """ "foreign secretary" and "foreign minister" hold one office under two names."""
    a, b = role.split(), title.split()
    return len(a) == len(b) == 2 and a[0] == b[0] and a[1] != b[1] and {a[1], b[1]} <= MINISTER_NOUNS


def _speaker_word(alias: str) -> bool:
    """ "we", "us" name the speaker only; "US" in capitals is the country."""
    return alias.lower() in SPEAKER_PRONOUNS and not (len(alias) > 1 and alias.isupper())


def _person_id(label: str) -> str:
    return entity_id(label)
