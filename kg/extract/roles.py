"""The roles of an event reading: object, target, place and time (mixed into ``EventReader``)."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from kg.extract.actors import filler_for
from kg.extract.docindex import entities_in, sentence_of
from kg.extract.readings import (AGE, CLAUSE_ACTS, CONTENT_PREDICATES, FRAME_PREPS, NOUN_TARGET_PREPS, OBJECT_PREPS,
                                 PLACE_PREPS, PLACE_TYPES, SITE_PREPS, SITE_TYPES, STATED_ACTS, TARGET_PREPS,
                                 TIME_LABELS,
                                 TIME_PATH, Reading, asked_to, borrowed_patient, finite_clause, is_duration, is_time,
                                 measures_a_thing, named_site, relative_antecedent, shared_object, stated_clause)
from kg.extract.syntax import (NOUN_MODIFIER_DEPS, NOUN_POS, OBJECT_DEPS, RELATIVE_PRONOUNS, VERB_POS, child,
                               double_object, is_infinitive, misattached_agent, noun_phrase, object_of, passive_object,
                               prep_object, prep_objects, reduced_relative)
from kg.extract.timex import anaphoric_offset, dated_occasion, looks_ahead, resolve_time, shifted, time_phrase
from kg.model import Filler


def scene_time(verb: Token) -> Optional[Token]:
    """The time a clause is seen in: "Saturday saw police firing tear gas", "the weekend saw protesters
    marching": the verb's subject, or its bare noun phrase where it has no subject ("Yesterday, police said
    they arrested …": the arrest is not dated by the saying)."""
    deps = ("nsubj",) if child(verb, "nsubj", "nsubjpass") is not None else ("npadvmod",)
    return next((c for c in verb.children if c.dep_ in deps and is_time(c)), None)


