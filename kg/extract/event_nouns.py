"""Nominal events and who acts in them (mixed into ``EventReader``).

"Russian drone strikes on Kyiv", "the arrest of X", "criticism by the minister", "the US killing of
Soleimani": a noun the lexicon reads as an event, its actor from a possessive, a demonym or a "by" phrase.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from kg.extract.actors import conjuncts, is_actor
from kg.extract.readings import (CONTENT_PREDICATES, FRAME_PREPS, HARM_PREDICATES, JOINT_PREDICATES,
                                 NOUN_TARGET_PREPS, Reading, is_quantity, is_time, untyped_name)
from kg.extract.syntax import (NOUN_POS, OBJECT_DEPS, VERB_POS, child, prep_object, prep_objects, source_of,
                               subject_of)


INCLUSION_VERBS = {"include", "comprise"}
DEED_PREDICATES = {"violate"}  # acts a deed commits, not only a person: "the raid violated the truce"
OF_AGENT_PREDICATES = {"demand", "appeal"}  # nominal events whose "of" people make them: "the demands of the workers"
RESPONSIBLE_WORDS = {"responsible"}  # "was responsible for the attack": the subject made the attack


def first_conjunct(token: Token) -> Token:
    """The first of coordinated nouns ("the deaths of … and the wounding of …" -> "deaths")."""
    while token.dep_ == "conj" and token.head.pos_ in NOUN_POS:
        token = token.head
    return token


UNDERGOING_VERBS = {"come", "be", "remain"}  # "came under attack from": what one undergoes
PRESENCE_PREPS = {"in", "during", "at"}  # a joint event the clause happens inside: its subject took part
PARTAKING_IN = {"take part", "participate", "engage"}  # "took part in the attacks": the attacker
HARM_MEANS_PREPS = {"in", "with"}  # "killed the general in an airstrike", "with a drone strike"
STATE_PARTY_PREPS = {"with", "against"}  # "at odds with the council", "in conflict against the government"
STATE_TOPIC_PREPS = {"over", "about", "on"}  # "at odds over the budget": what the state is about  # "the demands include X": X is what is demanded


class NominalEvents:
    """Events named by nouns; needs the reader's lexicon, resolver and ``predicate_of``."""

    def read_noun(self, noun: Token) -> Optional[Reading]:
        """A nominal event: "Russian drone strikes on Kyiv", "Western military aid to Kyiv"."""
        state = self.copular_state(noun) or self.undergone(noun)
        if state is not None:
            return state
        predicate = self.compound_form(noun) or self.lex.nouns.get(noun.lemma_.lower()) or \
            self.gerund_predicate(noun) or self.light_idiom(noun)
        if predicate is None or noun.dep_ in ("compound",) or is_time(noun):
            return None
        head = noun.head
        if noun.dep_ in OBJECT_DEPS + ("nsubjpass",) and head.pos_ == "VERB" and noun in self.predicate_of(head)[2]:
            return None  # already read through its verb: "launched an attack", "imposed sanctions"
        if any(noun in self.predicate_of(c)[2] for c in noun.children if c.dep_ == "acl" and c.pos_ in VERB_POS):
            return None  # "the attack, conducted by the Taliban": read through its light verb
        actor, guessed = self.nominal_actor(noun), False
        target = prep_object(noun, NOUN_TARGET_PREPS)
        if actor is None and target is None:
            actor, target = self.harm_means(noun, predicate)
        content = prep_object(noun, {"for"} if actor == self.of_agent(noun) else {"for", "of"})
        owner = child(noun, "poss")
        if content is None and owner is not None and actor is not None and actor != owner:
            content = owner  # "his arrest by the police": the possessor is who it is done to
        present = noun.dep_ == "pobj" and noun.head.lower_ in PRESENCE_PREPS  # "in a meeting that day, he …"
        if actor is None and predicate in JOINT_PREDICATES and (target is not None or present):
            actor, guessed = self.frame_actor(noun), True
        if actor is None or (target is None and content is None and not (guessed and present) and
                             not self.agent_phrase(noun, actor)):
            return None  # a bare "the proposal" names no event we can place; "an appeal by the defence" does
        if is_time(target):
            target = None
        reading = Reading(head=noun, predicate=predicate, verb_tokens=[noun], nominal=True, guessed=guessed)
        reading.subject = actor
        reading.object = content if content is not None and not is_time(content) else noun
        reading.target = target
        if predicate in JOINT_PREDICATES and target is not None and content is None:
            reading.object, reading.target = target, target
        return reading

    def included_contents(self, noun: Token) -> list[Reading]:
        """"The protesters' demands include an inquiry and the release of those arrested": what a demand or
        proposal "includes" is what is demanded or proposed, one reading per coordinated item."""
        predicate = self.lex.nouns.get(noun.lemma_.lower())
        if predicate not in CONTENT_PREDICATES or noun.head.lemma_.lower() not in INCLUSION_VERBS:
            return []
        content = child(noun.head, "dobj", "attr")
        actor = self.nominal_actor(noun) if content is not None else None
        if actor is None:
            return []
        return [Reading(head=noun, predicate=predicate, verb_tokens=[noun], nominal=True, subject=actor, object=item)
                for item in conjuncts(content) if item.pos_ in NOUN_POS and not is_time(item)]

    def agent_phrase(self, noun: Token, actor: Token) -> bool:
        """Whether a nominal event names its actor in a "by" phrase ("criticism by the minister"), which
        makes it an act even with no one and nothing it is done to."""
        return actor.dep_ == "pobj" and (actor.head.head == noun and actor.head.lower_ == "by" or
                                         actor in (source_of(noun), self.stray_agent(noun), self.inner_agent(noun),
                                                   self.of_agent(noun)))

    def gerund_predicate(self, noun: Token) -> Optional[str]:
        """A gerund used as a noun names its verb's event: "the US killing of Soleimani", "Russia's shelling of
        Kharkiv" (kill, shell; "shooting" -> shoot, "raising" -> raise)."""
        word = noun.lower_
        if noun.tag_ != "NN" or not word.endswith("ing") or len(word) < 6:
            return None
        stem = word[:-3]
        for verb in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None):
            if verb and verb in self.lex.verbs:
                return self.lex.verbs[verb]
        return None

    def nominal_actor(self, noun: Token) -> Optional[Token]:
        """Who acts in a nominal event: a possessive, a demonym or country modifier, or a "by" phrase."""
        actor = None
        for c in noun.children:
            if c.dep_ == "poss" and c.lower_ not in ("its", "their"):
                actor = c
            elif c.dep_ in ("amod", "compound", "nmod") and actor is None:
                if self.resolver.gaz.demonym(c.text) or (c.pos_ == "PROPN" and self.resolver.gaz.actor(c.text)) or \
                        self.agent_modifier(c):
                    actor = c
            elif c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                actor = child(c, "pobj") or actor
        for c in noun.lefts:  # "Russian drone strikes": the demonym may modify the compound
            if actor is None and c.dep_ == "compound":
                for cc in c.lefts:
                    if cc.dep_ in ("amod", "compound") and self.resolver.gaz.demonym(cc.text):
                        actor = cc
        agent = self.stray_agent(noun) or self.inner_agent(noun)
        if agent is not None:
            return agent
        return actor if actor is not None else \
            source_of(noun) or self.light_noun_actor(noun) or self.responsible_party(noun) or self.of_agent(noun) or \
            self.described_deed(noun) or self.partaker(noun)

    def partaker(self, noun: Token) -> Optional[Token]:
        """Who takes part in a nominal event does it: "the general took part in the attacks on the embassy",
        "the attacks on the embassy that the general took part in", "participated in the raid"."""
        if noun.dep_ == "pobj" and noun.head.lower_ == "in":
            verb = noun.head.head
            if verb.dep_ == "dobj" and verb.pos_ == "NOUN":  # "took part in" with "in" on "part"
                verb = verb.head
            return subject_of(verb)[0] if verb.pos_ in VERB_POS and self.partakes(verb) else None
        for clause in noun.children:  # a relative clause strands its "in": "the attacks that he took part in"
            stranded = any(c.dep_ == "prep" and c.lower_ == "in" and child(c, "pobj") is None
                           for holder in (clause, child(clause, "dobj")) if holder is not None
                           for c in holder.children)
            if clause.dep_ == "relcl" and stranded and self.partakes(clause):
                subject = child(clause, "nsubj")
                return subject if subject is not None and subject.tag_ not in ("WDT", "WP") else None
        return None

    @staticmethod
    def partakes(verb: Token) -> bool:
        """"take part", "participate", "engage" (``PARTAKING_IN``), with the object noun that completes it."""
        obj = child(verb, "dobj")
        lemma = verb.lemma_.lower()
        return lemma in PARTAKING_IN or obj is not None and f"{lemma} {obj.lemma_.lower()}" in PARTAKING_IN

    def described_deed(self, noun: Token) -> Optional[Token]:
        """"The ministry characterized the raid as a violation of its sovereignty", "the raid was a violation of
        the truce": a deed said to be a violation commits it (``DEED_PREDICATES``), or the deed's own actor does
        ("the army's raid")."""
        if self.lex.nouns.get(noun.lemma_.lower()) not in DEED_PREDICATES:
            return None
        prep, deed = noun.head, None
        if noun.dep_ == "pobj" and prep.lower_ == "as" and prep.head.pos_ in VERB_POS:
            deed = child(prep.head, "dobj")  # "characterized X as", "described X as"
        elif noun.dep_ == "attr" and noun.head.lemma_.lower() == "be":
            deed = child(noun.head, "nsubj")
        if deed is None or deed.pos_ not in NOUN_POS:
            return None
        return self.nominal_actor(deed) or deed if deed.lemma_.lower() in self.lex.nouns else None

    def of_agent(self, noun: Token) -> Optional[Token]:
        """"The demands of the protesters", "an appeal of the families": an "of" phrase naming people is who
        makes a demand or an appeal (``OF_AGENT_PREDICATES``; "the release of the prisoners" is done to them)."""
        if self.lex.nouns.get(noun.lemma_.lower()) not in OF_AGENT_PREDICATES:
            return None
        agent = prep_object(noun, {"of"})
        return agent if agent is not None and is_actor(self.resolver.resolve(agent)) else None

    def inner_agent(self, noun: Token) -> Optional[Token]:
        """A "by" phrase the parser hung on the noun of a nominal event's own "of"/"as" phrase is the event's
        agent: "the arrest of the editor by the police", "the recognition of the region as Israeli territory by
        the president" (the editor and the territory take no agent)."""
        preps = list(noun.children)
        if noun.dep_ == "dobj" and noun.head.pos_ in VERB_POS and child(noun.head, "auxpass") is None:
            preps += [c for c in noun.head.children if c.i > noun.i]  # "attacked the recognition of X as Y by Z"
        for prep in preps:
            inner = child(prep, "pobj") if prep.dep_ == "prep" and prep.lower_ in ("of", "as") else None
            if inner is None or inner.lemma_.lower() in self.lex.nouns or inner.tag_ == "VBG":
                continue
            by = next((c for c in inner.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            agent = child(by, "pobj") if by is not None else None
            if agent is not None and self.names_people(agent):
                return agent
        return None

    def names_people(self, token: Token) -> bool:
        """An actor, or a group marked by its state ("Saudi agents"), unlike "a wide margin"."""
        return token.pos_ in NOUN_POS and (is_actor(self.resolver.resolve(token)) or any(
            c.dep_ in ("amod", "compound") and self.resolver.gaz.demonym(c.text) for c in token.lefts))

    def stray_agent(self, noun: Token) -> Optional[Token]:
        """A "by" phrase the parser hung on an active verb belongs to its event object: "the report supported
        his murder inside the consulate by state agents" (the agents murder; "his" is the victim)."""
        verb = noun.head
        if noun.dep_ != "dobj" or verb.pos_ not in VERB_POS or child(verb, "auxpass") is not None:
            return None
        by = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "by" and c.i > noun.i), None)
        agent = child(by, "pobj") if by is not None else None
        # "approved the deployment by a wide margin" names no one
        return agent if agent is not None and self.names_people(agent) else None

    def harm_means(self, noun: Token, predicate: str) -> tuple[Optional[Token], Optional[Token]]:
        """(actor, target) of an attack that is the means of a harm: "forces killed the general in an airstrike",
        "the army's killing of the general in an airstrike" (who kills made the strike, on whom they killed)."""
        prep = noun.head
        if predicate not in HARM_PREDICATES or noun.dep_ != "pobj" or prep.lower_ not in HARM_MEANS_PREPS:
            return None, None
        harm = prep.head
        if harm.pos_ in VERB_POS and self.predicate_of(harm)[0] in HARM_PREDICATES:
            return subject_of(harm)[0], child(harm, "dobj")
        if harm.pos_ == "NOUN" and (self.lex.nouns.get(harm.lemma_.lower()) or self.gerund_predicate(harm)) in \
                HARM_PREDICATES:
            actor = self.nominal_actor(harm)
            return (actor, prep_object(harm, {"of"})) if actor is not None else (None, None)
        return None, None

    def agent_modifier(self, token: Token) -> bool:
        """A noun right before an event noun that names who acts: "police violence", "a Senate hearing" (a body
        or group the resolver knows as an actor, not "drone strikes")."""
        return token.dep_ == "compound" and token.pos_ in NOUN_POS and token.i + 1 == token.head.i and \
            is_actor(self.resolver.resolve(token))

    def light_noun_actor(self, noun: Token) -> Optional[Token]:
        """"The government's latest application of pressure on the rebels": a light noun (a "light" row of
        predicate_forms.tsv) lends its own actor to the event noun of its "of" phrase."""
        if noun.dep_ != "pobj" or noun.head.lower_ != "of":
            return None
        light = noun.head.head
        if light.pos_ != "NOUN" or light.lemma_.lower() not in self.lex.light_verbs:
            return None
        return self.nominal_actor(light)

    def undergone(self, noun: Token) -> Optional[Reading]:
        """"The embassy came under attack from militants", "the minister came under criticism from unions": the
        "from" phrase does the event, to the subject that comes under it."""
        prep = noun.head
        predicate = self.lex.nouns.get(noun.lemma_.lower())
        if predicate is None or noun.dep_ != "pobj" or prep.lower_ != "under" or prep.head.pos_ not in VERB_POS or \
                prep.head.lemma_.lower() not in UNDERGOING_VERBS:
            return None
        verb = prep.head
        actor = prep_object(noun, {"from"}) or prep_object(verb, {"from"})
        patient = subject_of(verb)[0]
        if actor is None or patient is None:
            return None
        return Reading(head=noun, predicate=predicate, verb_tokens=[noun], nominal=True, subject=actor,
                       object=patient, target=patient)

    def compound_form(self, noun: Token) -> Optional[str]:
        """A two-word noun form of predicate_forms.tsv: "a phone call" consults, where a bare "call" demands."""
        modifier = noun.doc[noun.i - 1] if noun.i > 0 else None
        if modifier is None or modifier.dep_ != "compound" or modifier.head != noun:
            return None
        return self.lex.nouns.get(f"{modifier.lemma_.lower()} {noun.lemma_.lower()}")

    def light_idiom(self, noun: Token) -> Optional[str]:
        """A noun that names an act only after the word its phrase hangs on: "the application of pressure",
        "responsible for the deaths" (idiom rows "application of pressure", "responsible for death": pressure,
        kill), where "Moscow's pressure" or "the deaths" alone may be a state or what befell someone."""
        first = first_conjunct(noun)  # "responsible for the deaths of … and the wounding of …"
        if first.dep_ != "pobj" or first.head.head.pos_ not in ("NOUN", "ADJ"):
            return None
        return self.lex.idioms.get((f"{first.head.head.lemma_.lower()} {first.head.lower_}", noun.lemma_.lower()))

    def responsible_party(self, noun: Token) -> Optional[Token]:
        """"The militia was responsible for the attacks on the villages": who is responsible for a nominal event
        did it (the subject of the copula that "responsible for" hangs on)."""
        noun = first_conjunct(noun)
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "for" or prep.head.lemma_.lower() not in RESPONSIBLE_WORDS:
            return None
        verb = prep.head.head
        return subject_of(verb)[0] if verb.pos_ in VERB_POS and prep.head.dep_ == "acomp" else None

    def copular_state(self, noun: Token) -> Optional[Reading]:
        """"The two ministers have been at odds over the budget", "remains at odds with the council", "went on a
        stabbing spree": a verb whose preposition phrase an idiom row names ("be at odds", "go on spree") is its
        subject's act; a "with" phrase is the other party, an "over"/"about" phrase what it is about."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.pos_ not in VERB_POS:
            return None
        verb = prep.head
        predicate = self.lex.idioms.get((f"{verb.lemma_.lower()} {prep.lower_}", noun.lower_))
        subject, hops = subject_of(verb)
        if predicate is None or subject is None or not (subject.pos_ == "PRON" or untyped_name(subject) or
                                                        is_actor(self.resolver.resolve(subject))):
            return None  # "the figures are at odds with the report": only actors disagree
        reading = Reading(head=verb, predicate=predicate, verb_tokens=[verb, prep, noun], subject=subject, hops=hops,
                          chain=self.controlled_by(verb))
        reading.target = prep_object(noun, STATE_PARTY_PREPS) or prep_object(verb, STATE_PARTY_PREPS)
        topics = [t for holder in (noun, verb) for t in prep_objects(holder, STATE_TOPIC_PREPS)
                  if t != noun and not is_time(t)]  # "on Thursday" is when
        reading.object = topics[0] if topics else reading.target  # "in conflict against it": the other party
        return reading

    def frame_actor(self, noun: Token) -> Optional[Token]:
        """"Following a meeting with X, leaders of Y called …", "in a meeting that day he was told by X": the
        clause's subject took part (without a partner named, only one the clause is inside: "in", "during")."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ not in FRAME_PREPS | PRESENCE_PREPS:
            return None
        clause = prep.head
        if clause.pos_ not in VERB_POS:
            return None
        subject, _ = subject_of(clause)
        return subject

    def measured_group(self, token: Token) -> Optional[Token]:
        """"a number of senators", "dozens of protesters": the group a quantity measures acts; a
        quantity alone ("dozens died", "the second") names no one."""
        if token.lemma_.lower() not in self.lex.partitive_nouns and not is_quantity(token):
            return token
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None and self.resolver.coref is not None and self.resolver.coref.referent(token) is not None:
            return token  # "Both received prison terms": the two the sieve found before
        return child(of, "pobj")
