"""Who is meant: resolving a noun phrase to a canonical actor within one article.

Persons are clustered by surname ("Putin" -> "Vladimir Putin"); titles and
appositions become facts of the person ("Russian President Vladimir Putin" ->
role president, affiliation Russia); descriptions ("the Russian leader") and
pronouns ("he") resolve to a person named in the article; capitals and seats of
government used as actors are their state ("Kyiv has violated", "the Kremlin").
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from kg.extract.docindex import entities_in, sentence_of
from kg.extract.names import ActorIndex, Person, fold_name, state_agents, strip_name
from kg.extract.syntax import noun_phrase, subject_of
from kg.model import ACTOR_TYPES, Filler, entity_id, stable_hash

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
PLURAL_PRONOUNS = {"they"}
STATE_PRONOUNS = {"it", "they"}  # a state or group speaking of itself
SPEAKER_PRONOUNS = {"we", "us", "our", "ours", "i", "me", "my"}
# words that describe a group of people acting together ("Ukrainian officials", "security sources")
NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
# "the group" / "the militant organisation" after a named organisation means that organisation
ORGANIZATION_ANAPHORS = {"group", "organization", "organisation", "movement", "militia", "company", "firm"}
# "the city", "the capital" stand for the last city named before them
PLACE_ANAPHORS = {"city", "capital", "town"}


def filler_for(span: Span, label: str, type_: str, id_: Optional[str] = None) -> Filler:
    start = span.start_char
    return Filler(label=label, text=span.text, type=type_, id=id_, start=start, end=span.end_char)


def conjuncts(token: Token) -> list[Token]:
    """A noun and the nouns coordinated with it ("France, Germany, the UK and Poland")."""
    return [token] + [t for t in token.conjuncts if t.i > token.i]


class ActorResolver:
    """Turns noun-phrase heads into role fillers, with canonical entities where there are some.

    Once the article's coreference is known (``kg_coref`` sets ``coref``), pronouns and
    descriptions are what it says they mean, and names the entity it merged them into.
    """

    def __init__(self, index: ActorIndex):
        self.index = index
        self.gaz = index.gaz
        self.coref = None  # kg.extract.coref.Coreference, set by the kg_coref component

    def resolve(self, token: Token, *, as_place: bool = False) -> Filler:
        span = noun_phrase(token)
        if as_place:
            place = self.place(span)
            if place:
                return place
        found = self.actor(token, span)
        if found is None and token.lemma_.lower() in PLACE_ANAPHORS and not as_place:
            found = self.place(span)
        found = found or self.named_in_coordination(span, as_place) or filler_for(span, span.text, "Thing")
        return self.coref.canonical_filler(found) if self.coref is not None else found

    def referred(self, token: Token, span: Span) -> Optional[Filler]:
        """What the coreference sieve says a pronoun or description means."""
        found = self.coref.referent(token) if self.coref is not None else None
        if found is None:
            return None
        text = span if token.pos_ != "PRON" else token.doc[token.i:token.i + 1]
        return Filler(label=found.label, type=found.type, id=found.id, members=found.members,
                      text=text.text, start=text.start_char, end=text.end_char)

    def named_in_coordination(self, span: Span, as_place: bool) -> Optional[Filler]:
        """"Kyiv and surrounding areas": a coordination is about the names in it, one or several."""
        if not any(t.dep_ == "cc" for t in span):
            return None
        named = []
        for ent in entities_in(span):
            if ent.label_ in NAME_ENTS:
                filler = self.place(ent) if as_place else None
                filler = filler or self.actor(ent.root, ent)
                if filler is not None and filler.id and all(f.id != filler.id for f in named):
                    named.append(filler)
        if not named:
            return None
        if len(named) == 1:
            return filler_for(span, named[0].label, named[0].type, named[0].id)
        group = filler_for(span, " and ".join(f.label for f in named), "Group")
        group.members = named
        return group

    def place(self, span: Span) -> Optional[Filler]:
        entry = self.gaz.place(strip_name(span.text), self.index.place_context)
        if entry:
            return filler_for(span, entry.label, entry.type, entry.id)
        if span.label_ in ("GPE", "LOC", "FAC"):
            label = strip_name(span.text)
            return filler_for(span, label, "Location", entity_id(label))
        if span.root.lemma_.lower() in PLACE_ANAPHORS and span.root.head.lower_ != "of" and \
                any(c.lower_ == "the" for c in span.root.lefts):
            previous = self.index.last_place_before(span.start, "City")
            if previous is not None:
                return Filler(label=previous.label, type=previous.type, id=previous.id, text=span.text,
                              start=span.start_char, end=span.end_char)
        return None

    def actor(self, token: Token, span: Span) -> Optional[Filler]:
        lower = token.lower_
        if self.coref is not None and self.coref.resolved(token):
            found = self.referred(token, span)
            if found is not None or lower in PERSON_PRONOUNS | SPEAKER_PRONOUNS:
                return found  # a pronoun the sieve could not resolve names no one
        if lower in PERSON_PRONOUNS:
            if self.coref is not None:
                return None
            label = self.index.last_person_before(token.i)
            return filler_for(span, label, "Person", entity_id(label)) if label else None
        if lower in STATE_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            speaker = self.reporting_subject(token)
            if speaker is not None:
                return Filler(label=speaker.label, type=speaker.type, id=speaker.id, members=speaker.members,
                              text=token.text, start=token.idx, end=token.idx + len(token.text))
        if lower in PLURAL_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            antecedent = self.index.last_group_before(token.i)
            if antecedent is not None and antecedent != token.i:
                found = self.actor(self.index.doc[antecedent], noun_phrase(self.index.doc[antecedent]))
                if found is not None:
                    return Filler(label=found.label, type=found.type, id=found.id, members=found.members,
                                  text=token.text, start=token.idx, end=token.idx + len(token.text))
        if token.pos_ == "PRON":
            return None
        name = strip_name(span.text)
        entry = self.gaz.actor(name)
        if entry and entry.type == "Country" and entry.via in ("name", "alias"):
            # "Georgia sued" in an article about Atlanta: the state, not the country
            entry = self.gaz.place(name, self.index.place_context) or entry
        if entry:
            return filler_for(span, entry.label, entry.type, entry.id)
        if span.label_ == "PERSON" or (token.ent_type_ == "PERSON"):
            label = self.index.person(name, at=span.start) or name
            return filler_for(span, label, "Person", entity_id(label))
        if token.pos_ == "PROPN" and self.index.may_end_surname(token.text):
            label = self.index.named_by_surname(span)  # "Keller said", tagged a place or nothing
            if label:
                return filler_for(span, label, "Person", entity_id(label))
        if token.pos_ == "PROPN" and not span.label_ and fold_name(token.text) in self.index.org_short_words():
            org = self.index.organization_begun_by(name)
            if org is not None:  # "Valdor said" untagged, in an article on Valdor Holdings
                return filler_for(span, org.label, org.type, org.id)
        if span.label_ == "ORG":
            return filler_for(span, name, "Organization", entity_id(name))
        if span.label_ == "NORP":
            demonym = self.gaz.demonym(name)
            if demonym:
                return filler_for(span, demonym.label, demonym.type, entity_id(demonym.label))
        return self.description(token, span)

    def reporting_subject(self, pronoun: Token) -> Optional[Filler]:
        """"Peru announced that it would close the border": "it" in what a state or group says is that state."""
        clause = pronoun.head
        while clause.dep_ == "conj" and clause.head != clause:
            clause = clause.head
        if clause.dep_ != "ccomp" or clause.head.pos_ not in ("VERB", "AUX"):
            return None
        subject, _ = subject_of(clause.head)
        if subject is None or subject.pos_ == "PRON":
            return None
        found = self.actor(subject, noun_phrase(subject))
        wanted = ("Country", "Organization") if pronoun.lower_ == "it" else ("Group", "Organization", "Country")
        if found is None or found.type not in wanted or (pronoun.lower_ == "they" and found.type == "Country"
                                                          and not found.members):
            return None
        return found

    def description(self, token: Token, span: Span) -> Optional[Filler]:
        """A common-noun phrase: a described person, a group with members, or a group of a country."""
        affiliation = self.affiliation(token)
        title = self.gaz.title(token.text) and token.lemma_.lower()
        if title and token.tag_ in ("NN", "NNP"):
            label = self.index.described_person(token.lemma_, affiliation.label if affiliation else "")
            if label:
                return filler_for(span, label, "Person", entity_id(label))
        if token.lemma_.lower() in PLACE_ANAPHORS:
            return None
        if affiliation is not None and affiliation.type == "Country" and token.tag_ == "NN" and \
                self.gaz.is_state_noun(token.lemma_):
            return filler_for(span, affiliation.label, "Country", affiliation.id)  # "the Afghan government"
        if token.lemma_.lower() in ORGANIZATION_ANAPHORS and token.tag_ == "NN" and \
                any(c.lower_ == "the" for c in token.lefts) and not self.members(token):
            previous = self.index.last_organization_before(token.i)
            if previous is not None:
                return filler_for(span, previous.label, previous.type, previous.id)
        # only words for people or bodies have members: "leaders of France", not "independence from Britain"
        members = self.members(token) if token.lemma_.lower() in self.index.group_nouns or title else []
        lemma = token.lemma_.lower()
        if members:
            label = f"{token.text} of " + ", ".join(m.label for m in members)
            filler = filler_for(self.full_span(token), label, "Group", entity_id(label))
            filler.members = members
            return filler
        if lemma in self.index.group_nouns or title:
            if affiliation is None and lemma in state_agents():
                affiliation = self.principal_country()  # "the police" in a report about Peru
            if affiliation:
                label = f"{token.text} of {affiliation.label}" if token.tag_ in ("NNS", "NNPS") else \
                    f"{affiliation.label} {token.text}"
                return filler_for(span, label, "Group" if token.tag_ in ("NNS", "NNPS") else "Person",
                                  entity_id(label))
            if token.tag_ in ("NNS", "NNPS") and lemma in self.index.group_nouns:
                return self.unnamed(span)
            return filler_for(span, span.text, "Group" if token.tag_ in ("NNS", "NNPS") else "Person")
        return None

    def principal_country(self) -> Optional[Filler]:
        found = self.coref.principal_country() if self.coref is not None else None
        return found.filler if found is not None else None

    def unnamed(self, span: Span, type_: str = "Group") -> Filler:
        """ "protesters", "the researchers" with no one named: this article's, an entity of its own,
        never one node with every other article's protesters."""
        words = [t for t in span if t.i <= span.root.i]
        while len(words) > 1 and (words[0].pos_ == "NUM" or words[0].dep_ in ("nummod", "quantmod")):
            words = words[1:]  # "two senior officials" are "senior officials": a count is no part of the name
        label = span.doc[words[0].i:words[-1].i + 1].text if words else span.text
        article = str(self.index.doc._.article_id or "")
        return filler_for(span, label, type_, f"{entity_id(label)}-{stable_hash(article, length=6)}")

    def affiliation(self, token: Token) -> Optional[Filler]:
        """The state a noun belongs to: a demonym or a country name modifying it ("Russian", "U.S.", "Kremlin")."""
        for child in token.lefts:
            if child.dep_ in ("amod", "compound", "nmod", "poss"):
                text = strip_name(noun_phrase(child).text) if child.pos_ == "PROPN" else child.text
                entry = self.gaz.demonym(child.text) or self.gaz.actor(text)
                if entry:
                    return Filler(label=entry.label, type=entry.type, id=entity_id(entry.label), text=child.text)
        return None

    def members(self, token: Token) -> list[Filler]:
        """Members named by "of" or "including": "leaders of France, Germany and Poland"."""
        out = []
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "including", "from"):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        for member in conjuncts(obj):
                            filler = self.actor(member, noun_phrase(member))
                            if filler and filler.type in ACTOR_TYPES:
                                out.append(filler)
        return out if len(out) >= 1 and any(m.type == "Country" or m.type == "Organization" for m in out) \
            else []

    def full_span(self, token: Token) -> Span:
        return token.doc[token.left_edge.i:token.right_edge.i + 1]

    def mentions(self) -> list[Filler]:
        """Every named actor or place of the article outside boilerplate, resolved: the entity table."""
        out = []
        noise = self.index.doc._.noise or set()
        for ent in self.index.doc.ents:
            if ent.label_ not in NAME_ENTS or sentence_of(ent).start_char in noise:
                continue
            head = ent.root.head
            as_place = ent.root.dep_ == "pobj" and head.lower_ in ("in", "at", "near", "from", "to") and \
                head.head.pos_ != "NOUN" or head.lower_ in ("in", "at", "near")
            filler = self.resolve(ent.root, as_place=as_place)
            if filler.id:
                out.append(filler)
        return out


def is_actor(filler: Optional[Filler]) -> bool:
    return bool(filler) and filler.type in ACTOR_TYPES