class Roles:
    """Who or what an act is done to, where and when; needs the reader's lexicon, resolver and text."""

    # -- roles ---------------------------------------------------------------------------
    def find_object(self, reading: Reading, found: Optional[Token]) -> None:
        verb = reading.head
        xcomp = child(verb, "xcomp")
        if found is not None and xcomp is not None and is_infinitive(xcomp) and found.pos_ in NOUN_POS:
            # "called on Turkey to halt the drilling": Turkey is asked, the halt is what is asked for
            reading.target, reading.object = found, object_of(xcomp) or xcomp
        elif found is not None and found.dep_ == "nsubj" and self.is_party(found) and \
                child(found.head, "mark") is not None:
            # "called for NATO members to increase spending": the members are asked, the increase asked for
            reading.target, reading.object = found, object_of(found.head) or found.head
        elif found is not None:
            reading.object = found
        else:
            dobj = object_of(verb)
            xcomp = child(verb, "xcomp")
            ccomp = child(verb, "ccomp")
            recipient, theme = double_object(verb)
            if recipient is not None and self.is_party(recipient):
                reading.target, reading.object = recipient, theme  # "offered the envoy a tour"
            elif dobj is not None and xcomp is not None and child(xcomp, *OBJECT_DEPS) is not None:
                # "offer the Kyiv authorities to resume negotiations": the first object is the addressee
                reading.target = dobj
                reading.object = child(xcomp, *OBJECT_DEPS)
            elif dobj is not None and self.is_party(dobj) and asked_to(verb, dobj) is not None:
                reading.target, reading.object = dobj, asked_to(verb, dobj)  # "urged the embassy to reconsider"
            elif dobj is not None and self.is_party(dobj) and prep_object(verb, {"for"}) is not None:
                # "asked the Queen for a prorogation", "blamed Israel for the attack": the party and the matter
                reading.target, reading.object = dobj, prep_object(verb, {"for"})
            elif dobj is not None:
                if dobj.lemma_.lower() in self.lex.nouns and len(reading.verb_tokens) > 1:
                    # "launched a drone attack on the city", "announced a proposal for talks"
                    reading.object = prep_object(dobj, {"for", "of"}) or dobj
                    reading.target = prep_object(dobj, NOUN_TARGET_PREPS)
                else:
                    reading.object = dobj
            elif xcomp is not None:
                reading.object = child(xcomp, *OBJECT_DEPS) or xcomp
            elif stated_clause(ccomp) and ccomp.i > verb.i and reading.predicate in CLAUSE_ACTS | STATED_ACTS:
                # "announced that her government will withdraw the bill": what the clause is about
                reading.object = object_of(ccomp) or child(ccomp, "nsubj", "nsubjpass")
            elif finite_clause(ccomp) and ccomp.i > verb.i and reading.predicate in CONTENT_PREDICATES | {"warn"}:
                # "proposing that Kyiv resume talks", "warned that Kyiv and its backers face …"
                inner = child(ccomp, "nsubj", "nsubjpass")
                if reading.predicate in ("propose", "demand", "appeal"):
                    reading.object = child(ccomp, *OBJECT_DEPS) or ccomp
                    reading.target = inner
                else:
                    reading.object = inner
            if reading.object is None:
                reading.object = passive_object(verb) if reading.subject is not None and \
                    (child(verb, "agent") is not None or misattached_agent(verb) is not None) else None
            if reading.object is None and reading.subject is not None and reading.subject.dep_ == "pobj":
                reading.object = reduced_relative(verb)  # "a lawsuit filed by Texas": Texas filed the lawsuit
            if reading.object is None:
                for prep in OBJECT_PREPS:
                    obj = prep_object(verb, {prep})
                    if obj is not None:
                        reading.object = obj
                        break
        if is_time(reading.object) and not measures_a_thing(reading.object):
            reading.object = None  # "fired for the first time and landed a round": the time is no object
        if reading.object is None and verb.dep_ != "conj":
            reading.object = shared_object(verb)
        if reading.object is None and child(verb, "agent") is not None:
            # "the Golan, which … was occupied by Israel"; "surrendered after being confronted by officers"
            reading.object = relative_antecedent(verb) or borrowed_patient(verb)
        if is_time(reading.object) and not measures_a_thing(reading.object):
            reading.object = None
        if reading.object is not None and reading.object.lower_ in RELATIVE_PRONOUNS:
            # "your candidacy, which I endorse", "Lam, who is supported by Beijing": the noun the clause is on
            reading.object = relative_antecedent(verb) or reading.object
        if reading.target is None:
            for holder in self.target_holders(verb, reading.object):
                # "arrived at the Grand Hotel": where a motion ends is its place, not the other party
                preps = TARGET_PREPS - {"at"} if holder == verb and verb.lemma_.lower() in self.lex.motion_verbs \
                    else TARGET_PREPS
                # "rammed on Monday into a base": a time after its preposition is no party
                target = next((t for t in prep_objects(holder, preps) if not is_time(t)), None)
                if target is not None and target != reading.object:
                    reading.target = target
                    break
        if reading.target is None:
            reading.target = self.addressee_of_clause(reading)
        if is_time(reading.target):
            reading.target = None

    def addressee_of_clause(self, reading: Reading) -> Optional[Token]:
        """A request in a participle is made to whom its clause's verb went: "wrote to the council asking
        it to reopen the road" asks the council."""
        verb = reading.head
        if reading.predicate not in ("appeal", "demand", "propose") or verb.dep_ != "advcl" or verb.tag_ != "VBG":
            return None
        party = prep_object(verb.head, {"to"})
        return party if party is not None and self.is_party(party) else None

    @staticmethod
    def target_holders(verb: Token, obj: Optional[Token]) -> list[Token]:
        """Where the other party's preposition may hang: on the verb, on its object, on a clause that
        describes the object ("sent a letter requesting new rules to the minister") or on a verb the
        parser split off inside the object's phrase ("issued a cease and desist order to the network")."""
        holders = [verb]
        if obj is not None and obj != verb:
            holders.append(obj)
            holders += [c for c in obj.children if c.dep_ == "acl" and c.pos_ in VERB_POS]
            # "a cease and desist order": the bare verb right after "cease and" that object_phrase joins back
            holders += [t for t in verb.children if t.dep_ == "conj" and t.pos_ in VERB_POS and t.i == obj.i + 2
                        and t.doc[obj.i + 1].dep_ == "cc"]
        return holders

    def destination(self, verb: Token) -> Optional[Filler]:
        """Where an act without an object went: "flew to Magnitogorsk" (a city or place, not a state that
        could be the other party)."""
        if object_of(verb) is not None:
            return None
        goal = prep_object(verb, {"to", "into"})
        if goal is None or goal.pos_ != "PROPN":
            return None
        filler = self.resolver.resolve(goal, as_place=True)
        if verb.lemma_.lower() in self.lex.motion_verbs:  # "returned to the US": a state too is where one went
            return filler if filler.type in PLACE_TYPES else None
        return filler if filler.type in SITE_TYPES else None

    def is_site_word(self, noun: Token) -> bool:
        return self.lex.cameo.object_classes.get(noun.lemma_.lower()) == "place"

    def place_where(self, verb: Token) -> Optional[Filler]:
        """A clause on "where" happens at its noun, and so where that noun is: "met in Accra for a summit
        where Ghana signed the pact" (the summit's own place, else the place of the clause it is in)."""
        if verb.dep_ != "relcl" or verb.left_edge.lower_ != "where":  # "where" may hang on a phrase inside
            return None
        noun = verb.head
        governor = noun.head.head if noun.dep_ == "pobj" else noun.head
        holders = [noun] + ([governor] if governor.pos_ in VERB_POS else [])
        return self.find_place(holders, depth=1)

    def named_facility(self, noun: Token, prep: str = "in"):
        """A name whose head is a word for a site, or such a word with no article: "at John Radcliffe
        Hospital", "in Bagram Air Base", "visited the wounded in hospital"; after "at" with any article,
        since one is "at" a point, not "in" an extent ("met at an Irish pub", "at the party headquarters")."""
        if not self.is_site_word(noun):
            return None
        if noun.pos_ == "PROPN" or noun.tag_ == "NN" and (
                prep == "at" or not any(c.dep_ in ("det", "poss") for c in noun.children)):
            return noun_phrase(noun)
        return None

    def motion_site(self, verb: Token) -> Optional[Filler]:
        """Where a motion ended: "arrived at the Grand Hotel" (any name after "at", a firm's store too)."""
        if verb.lemma_.lower() not in self.lex.motion_verbs:
            return None
        site = prep_object(verb, {"at"})
        if site is None or site.pos_ != "PROPN":
            return None
        return filler_for(noun_phrase(site), noun_phrase(site).text, "Location")

    def modifier_place(self, noun: Token) -> Optional[Filler]:
        """A place named inside a noun phrase: "a Kabul car bombing" -> Kabul (not a name's own words)."""
        if noun.ent_type_:
            return None
        for c in noun.lefts:
            if c.dep_ in ("compound", "nmod") and c.ent_type_ in ("GPE", "LOC", "FAC"):
                filler = self.resolver.place(noun_phrase(c))
                if filler is not None and filler.type in PLACE_TYPES:
                    return filler
        return None

    def denies(self, verb: Token) -> bool:
        report = self.lex.reporting.get(verb.lemma_.lower())
        return verb.pos_ in VERB_POS and report is not None and report.stance == "deny"

    def is_party(self, token: Token) -> bool:
        """A word for someone who can be asked, blamed or thanked: a name or a noun for people."""
        return token.pos_ == "PROPN" or token.lemma_.lower() in self.resolver.index.group_nouns or \
            bool(self.resolver.gaz.title(token.text))

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
                        # "a tour of the party headquarters": a site an object's "of" names is where it happens
                        site = (named_site(obj) or self.named_facility(obj, prep.lower_)) \
                            if prep.lower_ in ("at", "in") else self.named_facility(obj, "at")
                        if site is not None:
                            return filler_for(site, site.text, "Location")
                    if prep.lower_ in SITE_PREPS and obj.pos_ == "PROPN":
                        filler = self.resolver.resolve(obj, as_place=True)  # "a meeting on Crete"
                        if filler.type in SITE_TYPES:
                            return filler
                    if prep.lower_ in SITE_PREPS and obj.tag_ == "NN" and self.is_site_word(obj):
                        site = noun_phrase(obj)  # "a fence on the border"
                        return filler_for(site, site.text, "Location")
                    if obj.pos_ in NOUN_POS and prep.lower_ not in FRAME_PREPS:
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
            if place is None and reading.target is not None and reading.target.head.head == reading.head.head:
                place = self.find_place([reading.target], depth=1)  # "wrote to the embassy in Rome, asking …"
        if place is None and reading.head.dep_ == "conj" and reading.head.head.pos_ in VERB_POS:
            # "traveled to Oslo and interviewed her friends": the second act happens where the first went
            place = self.find_place([reading.head.head], depth=1) or self.destination(reading.head.head)
        if place is None:
            place = self.destination(reading.head) or self.motion_site(reading.head)
        if place is None:
            place = self.place_where(reading.head)
        if place is None:  # the object's own place: "talks with Ukraine in Istanbul"
            place = self.find_place(holders + ([reading.target] if reading.target is not None else []), depth=3)
        if place is None and reading.subject is not None and reading.subject.pos_ in NOUN_POS:
            # "ministers in Cairo denounced", "a Kabul car bombing killed five": the actor's place
            # "an assembly of ministers in Cairo denounced": through the subject's "of" phrase too
            place = self.find_place([reading.subject], depth=2) or self.modifier_place(reading.subject)
        when = self.time_of(reading, holders)
        if when is None and reading.head.dep_ in ("advcl", "conj") and reading.head.tag_ == "VBG":
            when = self.time_of(reading, [reading.head.head])  # "went on a spree on Thursday, killing four"
        if when is None and reading.head.dep_ == "ccomp":
            scene = scene_time(reading.head.head)
            when = self.time_of(reading, [scene]) if scene is not None else None
        return place, when

    def story_day(self, ent, offset: int) -> Optional[str]:
        """ "He declared an emergency the same day": the day the text last named before ``ent``, moved by
        ``offset`` days ("the next morning": one later); None when no day was named."""
        for earlier in reversed([e for e in self.doc.ents if e.end <= ent.start and e.label_ == "DATE"]):
            if anaphoric_offset(earlier.text) is None and not is_duration(earlier):
                day = resolve_time(time_phrase(earlier).text, self.published, False)
                if day is not None and len(day) == 10:
                    return shifted(day, offset)
        return None

    def time_of(self, reading: Reading, holders: list[Token]) -> Optional[Filler]:
        """The time that hangs on one of ``holders``, resolved against the publication date."""
        when = None
        for ent in entities_in(sentence_of(reading.head)):
            if ent.label_ not in TIME_LABELS or AGE.search(ent.text) or is_duration(ent):
                continue
            anchor = ent.root.head if dated_occasion(ent) else ent.root  # "in the November 27 deal"
            # a time hangs on the event through prepositions and adverbials ("talks on Thursday", "as early as
            # Thursday"), not as a modifier inside a noun ("his 2020 candidacy") or an apposition ("a lawyer since 1988")
            while anchor.head != anchor and anchor not in holders and anchor.dep_ in TIME_PATH and \
                    not (anchor.dep_ in NOUN_MODIFIER_DEPS and anchor.head.pos_ in NOUN_POS):
                anchor = anchor.head
            if anchor in holders:
                ent = time_phrase(ent)  # "Saturday morning", not "morning"
                before = self.doc[max(sentence_of(reading.head).start, ent.start - 3):ent.start].text
                ahead = looks_ahead(before)
                future = self.looks_forward(reading, anchor) if ahead is None else ahead
                offset = anaphoric_offset(ent.text)
                value = resolve_time(ent.text, self.published, future) if offset is None else \
                    self.story_day(ent, offset)
                when = Filler(label=ent.text, text=ent.text, type="Time", value=value,
                              start=ent.start_char, end=ent.end_char)
                break
        return when
