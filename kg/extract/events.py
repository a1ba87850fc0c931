"""Events from the dependency parse: actor – predicate – object, with target, place, time and modality."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorResolver, conjuncts, is_actor, noun_phrase
from kg.extract.syntax import child, passive_object, prep_object, subject_of
from kg.extract.timex import resolve_time
from kg.lexicon import Lexicon
from kg.model import Event, Filler

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
TARGET_PREPS = {"to", "with", "on", "against", "at", "toward", "towards", "into", "upon"}
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around"}
# the complement of these predicates is their content, not a separate event ("propose holding talks")
CONTENT_PREDICATES = {"propose", "demand", "appeal", "threaten", "accuse", "agree"}
MODALITY_RANK = ("negated", "hypothetical", "denied", "reported", "claimed", "planned", "asserted")


@dataclass
class Reading:
    """What one predicate head says, before it becomes Event records."""

    head: Token  # the word that carries the event (the verb, or the noun of a nominal event)
    predicate: str
    verb_tokens: list[Token]
    subject: Optional[Token] = None
    subject_filler: Optional[Filler] = None
    object: Optional[Token] = None
    target: Optional[Token] = None
    modalities: set[str] = field(default_factory=set)
    attributed_to: Optional[Token] = None
    hops: int = 0  # how far the subject was from the verb: each hop costs confidence
    chain: list[Token] = field(default_factory=list)  # control verbs above the head


def strongest(modalities: set[str]) -> str:
    return next((m for m in MODALITY_RANK if m in modalities), "asserted")


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

    # -- finding predicate heads ---------------------------------------------------------
    def events(self) -> Iterator[Event]:
        for sent in self.doc.sents:
            if sent.start_char in self.skip:
                continue
            for token in sent:
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
        lemma = verb.lemma_.lower()
        for c in verb.children:
            if c.dep_ in ("prt", "prep"):
                key = (lemma, c.lower_)
                if key in self.lex.phrasals:
                    obj = child(c, "pobj") if c.dep_ == "prep" else None
                    return self.lex.phrasals[key], obj, [verb, c]
        dobj = child(verb, *OBJECT_DEPS)
        if dobj is not None:
            key = (lemma, dobj.lemma_.lower())
            if key in self.lex.idioms:
                return self.lex.idioms[key], None, [verb, dobj]
            if lemma in self.lex.light_verbs and dobj.lemma_.lower() in self.lex.nouns:
                return self.lex.nouns[dobj.lemma_.lower()], None, [verb, dobj]
        if lemma in self.lex.verbs:
            return self.lex.verbs[lemma], None, [verb]
        report = self.lex.reporting.get(lemma)
        if report and report.event:
            return report.event, None, [verb]
        return None, None, [verb]

    def read_verb(self, verb: Token) -> Optional[Reading]:
        if verb.dep_ in ("aux", "auxpass") or self.is_control_head(verb):
            return None
        lemma = verb.lemma_.lower()
        if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
            governor, _, _ = self.predicate_of(verb.head)
            if governor in CONTENT_PREDICATES and verb.head.lemma_.lower() not in self.lex.control:
                return None  # "proposes holding talks": the holding is what is proposed
        if verb.dep_ == "ccomp" and self.predicate_of(verb.head)[0] in CONTENT_PREDICATES:
            return None
        predicate, found_object, verb_tokens = self.predicate_of(verb)
        if predicate is None:
            if lemma in self.lex.non_event_verbs or lemma in self.lex.reporting or verb.pos_ == "AUX":
                return None
            particle = child(verb, "prt")
            predicate = f"{lemma}_{particle.lower_}" if particle is not None else lemma
            if particle is not None:
                verb_tokens = [verb, particle]
        reading = Reading(head=verb, predicate=predicate, verb_tokens=verb_tokens, chain=self.controlled_by(verb))
        self.find_subject(reading)
        self.find_object(reading, found_object)
        return reading

    def read_noun(self, noun: Token) -> Optional[Reading]:
        """A nominal event: "Russian drone strikes on Kyiv", "Western military aid to Kyiv"."""
        predicate = self.lex.nouns.get(noun.lemma_.lower())
        if predicate is None or noun.dep_ in ("compound",):
            return None
        head = noun.head
        if noun.dep_ in OBJECT_DEPS and head.pos_ == "VERB" and (
                head.lemma_.lower() in self.lex.light_verbs or self.predicate_of(head)[0] is not None):
            return None  # already read through its verb
        actor = None
        for c in noun.children:
            if c.dep_ == "poss":
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
        target = prep_object(noun, {"on", "against", "to", "with", "into"})
        content = prep_object(noun, {"for", "of"})
        if actor is None or (target is None and content is None):
            return None  # a bare "the proposal" names no event we can place
        reading = Reading(head=noun, predicate=predicate, verb_tokens=[noun])
        reading.subject = actor
        reading.object = content if content is not None else noun
        reading.target = target
        return reading

    # -- roles ---------------------------------------------------------------------------
    def find_subject(self, reading: Reading) -> None:
        reading.subject, reading.hops = subject_of(reading.head)
        if reading.object is None:
            reading.object = passive_object(reading.head)

    def find_object(self, reading: Reading, found: Optional[Token]) -> None:
        verb = reading.head
        if found is not None:
            reading.object = found
        elif reading.object is None:
            dobj = child(verb, *OBJECT_DEPS)
            xcomp = child(verb, "xcomp")
            if dobj is not None and xcomp is not None and child(xcomp, *OBJECT_DEPS) is not None:
                # "offer the Kyiv authorities to resume negotiations": the first object is the addressee
                reading.target = dobj
                reading.object = child(xcomp, *OBJECT_DEPS)
            elif dobj is not None:
                if reading.predicate not in ("propose", "demand", "appeal") and \
                        dobj.lemma_.lower() in self.lex.nouns and len(reading.verb_tokens) > 1:
                    reading.object = prep_object(dobj, {"for", "of"}) or dobj
                else:
                    reading.object = dobj
            elif xcomp is not None:
                reading.object = child(xcomp, *OBJECT_DEPS) or xcomp
            else:
                ccomp = child(verb, "ccomp")
                if ccomp is not None and reading.predicate in ("threaten", "demand", "propose", "accuse"):
                    reading.object = child(ccomp, "nsubj", "nsubjpass")
            if reading.object is None:
                reading.object = prep_object(verb, {"for", "on", "against"} if reading.predicate in (
                    "demand", "attack", "sanction", "criticize", "accuse") else set())
        if reading.target is None:
            holders = [verb] + ([reading.object] if reading.object is not None else [])
            for holder in holders:
                target = prep_object(holder, TARGET_PREPS)
                if target is not None and target is not reading.object:
                    reading.target = target
                    break

    def place_and_time(self, reading: Reading) -> tuple[Optional[Filler], Optional[Filler]]:
        holders = [reading.head] + reading.chain
        if reading.object is not None and reading.object is not reading.head:
            holders.append(reading.object)
        xcomp = child(reading.head, "xcomp")
        if xcomp is not None:
            holders.append(xcomp)
        place = None
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS:
                    obj = child(prep, "pobj")
                    if obj is not None:
                        filler = self.resolver.resolve(obj, as_place=True)
                        if filler.type in ("City", "Country", "Location"):
                            place = filler
                            break
            if place:
                break
        when = None
        for ent in reading.head.sent.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            anchor = ent.root
            while anchor.head is not anchor and anchor.pos_ not in ("VERB", "AUX") and anchor not in holders:
                anchor = anchor.head
            if anchor in holders:
                future = bool({"planned"} & reading.modalities) or reading.head.tag_ in ("VBP", "VBZ", "VB") \
                    or reading.head.pos_ == "NOUN"
                when = Filler(label=ent.text, text=ent.text, type="Time",
                              value=resolve_time(ent.text, self.published, future),
                              start=ent.start_char, end=ent.end_char)
                break
        return place, when

    def modalities(self, reading: Reading) -> None:
        tokens = [reading.head] + reading.chain
        for verb in tokens:
            control = self.lex.control.get(verb.lemma_.lower()) if verb is not reading.head else None
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
        # a condition anywhere above the verb: "if Russia refuses ..."
        token = reading.head
        while token.head is not token:
            if any(c.dep_ == "mark" and ("mark", c.lower_) in self.lex.modality_cues for c in token.children):
                reading.modalities.add("hypothetical")
                break
            if token.dep_ not in ("conj", "xcomp", "advcl", "ccomp"):
                break
            token = token.head
        # "according to X" on the sentence's main verb colours every event of the sentence
        root = reading.head.sent.root
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ == "according" and reading.attributed_to is None:
                reading.modalities.add("reported")
                reading.attributed_to = child(child(c, "prep") or c, "pobj")

    # -- records -------------------------------------------------------------------------
    def to_events(self, reading: Reading, sent: Span) -> Iterator[Event]:
        if reading.subject is None:
            return
        if reading.subject_filler is None:
            if reading.subject.dep_ in ("csubj",):
                return
        self.modalities(reading)
        subjects = conjuncts(reading.subject) if reading.subject.pos_ in ("PROPN", "NOUN") else [reading.subject]
        fillers = [self.resolver.resolve(s) for s in subjects]
        known = reading.predicate in self.lex.predicates or reading.predicate in self.lex.verbs.values()
        if not known and not any(is_actor(f) for f in fillers) and reading.subject.lower_ not in ("we", "i"):
            return  # outside the vocabulary, only actors' deeds are events
        obj = self.resolver.resolve(reading.object) if reading.object is not None else None
        if obj is not None and reading.object.pos_ == "VERB":
            obj = Filler(label=reading.object.lemma_, text=reading.object.text, type="Thing")
        target = self.resolver.resolve(reading.target) if reading.target is not None else None
        place, when = self.place_and_time(reading)
        attributed = self.resolver.resolve(reading.attributed_to) if reading.attributed_to is not None else None
        cls = self.lex.predicate_class(reading.predicate)
        verb_words = sorted(set(reading.verb_tokens) | set(reading.chain) |
                            {c for v in [reading.head] + reading.chain for c in v.children
                             if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < v.i and c.i >= sent.start},
                            key=lambda t: t.i)
        verb_text = self.doc[verb_words[0].i:verb_words[-1].i + 1].text if verb_words else reading.head.text
        confidence = 0.9 - 0.1 * reading.hops - (0.0 if cls else 0.15)
        # a coordinated subject is a group: one event for the group and one per member
        actors: list[Filler] = []
        if len(fillers) > 1:
            actors.append(Filler(label=" and ".join(f.label for f in fillers), type="Group",
                                 text=self.doc[subjects[0].left_edge.i:subjects[-1].i + 1].text, members=fillers))
        for filler in fillers:
            actors += [filler] + filler.members
        for actor in actors:
            score = confidence
            if actor.type == "Thing" and (actor.text or "").lower() in ("it", "they", "them", "this"):
                score -= 0.3  # an unresolved pronoun is a guess
            if actor not in fillers and actor.type != "Group":
                score -= 0.1  # a member acts through its group: one step removed
            event = Event(
                article=self.article, sentence=sent.text, start=sent.start_char, end=sent.end_char,
                subject=actor, predicate=reading.predicate, verb=verb_text,
                event_type=cls.event_class if cls else None, plover=cls.plover if cls else None,
                cameo=cls.cameo if cls else None, object=obj, target=target, location=place, time=when,
                modality=strongest(reading.modalities), attributed_to=attributed,
                confidence=round(max(0.05, min(1.0, score)), 2),
                verb_start=reading.head.idx, verb_end=reading.head.idx + len(reading.head.text),
                published=self.published)
            event.assign_id()
            yield event
