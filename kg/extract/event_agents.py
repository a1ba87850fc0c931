"""Who acts when the clause does not say (mixed into ``EventReader``).

"Six tourists were killed in the explosion" (the explosion's maker kills), "signed a decree banning the veil"
(the signer bans), "they agreed that sanctions must be imposed" (those who agree impose), "accused the
company of lying" (the company is acted on).
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from kg.extract.actors import conjuncts, is_actor
from kg.extract.passives import instrument
from kg.extract.readings import (CAUSE_PREPS, CHARGE_PREPS, ENACTED_DOCUMENTS, HARM_PREDICATES, MOTION_GOAL_PREPS,
                                 PARTAKING_VERBS, REPORTED_OBJECT_CUES, Reading, is_time)
from kg.extract.syntax import VERB_POS, child, is_infinitive, prep_object, prep_objects, reduced_relative, subject_of


class Agents:
    """Implicit agents, causes and owners; needs the reader's lexicon, resolver, ``predicate_of`` and
    ``nominal_actor``."""

    @staticmethod
    def charged(reading: Reading) -> bool:
        """An object charged with a matter is acted on, not reported: "accused the company of lying",
        "blamed the agency for the delays" (its direct object and an of/for phrase on the verb)."""
        if reading.object is None or reading.object.dep_ != "dobj" or reading.object.head != reading.head:
            return False
        holders = list(reading.head.children) + list(reading.object.children)  # "accused the network of …"
        return any(c.dep_ == "prep" and c.lower_ in CHARGE_PREPS and child(c, "pobj", "pcomp") is not None
                   for c in holders)

    def owner_as_target(self, reading: Reading) -> bool:
        """A target that is a thing someone has or gets is that someone: "an inquiry into the conduct of the
        governor", "into the governor's dealings", "limits on flights to Chile". Moves ``reading.target`` to the
        owner when the owner is an actor."""
        owner = child(reading.target, "poss") or prep_object(reading.target, {"of", "to"})
        if owner is None or owner.pos_ == "PRON" and owner.lower_ not in ("his", "her", "their"):
            return False
        if not is_actor(self.resolver.resolve(owner)):
            return False
        reading.target = owner
        return True

    def harm_cause(self, verb: Token) -> Optional[Token]:
        """An agentless passive of harm acts through the attack its phrase names: "six tourists were killed
        in the explosion", "two died and eight were injured in the raid" (the explosion kills, injures)."""
        if child(verb, "nsubjpass") is None or child(verb, "agent") is not None or \
                self.predicate_of(verb)[0] not in HARM_PREDICATES:
            return None
        holders = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ in VERB_POS]
        if verb.dep_ == "conj" and verb.head.pos_ in VERB_POS:
            holders.append(verb.head)  # "were killed and eight were injured in the blast"
        for holder in holders:
            cause = prep_object(holder, CAUSE_PREPS)
            if cause is not None and (self.lex.nouns.get(cause.lemma_.lower()) in HARM_PREDICATES or
                                      self.gerund_predicate(cause) in HARM_PREDICATES):
                return cause
        return None

    def death_in_attack(self, verb: Token) -> Optional[Reading]:
        """"Dozens died in the attack, reportedly conducted by the Taliban": whoever made the attack killed them.
        An attack with no one named gives none ("eight Mexicans died in the attack": the death is read alone)."""
        victim = child(verb, "nsubj")
        cause = prep_object(verb, CAUSE_PREPS)
        if victim is None or cause is None or self.lex.nouns.get(cause.lemma_.lower()) not in HARM_PREDICATES:
            return None
        participles = [c for c in cause.children if c.dep_ in ("acl", "relcl")] + \
            [c for c in verb.children if c.dep_ == "advcl" and reduced_relative(c) == cause]
        agent = next((child(child(p, "agent"), "pobj") for p in participles if child(p, "agent") is not None), None)
        agent = agent or self.nominal_actor(cause)
        if agent is None:
            return None
        return Reading(head=verb, predicate="kill", verb_tokens=[verb], subject=agent, object=victim, guessed=True)

    def moved_instrument(self, verb: Token) -> Optional[Token]:
        """"A truck bomb was driven into a police station": a vehicle or weapon sent into something hits it."""
        patient = child(verb, "nsubjpass")
        if child(verb, "agent") is not None or not instrument(patient):
            return None
        goal = next((t for t in prep_objects(verb, MOTION_GOAL_PREPS) if not is_time(t)), None)
        return patient if goal is not None else None

    def document_author(self, verb: Token) -> Optional[Token]:
        """The act a text states is done by whoever adopts the text: "signed a decree banning the veil",
        "voted for a resolution to expel the troops" (a decree, law or resolution: object_senses.tsv)."""
        if verb.dep_ != "acl" or not (verb.tag_ == "VBG" or is_infinitive(verb)):
            return None
        document = verb.head
        if self.lex.cameo.object_classes.get(document.lemma_.lower()) != "verbal" or \
                document.lemma_.lower() in self.lex.document_nouns - ENACTED_DOCUMENTS:
            return None  # "a statement saying …" is speech, the claim readers' part
        governor = document.head.head if document.dep_ == "pobj" else document.head
        if document.dep_ not in ("dobj", "pobj") or governor.pos_ not in VERB_POS:
            return None
        return subject_of(governor)[0]

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

    def described_event(self, verb: Token) -> tuple[Optional[Token], Optional[Token]]:
        """(event noun, its actor) for a participle describing a nominal event: "the calls by officials asking
        the embassy to reopen", "protests by farmers demanding lower taxes" (the officials ask, the farmers
        demand); the parser may hang the participle on the "by" phrase's noun ("officials asking")."""
        if verb.dep_ != "acl" or verb.tag_ != "VBG":
            return None, None
        head = verb.head
        if head.dep_ == "pobj" and head.head.lower_ == "by" and head.head.head.lemma_.lower() in self.lex.nouns:
            return head.head.head, head
        if head.lemma_.lower() not in self.lex.nouns:
            return None, None
        return head, self.nominal_actor(head)

    def event_noun_agent(self, verb: Token) -> Optional[Token]:
        """Who does what a participle of a nominal event says: the event's actor (``described_event``)."""
        return self.described_event(verb)[1]

    def joiners(self, reading: Reading) -> list[Token]:
        """Who joins a nominal event does what its participle says: "the mayor joined the calls by officials
        asking the embassy to reopen" (the mayor asks too; the calls themselves stay the officials')."""
        noun = self.described_event(reading.head)[0] if not reading.nominal else None
        if noun is None or noun.dep_ != "dobj" or noun.head.lemma_.lower() not in PARTAKING_VERBS:
            return []
        subject = subject_of(noun.head)[0]
        return [] if subject is None or subject == reading.subject else conjuncts(subject)

    def event_owner(self, verb: Token) -> Optional[Token]:
        """The actor an event noun names acts when its light verb is passive with no agent: "after a Senate
        hearing was conducted", "the army's raids were carried out at night" (the Senate, the army)."""
        patient = child(verb, "nsubjpass")
        if patient is None or child(verb, "agent") is not None or patient not in self.predicate_of(verb)[2]:
            return None
        return self.nominal_actor(patient)
