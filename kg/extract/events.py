"""Events from the dependency parse: actor – predicate – object, with target, place, time and modality.

Every surface form goes through the lexicons of ``ontology/``: verbs, phrasal verbs, verb + object
idioms, light verbs with an event noun, control verbs and nominal events. What stays in code is the
grammar: voice, clauses, coordination, and which words may fill which role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterator, Optional

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorResolver, conjuncts, is_actor
from kg.extract.docindex import doc_text, entities_in, sentence_of, span_text, tokens_with, tokens_within
from kg.extract.syntax import (child, coordination_partner, has_modal, is_infinitive, passive_object,
                               prep_object, subject_of)
from kg.extract.timex import looks_ahead, resolve_time
from kg.extract.vocabulary import Choice, choose
from kg.lexicon import Lexicon
from kg.model import Event, Filler

OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
TARGET_PREPS = {"to", "with", "on", "against", "at", "toward", "towards", "into", "upon"}
NOUN_TARGET_PREPS = {"on", "against", "to", "with", "into", "toward", "towards", "upon"}
VICTIM_PREPS = {"on", "against", "upon"}  # "strikes on surrounding areas": a thing may be the victim
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around"}
# prepositions whose object is what an intransitive predicate is about ("withdraw from", "call for")
OBJECT_PREPS = ("for", "from", "on", "against", "over", "about", "of")
# the complement of these predicates is their content, not a separate asserted event ("propose holding talks")
CONTENT_PREDICATES = {"propose", "demand", "appeal", "threaten", "accuse", "agree"}
# predicates that name a joint act: "after a meeting with X, Y called …" means Y met X
JOINT_PREDICATES = {"meet", "negotiate", "cooperate"}
# prepositions that put a nominal event before or around the main clause ("following a meeting with")
FRAME_PREPS = {"after", "following", "during", "before", "at", "ahead", "since", "amid"}
TIME_LABELS = ("DATE", "TIME")
TIME_PATH = ("pobj", "prep", "npadvmod", "advmod", "tmod", "pcomp", "nummod", "quantmod", "amod", "compound")
NOUN_MODIFIERS = ("nummod", "amod", "compound", "quantmod")  # "his 2020 candidacy": the year is the noun's
AGE = re.compile(r"^(?:aged\s+)?\d{1,3}$|year-old", re.IGNORECASE)  # "Adamowicz, 53,": an age, not a time
# reporting verbs whose object is the reported event ("reported strikes on Kyiv, injuring …")
REPORTED_OBJECT_CUES = {"report", "confirm"}
PLACE_TYPES = ("City", "Country", "Location")
PRONOUNS_UNRESOLVED = {"it", "they", "them", "this", "that", "these", "those", "which", "who", "one", "its"}
SPEAKER_SUBJECTS = {"we", "i"}  # inside a quotation, the speaker or the state they speak for
MODALITY_RANK = ("negated", "hypothetical", "denied", "reported", "claimed", "planned", "asserted")
# predicates whose time lies ahead of the act: the proposed talks, the demanded truce
FORWARD_PREDICATES = {"propose", "demand", "appeal", "threaten", "plan"}


@dataclass
class Reading:
    """What one predicate head says, before it becomes Event records."""

    head: Token  # the word that carries the event (the verb, or the noun of a nominal event)
    predicate: str
    verb_tokens: list[Token]
    subject: Optional[Token] = None
    object: Optional[Token] = None
    target: Optional[Token] = None
    modalities: set[str] = field(default_factory=set)
    attributed_to: Optional[Token] = None
    hops: int = 0  # how far the subject was from the verb: each hop costs confidence
    chain: list[Token] = field(default_factory=list)  # control verbs above the head
    nominal: bool = False
    guessed: bool = False  # the actor came from a rule of thumb, not from the predicate's own syntax


def strongest(modalities: set[str]) -> str:
    return next((m for m in MODALITY_RANK if m in modalities), "asserted")


def is_time(token: Optional[Token]) -> bool:
    return token is not None and token.ent_type_ in TIME_LABELS


def is_question(sent: Span) -> bool:
    """A question asserts nothing ("How would you have handled the pandemic?")."""
    text = span_text(sent).rstrip(" \"'”’)]\n")
    return text.endswith("?")


def can_act(subject: Optional[Token]) -> bool:
    """A word that may be an event's actor: not missing, not a clause ("what he said"), not a time."""
    return subject is not None and subject.dep_ != "csubj" and not is_time(subject)


def finite_clause(verb: Optional[Token]) -> bool:
    """A clause with its own subject: "that Kyiv resume talks", "Erdoğan would facilitate"."""
    return verb is not None and child(verb, "nsubj", "nsubjpass", "expl") is not None


class EventReader:
    """Reads every event of a document; one instance per document."""

    def __init__(self, doc: Doc, lexicon: Lexicon, resolver: ActorResolver, article: str,
                 published: Optional[str], skip_sentences: set[int]):
        self.doc = doc
        self.lex = lexicon
        self.resolver = resolver
        self.article = article
        self.published = published
        self.skip = skip_sentences
        self.text = doc_text(doc)
        self.predicates: dict[int, tuple] = {}  # token index -> what predicate_of read there

    # -- finding predicate heads ---------------------------------------------------------
    def events(self) -> Iterator[Event]:
        heads = tokens_with(self.doc, pos=("VERB", "AUX", "NOUN", "PROPN"))  # the only words read below
        for sent in self.doc.sents:
            if sent.start_char in self.skip or is_question(sent):
                continue
            for i in tokens_within(sent, heads):
                token = self.doc[i]
                reading = self.read_verb(token) if token.pos_ in ("VERB", "AUX") else None
                if reading is None and token.pos_ in ("NOUN", "PROPN"):
                    reading = self.read_noun(token)
                if reading is not None:
                    yield from self.to_events(reading, sent)

    def controlled_by(self, verb: Token) -> list[Token]:
        """The control verbs above a complement: "is preparing to send" -> [preparing]."""
        chain, token = [], verb
        while token.dep_ == "xcomp" and token.head.lemma_.lower() in self.lex.control:
            token = token.head
            chain.append(token)
        return chain

    def is_control_head(self, verb: Token) -> bool:
        """A control verb whose complement carries the event is not an event itself."""
        return verb.lemma_.lower() in self.lex.control and any(
            c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in verb.children) and \
            self.predicate_of(verb)[0] not in CONTENT_PREDICATES

    def predicate_of(self, verb: Token) -> tuple[Optional[str], Optional[Token], list[Token]]:
        """(predicate, object found on the way, surface tokens) for a verb, through the lexicon."""
        found = self.predicates.get(verb.i)
        if found is None:  # asked several times per verb (as head, as governor, as control verb)
            found = self.predicates[verb.i] = self._vocabulary_of(verb)
        return found[0], found[1], list(found[2])

    def choice_of(self, verb: Token) -> Choice:
        """The verb's predicate with its CAMEO code and PLOVER type (kg.extract.vocabulary)."""
        self.predicate_of(verb)
        return self.predicates[verb.i][3]

    def _vocabulary_of(self, verb: Token) -> tuple:
        """kg's forms read the verb, then the CAMEO dictionary with its particle, object and prepositions."""
        predicate, found_object, tokens = self._predicate_of(verb)
        choice = choose(verb, predicate, len(tokens) > 1, self.lex)
        if predicate is None and choice.predicate is not None and \
                (choice.lemma in self.lex.non_event_verbs or choice.lemma in self.lex.reporting):
            choice = replace(choice, predicate=None)  # a copula or a reporting verb stays what kg reads it as
        return choice.predicate, found_object, tokens, choice

    def _predicate_of(self, verb: Token) -> tuple[Optional[str], Optional[Token], list[Token]]:
        lemma = verb.lemma_.lower()
        children = list(verb.children)  # walked once: each Token spaCy hands out is a new object

        def first(*deps: str) -> Optional[Token]:
            return next((c for c in children if c.dep_ in deps), None)

        direct = first("dobj")
        for c in children:
            if c.dep_ in ("prt", "prep"):
                key = (lemma, c.lower_)
                if c.dep_ == "prep" and direct is not None and direct.i < c.i:
                    continue  # "called Nevada for Biden" is no "call for"
                if key in self.lex.phrasals:
                    obj = child(c, "pobj") if c.dep_ == "prep" else None
                    return self.lex.phrasals[key], obj, [verb, c]
        dobj = first(*OBJECT_DEPS)
        if dobj is None and first("agent") is None:
            dobj = first("nsubjpass")  # "sanctions must be imposed": the idiom's object is the patient
        if dobj is not None:
            key = (lemma, dobj.lemma_.lower())
            if key in self.lex.idioms:
                return self.lex.idioms[key], None, [verb, dobj]
            particle = first("prt")
            light = f"{lemma} {particle.lower_}" if particle is not None else lemma
            if (light in self.lex.light_verbs or lemma in self.lex.light_verbs) and \
                    dobj.lemma_.lower() in self.lex.nouns:
                return self.lex.nouns[dobj.lemma_.lower()], None, [verb, dobj]
        if lemma in self.lex.verbs:
            return self.lex.verbs[lemma], None, [verb]
        report = self.lex.reporting.get(lemma)
        if report and report.event:
            return report.event, None, [verb]
        return None, None, [verb]

    def is_speech(self, verb: Token, predicate: Optional[str]) -> bool:
        """A verb that reports what was said ("announced that …", "suggested X would …") is a claim, not an event."""
        ccomp = child(verb, "ccomp")
        if not finite_clause(ccomp) or ccomp.i < verb.i:
            return False
        lemma = verb.lemma_.lower()
        report = self.lex.reporting.get(lemma)
        if report is not None and report.event:
            return False  # "warned that Kyiv …", "accused": acts between actors
        if predicate == "agree":
            return True  # "they agreed that …": a shared statement
        if predicate in CONTENT_PREDICATES:
            # "proposing that Kyiv resume talks" proposes; "suggested Erdoğan would facilitate" reports
            return has_modal(ccomp) or ccomp.tag_ in ("VBD", "VBZ", "VBN") and report is not None
        if predicate is None and child(verb, "dobj") is None:
            return True  # "found that …", "believes that …": a statement or a thought, not a deed
        return report is not None or predicate == "announce"

    def read_verb(self, verb: Token) -> Optional[Reading]:
        if verb.dep_ in ("aux", "auxpass") or self.is_control_head(verb):
            return None
        lemma = verb.lemma_.lower()
        if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
            governor, _, _ = self.predicate_of(verb.head)
            if governor in CONTENT_PREDICATES and verb.head.lemma_.lower() not in self.lex.control and \
                    child(verb.head, "dobj") is None:
                return None  # "proposes holding talks": the holding is what is proposed
        predicate, found_object, verb_tokens = self.predicate_of(verb)
        if self.is_speech(verb, predicate):
            return None
        lemma = self.choice_of(verb).lemma  # "raped", which the small model reads as "rap", is "rape"
        if predicate is None:
            if lemma in self.lex.non_event_verbs or lemma in self.lex.reporting or verb.pos_ == "AUX":
                return None
            particle = child(verb, "prt")
            predicate = f"{lemma}_{particle.lower_}" if particle is not None else lemma
            if particle is not None:
                verb_tokens = [verb, particle]
        reading = Reading(head=verb, predicate=predicate, verb_tokens=verb_tokens, chain=self.controlled_by(verb))
        reading.subject, reading.hops = subject_of(verb)
        if reading.subject is None:
            reading.subject, reading.hops = self.implicit_agent(verb)
            reading.guessed = reading.subject is not None
        elif self.reported_result(verb) is not None:
            reading.subject, reading.guessed = self.reported_result(verb), True
            if reading.subject is False:
                return None
        if not can_act(reading.subject):
            return None  # no one to act: its object would be read for nothing
        self.find_object(reading, found_object)
        return reading

    def implicit_agent(self, verb: Token) -> tuple[Optional[Token], int]:
        """The agent of a passive without "by" inside what someone commits to.

        "They agreed that sanctions must be imposed": those who agreed are those who impose.
        """
        if child(verb, "nsubjpass") is None or child(verb, "agent") is not None:
            return None, 0
        token, hops = verb, 0
        while token.dep_ in ("conj", "advcl") and hops < 3:
            token, hops = token.head, hops + 1
        if token.dep_ != "ccomp":
            return None, 0
        governor = token.head
        if self.predicate_of(governor)[0] != "agree" and self.lex.control.get(governor.lemma_.lower()) != "planned":
            return None, 0
        subject, more = subject_of(governor)
        return subject, hops + more + 1

    def reported_result(self, verb: Token):
        """A participle after a report of a nominal event is that event's outcome, not the reporter's act.

        "Officials reported Russian strikes on Kyiv, injuring one civilian": the strikes injured. Returns the
        event's actor, False when the event names none, None when the rule does not apply.
        """
        head = verb.head
        if verb.dep_ != "advcl" or verb.tag_ != "VBG" or head.lemma_.lower() not in REPORTED_OBJECT_CUES or \
                verb.lemma_.lower() in self.lex.reporting:
            return None
        obj = child(head, "dobj")
        if obj is None or obj.lemma_.lower() not in self.lex.nouns:
            return None
        return self.nominal_actor(obj) or False

    def read_noun(self, noun: Token) -> Optional[Reading]:
        """A nominal event: "Russian drone strikes on Kyiv", "Western military aid to Kyiv"."""
        predicate = self.lex.nouns.get(noun.lemma_.lower())
        if predicate is None or noun.dep_ in ("compound",) or is_time(noun):
            return None
        head = noun.head
        if noun.dep_ in OBJECT_DEPS + ("nsubjpass",) and head.pos_ == "VERB" and noun in self.predicate_of(head)[2]:
            return None  # already read through its verb: "launched an attack", "imposed sanctions"
        actor, guessed = self.nominal_actor(noun), False
        target = prep_object(noun, NOUN_TARGET_PREPS)
        content = prep_object(noun, {"for", "of"})
        if actor is None and predicate in JOINT_PREDICATES and target is not None:
            actor, guessed = self.frame_actor(noun), True
        if actor is None or (target is None and content is None):
            return None  # a bare "the proposal" names no event we can place
        if is_time(target):
            target = None
        reading = Reading(head=noun, predicate=predicate, verb_tokens=[noun], nominal=True, guessed=guessed)
        reading.subject = actor
        reading.object = content if content is not None and not is_time(content) else noun
        reading.target = target
        if predicate in JOINT_PREDICATES and target is not None and content is None:
            reading.object, reading.target = target, target
        return reading

    def nominal_actor(self, noun: Token) -> Optional[Token]:
        """Who acts in a nominal event: a possessive, a demonym or country modifier, or a "by" phrase."""
        actor = None
        for c in noun.children:
            if c.dep_ == "poss" and c.lower_ not in ("its", "their"):
                actor = c
            elif c.dep_ in ("amod", "compound", "nmod") and actor is None:
                if self.resolver.gaz.demonym(c.text) or (c.pos_ == "PROPN" and self.resolver.gaz.actor(c.text)):
                    actor = c
            elif c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                actor = child(c, "pobj") or actor
        for c in noun.lefts:  # "Russian drone strikes": the demonym may modify the compound
            if actor is None and c.dep_ == "compound":
                for cc in c.lefts:
                    if cc.dep_ in ("amod", "compound") and self.resolver.gaz.demonym(cc.text):
                        actor = cc
        return actor

    def frame_actor(self, noun: Token) -> Optional[Token]:
        """"Following a meeting with X, leaders of Y called …": the clause's subject took part."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ not in FRAME_PREPS:
            return None
        clause = prep.head
        if clause.pos_ not in ("VERB", "AUX"):
            return None
        subject, _ = subject_of(clause)
        return subject

    # -- roles ---------------------------------------------------------------------------
    def find_object(self, reading: Reading, found: Optional[Token]) -> None:
        verb = reading.head
        if found is not None:
            reading.object = found
        else:
            dobj = child(verb, *OBJECT_DEPS)
            xcomp = child(verb, "xcomp")
            ccomp = child(verb, "ccomp")
            if dobj is not None and xcomp is not None and child(xcomp, *OBJECT_DEPS) is not None:
                # "offer the Kyiv authorities to resume negotiations": the first object is the addressee
                reading.target = dobj
                reading.object = child(xcomp, *OBJECT_DEPS)
            elif dobj is not None:
                if dobj.lemma_.lower() in self.lex.nouns and len(reading.verb_tokens) > 1:
                    # "launched a drone attack on the city", "announced a proposal for talks"
                    reading.object = prep_object(dobj, {"for", "of"}) or dobj
                    reading.target = prep_object(dobj, NOUN_TARGET_PREPS)
                else:
                    reading.object = dobj
            elif xcomp is not None:
                reading.object = child(xcomp, *OBJECT_DEPS) or xcomp
            elif finite_clause(ccomp) and ccomp.i > verb.i and reading.predicate in CONTENT_PREDICATES | {"warn"}:
                # "proposing that Kyiv resume talks", "warned that Kyiv and its backers face …"
                inner = child(ccomp, "nsubj", "nsubjpass")
                if reading.predicate in ("propose", "demand", "appeal"):
                    reading.object = child(ccomp, *OBJECT_DEPS) or ccomp
                    reading.target = inner
                else:
                    reading.object = inner
            if reading.object is None:
                reading.object = passive_object(verb) if child(verb, "agent") is not None else None
            if reading.object is None:
                for prep in OBJECT_PREPS:
                    obj = prep_object(verb, {prep})
                    if obj is not None:
                        reading.object = obj
                        break
        if is_time(reading.object):
            reading.object = None
        if reading.object is not None and reading.object.lower_ in ("which", "that", "whom") and verb.dep_ == "relcl":
            reading.object = verb.head  # "your candidacy, which I endorse": the candidacy is endorsed
        if reading.target is None:
            holders = [verb] + ([reading.object] if reading.object is not None else [])
            for holder in holders:
                target = prep_object(holder, TARGET_PREPS)
                if target is not None and target != reading.object and not is_time(target):
                    reading.target = target
                    break
        if is_time(reading.target):
            reading.target = None

    def find_place(self, holders: list[Token], depth: int) -> Optional[Filler]:
        """The place of an event: an "in/at/near" phrase on the verb or inside its object, or "the streets of X"."""
        seen, frontier = set(), list(holders)
        for _ in range(depth):  # the object's own phrases: "talks with Ukraine in Istanbul"
            following = []
            for holder in frontier:
                if holder.i in seen:
                    continue
                seen.add(holder.i)
                for prep in holder.children:
                    if prep.dep_ != "prep":
                        continue
                    obj = child(prep, "pobj")
                    if obj is None:
                        continue
                    if prep.lower_ in PLACE_PREPS or (prep.lower_ == "of" and holder.dep_ in OBJECT_DEPS):
                        filler = self.resolver.resolve(obj, as_place=True)
                        if filler.type in PLACE_TYPES and (prep.lower_ != "of" or filler.type != "Country"):
                            return filler
                    if obj.pos_ in ("NOUN", "PROPN") and prep.lower_ not in FRAME_PREPS:
                        following.append(obj)
                following += [c for c in holder.children if c.dep_ in OBJECT_DEPS + ("appos",)]
            frontier = following
        return None

    def place_and_time(self, reading: Reading) -> tuple[Optional[Filler], Optional[Filler]]:
        holders = [reading.head] + reading.chain
        if reading.object is not None and reading.object != reading.head:
            holders.append(reading.object)
        xcomp = child(reading.head, "xcomp")
        if xcomp is not None:
            holders.append(xcomp)
        place = self.find_place(holders, depth=1)
        if place is None and reading.head.dep_ in ("advcl", "conj") and reading.head.tag_ == "VBG":
            # "…filled the streets of Frankfurt, demanding …": the participle happens where its clause does
            place = self.find_place([reading.head.head] + [c for c in reading.head.head.children
                                                           if c.dep_ in OBJECT_DEPS], depth=1)
        if place is None:  # the object's own place: "talks with Ukraine in Istanbul"
            place = self.find_place(holders + ([reading.target] if reading.target is not None else []), depth=3)
        when = None
        for ent in entities_in(sentence_of(reading.head)):
            if ent.label_ not in TIME_LABELS or AGE.search(ent.text):
                continue
            anchor = ent.root
            # a time hangs on the event through prepositions and adverbials ("talks on Thursday", "as early as
            # Thursday"), not as a modifier inside a noun ("his 2020 candidacy") or an apposition ("a lawyer since 1988")
            while anchor.head != anchor and anchor not in holders and anchor.dep_ in TIME_PATH and \
                    not (anchor.dep_ in NOUN_MODIFIERS and anchor.head.pos_ in ("NOUN", "PROPN")):
                anchor = anchor.head
            if anchor in holders:
                before = self.doc[max(sentence_of(reading.head).start, ent.start - 3):ent.start].text
                ahead = looks_ahead(before)
                future = self.looks_forward(reading, anchor) if ahead is None else ahead
                when = Filler(label=ent.text, text=ent.text, type="Time",
                              value=resolve_time(ent.text, self.published, future),
                              start=ent.start_char, end=ent.end_char)
                break
        return place, when

    def looks_forward(self, reading: Reading, anchor: Token) -> bool:
        """Whether the event's time lies ahead of the article: future, planned or proposed."""
        if reading.modalities & {"planned", "hypothetical"}:
            return True
        if reading.predicate in FORWARD_PREDICATES and anchor != reading.head:
            return True  # "proposes talks on Thursday": the talks' day
        head = reading.head
        if head.pos_ == "NOUN":
            return True
        if head.tag_ in ("VBD", "VBN"):
            return False
        return head.tag_ in ("VBP", "VBZ", "VB") or (head.tag_ == "VBG" and reading.predicate in FORWARD_PREDICATES)

    def modalities(self, reading: Reading) -> None:
        tokens = [reading.head] + reading.chain
        for verb in tokens:
            control = self.lex.control.get(verb.lemma_.lower()) if verb != reading.head else None
            if control and control != "asserted":
                reading.modalities.add(control)
            for c in verb.children:
                word = c.lower_
                if c.dep_ == "neg" or (c.dep_ == "advmod" and word == "never"):
                    reading.modalities.add("negated")
                elif c.dep_ == "advmod" and ("adverb", word) in self.lex.modality_cues:
                    reading.modalities.add(self.lex.modality_cues[("adverb", word)])
                elif c.dep_ in ("aux", "auxpass") and ("aux", word) in self.lex.modality_cues:
                    reading.modalities.add(self.lex.modality_cues[("aux", word)])
                elif c.dep_ == "prep" and word == "according":
                    reading.modalities.add("reported")
                    reading.attributed_to = child(child(c, "prep") or c, "pobj")
        # a condition anywhere above the verb: "if Russia refuses ..."; or the content of a proposal or demand
        token = reading.head
        while token.head != token:
            if any(c.dep_ == "mark" and ("mark", c.lower_) in self.lex.modality_cues for c in token.children):
                reading.modalities.add(self.lex.modality_cues[("mark", next(
                    c.lower_ for c in token.children if c.dep_ == "mark" and ("mark", c.lower_) in self.lex.modality_cues))])
                break
            if token.dep_ == "ccomp" and self.predicate_of(token.head)[0] in CONTENT_PREDICATES - {"accuse"}:
                reading.modalities.add("hypothetical")  # "proposing that Kyiv resume talks": not (yet) a fact
                break
            if token.dep_ not in ("conj", "xcomp", "advcl", "ccomp"):
                break
            token = token.head
        # "urged Russia to withdraw", "advised citizens to leave": asked of someone, not done
        if reading.head.dep_ == "xcomp" and is_infinitive(reading.head) and child(reading.head.head, "dobj") is not None \
                and not reading.chain:
            reading.modalities.add("hypothetical")
        # "he believes Harris does not qualify": what someone states or thinks is their claim
        holder = self.statement_of(reading.head)
        if holder is not None:
            reading.modalities.add("claimed")
            reading.attributed_to = reading.attributed_to or holder
        # "accused Belarus of sending migrants": the sending is the accuser's claim
        accuser = self.accusation_of(reading.head)
        if accuser is not None:
            reading.modalities.add("claimed")
            reading.attributed_to = reading.attributed_to or subject_of(accuser)[0]
        # "according to X" on the sentence's main verb colours every event of the sentence
        root = sentence_of(reading.head).root
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ == "according" and reading.attributed_to is None:
                reading.modalities.add("reported")
                reading.attributed_to = child(child(c, "prep") or c, "pobj")

    # -- filtering -----------------------------------------------------------------------
    def is_purpose(self, verb: Token) -> bool:
        """"… to end the war", "efforts to de-escalate": an aim, not something that happened."""
        if verb.pos_ not in ("VERB", "AUX"):
            return False
        token = verb
        while token.dep_ == "conj":
            token = coordination_partner(token)
        return is_infinitive(token) and token.dep_ in ("advcl", "acl", "relcl") or \
            token.dep_ == "acl" and token.head.pos_ == "NOUN" and token.tag_ == "VB"

    def worth_keeping(self, reading: Reading, obj: Optional[Filler], target: Optional[Filler], known: bool) -> bool:
        """Precision rules: what an analyst would not write down (beside ``names_nobody``)."""
        report = self.lex.reporting.get(reading.head.lemma_.lower())
        if report is not None and report.event == reading.predicate and not (is_actor(obj) or is_actor(target)):
            return False  # "denied the reports", "warned that pressure is pointless": claims, not acts between actors
        if known:
            return not self.is_purpose(reading.head) or bool(reading.chain)
        if reading.hops > 1 or self.is_purpose(reading.head):
            return False
        if reading.object is not None and reading.object.pos_ == "PRON" and not is_actor(obj):
            return False  # "think it through", "calling them absurd"
        if self.is_content(reading.head):
            return False  # "accused Putin of stalling": the accusation is the event
        if obj is None and target is None and reading.modalities & {"hypothetical", "planned"}:
            return False  # "Ukraine needs to decide": an unclassified act with no one and nothing involved, not done
        return True

    def names_nobody(self, reading: Reading, fillers: list[Filler], known: bool) -> bool:
        """The precision rules that need only the subject: most readings fail one, and are let go
        before their object, target and modality are worked out."""
        subject = reading.subject
        someone = any(is_actor(f) for f in fillers)
        if subject.pos_ == "PRON" and not someone:
            if subject.lower_ not in SPEAKER_SUBJECTS or not self.quoted(subject):
                return True  # an unresolved pronoun names nobody; "we" outside a quotation is no one in particular
        # outside the vocabulary, only actors' deeds are events
        return not known and not someone and subject.lower_ not in SPEAKER_SUBJECTS

    def quoted(self, token: Token) -> bool:
        """Whether a word stands inside quotation marks on its line (the claims linker then names the speaker)."""
        text = self.text
        start = text.rfind("\n", 0, token.idx) + 1
        before = text[start:token.idx]
        return before.count("“") > before.count("”") or before.count('"') % 2 == 1

    def statement_of(self, verb: Token) -> Optional[Token]:
        """Who states or thinks the clause ``verb`` heads ("he believes Harris does not qualify" -> he), if anyone."""
        token = verb
        while token.dep_ == "conj":
            token = coordination_partner(token)
        if token.dep_ != "ccomp" or token.head.pos_ not in ("VERB", "AUX"):
            return None
        governor = token.head
        if not self.is_speech(governor, self.predicate_of(governor)[0]):
            return None
        subject, _ = subject_of(governor)
        return subject

    def accusation_of(self, verb: Token) -> Optional[Token]:
        """The accusing verb whose "of"/"for" clause ``verb`` is."""
        token = verb
        while token.dep_ == "conj":
            token = coordination_partner(token)
        if token.dep_ == "pcomp" and token.head.dep_ == "prep" and \
                self.predicate_of(token.head.head)[0] in ("accuse", "criticize"):
            return token.head.head
        return None

    def is_content(self, verb: Token) -> bool:
        """A clause that is what a proposal, demand or accusation is about."""
        token = verb
        while token.dep_ == "conj":
            token = coordination_partner(token)
        if token.dep_ in ("ccomp", "xcomp"):
            return self.predicate_of(token.head)[0] in CONTENT_PREDICATES
        if token.dep_ == "pcomp" and token.head.dep_ == "prep":
            return self.predicate_of(token.head.head)[0] in CONTENT_PREDICATES
        return False

    # -- records -------------------------------------------------------------------------
    def to_events(self, reading: Reading, sent: Span) -> Iterator[Event]:
        if not can_act(reading.subject):
            return
        subjects = conjuncts(reading.subject) if reading.subject.pos_ in ("PROPN", "NOUN") else [reading.subject]
        subjects = [s for s in subjects if not is_time(s)]
        fillers = [self.resolver.resolve(s) for s in subjects]
        choice = self.choice_of(reading.head) if not reading.nominal and reading.head.pos_ in ("VERB", "AUX") else None
        if choice is not None and choice.predicate != reading.predicate and \
                not (choice.predicate is None and reading.predicate.startswith(choice.lemma)):
            choice = None  # a predicate another rule chose: kg's class of it
        known = choice.known if choice is not None else \
            reading.predicate in self.lex.predicates or reading.predicate in self.lex.verbs.values()
        if self.names_nobody(reading, fillers, known):
            return
        self.modalities(reading)
        obj = self.resolver.resolve(reading.object) if reading.object is not None else None
        if obj is not None and reading.object.pos_ in ("VERB", "AUX"):
            obj = Filler(label=reading.object.lemma_, text=reading.object.text, type="Thing",
                         start=reading.object.idx, end=reading.object.idx + len(reading.object.text))
        cls_of = self.lex.predicate_class(reading.predicate)
        victim = reading.target is not None and reading.target.head.lower_ in VICTIM_PREPS and \
            cls_of is not None and cls_of.plover == "ASSAULT"
        # "strikes on Kyiv": what is struck is the city, not the state
        target = self.resolver.resolve(reading.target, as_place=victim) if reading.target is not None else None
        if target is not None and not (is_actor(target) or target.type in PLACE_TYPES) and not victim:
            target = None  # "an end to the genocide": the other party is someone, somewhere, or a victim
        if not fillers or not self.worth_keeping(reading, obj, target, known):
            return
        place, when = self.place_and_time(reading)
        attributed = self.resolver.resolve(reading.attributed_to) if reading.attributed_to is not None else None
        # the verb's own reading (kg.extract.vocabulary) gives the full-depth CAMEO code; a lemma has no class
        cls = self.lex.predicate_class(reading.predicate) if choice is None or choice.predicate else None
        cameo = choice.cameo if choice is not None else cls.cameo if cls else None
        plover = self.lex.cameo.plover_of(cameo)[0] or (cls.plover if cls else None)
        verb_words = sorted(set(reading.verb_tokens) | set(reading.chain) |
                            {c for v in [reading.head] + reading.chain for c in v.children
                             if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < v.i and c.i >= sent.start},
                            key=lambda t: t.i)
        verb_text = self.doc[verb_words[0].i:verb_words[-1].i + 1].text if verb_words else reading.head.text
        confidence = 0.9 - 0.1 * min(reading.hops, 4) - (0.0 if cls else 0.15) - (0.1 if reading.guessed else 0.0) \
            - (0.05 if reading.nominal else 0.0)
        # a coordinated subject is a group: one event for the group and one per member
        actors: list[Filler] = []
        if len(fillers) > 1:
            actors.append(Filler(label=" and ".join(f.label for f in fillers), type="Group",
                                 text=self.doc[subjects[0].left_edge.i:subjects[-1].i + 1].text, members=fillers))
        for filler in fillers:
            actors += [filler] + filler.members
        for actor in actors:
            score = confidence
            if not is_actor(actor):
                score -= 0.15 if (actor.text or "").lower() not in PRONOUNS_UNRESOLVED else 0.4
            if actor not in fillers and actor.type != "Group":
                score -= 0.1  # a member acts through its group: one step removed
            event = Event(
                article=self.article, sentence=span_text(sent), start=sent.start_char, end=sent.end_char,
                subject=actor, predicate=reading.predicate, verb=verb_text,
                event_type=cls.event_class if cls else None, plover=plover, cameo=cameo, object=obj, target=target, location=place, time=when,
                modality=strongest(reading.modalities), attributed_to=attributed,
                confidence=round(max(0.05, min(1.0, score)), 2),
                verb_start=reading.head.idx, verb_end=reading.head.idx + len(reading.head.text),
                published=self.published)
            event.assign_id()
            yield event
