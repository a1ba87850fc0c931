"""Events from the dependency parse: actor – predicate – object, with target, place, time and modality.

Every surface form goes through the lexicons of ``ontology/``: verbs, phrasal verbs, verb + object
idioms, light verbs with an event noun, control verbs and nominal events. What stays in code is the
grammar: voice, clauses, coordination, and which words may fill which role. This module finds the
predicate heads and their readings and turns them into records; ``roles`` fills object, target, place
and time, ``modality`` how sure the text is, ``readings`` holds the reading and the word sets.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator, Optional

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorResolver, conjuncts, filler_for, is_actor, noun_phrase
from kg.extract.confidence import actor_confidence, event_confidence
from kg.extract.event_frames import means_user, states_a_condition
from kg.extract.event_repairs import (active_before_by_gerund, contact_relative_object, participle_subject,
                                     series_links)
from kg.extract.docindex import doc_text, span_text, tokens_with, tokens_within
from kg.extract.modality import Modality
from kg.extract.noise import junk_reason
from kg.extract.readings import (CAUSE_PREPS, CHARGE_PREPS, CLAUSE_ACTS, CONTENT_PREDICATES, DEATH_VERBS,
                                 DELEGATING_PREPS, ENACTED_DOCUMENTS, FRAME_PREPS, HARM_PREDICATES, JOINT_PREDICATES,
                                 MOTION_GOAL_PREPS, NOUN_TARGET_PREPS, PLACE_TYPES, PRONOUNS_UNRESOLVED,
                                 REPORTED_OBJECT_CUES, SPEAKER_SUBJECTS, SPOKEN_ACT_CODES, STATED_ACTS, VICTIM_PREPS,
                                 Reading, can_act, content_clause, finite_clause, in_clause, is_quantity, is_question,
                                 is_time, object_phrase, self_loop, stated_clause, strongest, untyped_name)
from kg.extract.passives import act_key, institution_agent, instrument, office_act
from kg.extract.roles import Roles
from kg.extract.syntax import (AUX_DEPS, NOUN_POS, OBJECT_DEPS, VERB_POS, appraised_and_complement, child,
                               coordination_partner, for_clause, has_modal, is_infinitive, object_of, prep_object,
                               prep_objects, reduced_relative, source_of, subject_of, verb_phrase)
from kg.extract.vocabulary import Choice, choose
from kg.lexicon import Lexicon
from kg.model import Event, Filler


ADVERBIAL_MARKS = {"as", "while", "when", "after", "before", "because", "since", "until", "once"}
PLURAL_TAGS = ("NNS", "NNPS")
INCLUSION_VERBS = {"include", "comprise"}  # "the demands include X": X is what is demanded
PURPOSE_MARKS = {"so"}  # "so (that) he could …" is why, never what was said
AIM_PREPS = {"at"}  # "shot at one person", "threw stones at the police": what an assault is aimed at is its victim


class EventReader(Roles, Modality):
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
        self.appraised: set[int] = set()  # verbs read as an appraisal ("called the deal a disaster")

    # -- finding predicate heads ---------------------------------------------------------
    def events(self) -> Iterator[Event]:
        heads = tokens_with(self.doc, pos=("VERB", "AUX", "NOUN", "PROPN"))  # the only words read below
        for sent in self.doc.sents:
            if sent.start_char in self.skip or is_question(sent):
                continue
            for i in tokens_within(sent, heads):
                token = self.doc[i]
                reading = self.read_verb(token) if token.pos_ in VERB_POS else None
                if reading is None and token.pos_ in NOUN_POS:
                    reading = self.read_noun(token)
                    if reading is None and token.dep_ == "nsubj":
                        for included in self.included_contents(token):
                            yield from self.to_events(included, sent)
                if reading is not None:
                    yield from self.to_events(reading, sent)
                if token.lemma_.lower() in DEATH_VERBS:
                    reading = self.death_in_attack(token)  # beside the death itself
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
        predicate = self.predicate_of(verb)[0]
        if self.lex.control.get(verb.lemma_.lower()) == "negated" and predicate in self.lex.predicates:
            return False  # "refused to meet": the refusal is an act (a rejection) beside the meeting not held
        return verb.lemma_.lower() in self.lex.control and any(
            c.dep_ == "xcomp" and c.pos_ in VERB_POS for c in verb.children) and predicate not in CONTENT_PREDICATES

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
                (choice.lemma in self.lex.non_event_verbs and not choice.by_object or choice.lemma in self.lex.reporting):
            # a copula or a reporting verb stays what kg reads it as, unless the dictionary names its object's
            # sense ("used water cannons against protesters" is repression, 175)
            choice = replace(choice, predicate=None)
        return choice.predicate, found_object, tokens, choice

    def _predicate_of(self, verb: Token) -> tuple[Optional[str], Optional[Token], list[Token]]:
        lemma = verb.lemma_.lower()
        children = list(verb.children)  # walked once: each Token spaCy hands out is a new object

        def first(*deps: str) -> Optional[Token]:
            return next((c for c in children if c.dep_ in deps), None)

        direct = first("dobj")
        for c in children:
            if c.dep_ in ("prt", "prep") and c.i > verb.i:  # "On Thursday, X called for": no "call on"
                key = (lemma, c.lower_)
                if c.dep_ == "prep" and direct is not None and direct.i < c.i:
                    continue  # "called Nevada for Biden" is no "call for"
                if key in self.lex.phrasals:
                    obj = child(c, "pobj") if c.dep_ == "prep" else None
                    return self.lex.phrasals[key], obj, [verb, c]
        appraisal = self.appraisal(verb, children)
        if appraisal is not None:
            self.appraised.add(verb.i)
            return appraisal[0], appraisal[1], [verb]
        clause = for_clause(verb, children)
        if clause is not None and (lemma, "for") in self.lex.phrasals:
            # "called for his death to be investigated": the clause's subject is what is called for
            return self.lex.phrasals[(lemma, "for")], child(clause, "nsubjpass", "nsubj") or clause, \
                [verb, child(clause, "mark")]
        dobj = object_of(verb)
        if dobj is None:
            # "sanctions must be imposed", "the strikes were carried out by X", "the attack, conducted by X":
            # the idiom's or light verb's object is the patient
            dobj = first("nsubjpass") or reduced_relative(verb)
        if dobj is not None:
            key = (lemma, dobj.lemma_.lower())
            if key in self.lex.idioms and prep_object(dobj, {"of"}) is None:  # "use the force of the law": no attack
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

    def appraisal(self, verb: Token, children: list[Token]) -> Optional[tuple[str, Token]]:
        """(criticize or support, what is appraised) for "called the deal a disaster", "found the strike
        justified", "described the attacks as cowardly": the complement's words say which (appraisal.tsv)."""
        words = self.lex.appraisal
        if words.get(verb.lemma_.lower()) != "verb":
            return None
        appraised, complement = appraised_and_complement(verb, children)
        if complement is None or appraised.pos_ == "PRON":
            return None  # "calling them absurd": a pronoun's appraisal is a remark on what was said before
        kinds = {words.get(t.lemma_.lower()) or words.get(t.lower_) for t in complement.subtree}
        predicate = "criticize" if "negative" in kinds else "support" if "positive" in kinds else None
        return (predicate, appraised) if predicate is not None else None

    def is_speech(self, verb: Token, predicate: Optional[str]) -> bool:
        """A verb that reports what was said ("announced that …", "suggested X would …") is a claim, not an event."""
        if verb.i in self.appraised:
            return False  # "found the strike justified": the small clause is what is appraised
        ccomp = child(verb, "ccomp")
        if not finite_clause(ccomp) or ccomp.i < verb.i:
            return False
        if any(c.dep_ == "mark" and c.lower_ in PURPOSE_MARKS for c in ccomp.children) and \
                (child(verb, "dobj") is not None or contact_relative_object(verb) is not None):
            return False  # "declared an emergency so he could fund a wall": a purpose, not what was said
        lemma = verb.lemma_.lower()
        report = self.lex.reporting.get(lemma)
        if report is not None and report.event or predicate in CLAUSE_ACTS:
            return False  # "warned that Kyiv …", "accused", "announced that …": acts between actors or on a clause
        if predicate == "agree":
            return True  # "they agreed that …": a shared statement
        if predicate in CONTENT_PREDICATES:
            # "proposing that Kyiv resume talks" proposes; "suggested Erdoğan would facilitate" reports
            return has_modal(ccomp) or ccomp.tag_ in ("VBD", "VBZ", "VBN") and report is not None
        if predicate is None and child(verb, "dobj") is None:
            return True  # "found that …", "believes that …": a statement or a thought, not a deed
        return report is not None or predicate == "announce"

    def read_verb(self, verb: Token) -> Optional[Reading]:
        if verb.dep_ in AUX_DEPS or self.is_control_head(verb):
            return None
        lemma = verb.lemma_.lower()
        if verb.dep_ == "xcomp" and verb.head.pos_ in VERB_POS:
            governor, _, _ = self.predicate_of(verb.head)
            if governor in CONTENT_PREDICATES and verb.head.lemma_.lower() not in self.lex.control and \
                    child(verb.head, "dobj") is None:
                return None  # "proposes holding talks": the holding is what is proposed
        predicate, found_object, verb_tokens = self.predicate_of(verb)
        if self.is_speech(verb, predicate) and not (predicate in STATED_ACTS and stated_clause(child(verb, "ccomp"))):
            return None  # what was said is the claim's; an announcement is also an act with its clause as object
        lemma = self.choice_of(verb).lemma  # "raped", which the small model reads as "rap", is "rape"
        if predicate is None:
            if lemma in self.lex.non_event_verbs or states_a_condition(verb, lemma) or \
                    lemma in self.lex.reporting and not (self.reports_an_act(verb) or office_act(verb)) or \
                    verb.pos_ == "AUX" or \
                    not lemma.isalpha():  # "’s" tagged a verb names no act
                return None
            particle = child(verb, "prt")
            predicate = f"{lemma}_{particle.lower_}" if particle is not None else lemma
            if particle is not None:
                verb_tokens = [verb, particle]
            elif office_act(verb):
                predicate = act_key(verb).replace(" ", "_")  # "were found guilty": find_guilty, not find
        reading = Reading(head=verb, predicate=predicate, verb_tokens=verb_tokens, chain=self.controlled_by(verb))
        reading.subject, reading.hops = subject_of(verb)
        reading.subject = participle_subject(reading.subject) or reading.subject
        reading.subject = self.adverbial_they(reading.subject) or reading.subject
        user = means_user(verb, reading.subject)
        if user is not None:  # "will use force to bring them to justice": the user's own aim, with its modality
            reading.subject, reading.chain = user, reading.chain + [verb.head]
        links = series_links(verb)
        if links > 1 and reading.hops >= links:
            reading.hops -= links - 1  # "drew A, pointed B and shot C": one series, one remove from its subject
        if reading.subject is None:
            reading.subject = active_before_by_gerund(verb)  # "Members protested by shouting"
        if reading.subject is None:
            reading.subject, reading.hops = self.implicit_agent(verb)
            reading.guessed = reading.subject is not None
        if reading.subject is None:
            reading.subject, reading.hops = self.harm_cause(verb), 0
            if reading.subject is not None and found_object is None:
                found_object = child(verb, "nsubjpass")  # the harmed
            reading.guessed = reading.subject is not None
        if reading.subject is None:
            reading.subject, reading.hops = institution_agent(verb), 1
            if reading.subject is not None and found_object is None:
                found_object = child(verb, "nsubjpass")  # "337 users were arrested": the police arrest the users
            reading.guessed = reading.by_office = reading.subject is not None
        if reading.subject is None:
            reading.subject, reading.hops = self.moved_instrument(verb), 0
            reading.guessed = reading.subject is not None
        if reading.subject is None:
            reading.subject, reading.hops = self.document_author(verb), 1
            reading.guessed = reading.subject is not None
        elif self.reported_result(verb) is not None:
            reading.subject, reading.guessed = self.reported_result(verb), True
            if reading.subject is False:
                return None
        if reading.subject is not None and reading.subject.pos_ != "PROPN":
            reading.subject = self.measured_group(reading.subject)
        if not can_act(reading.subject):
            return None  # no one to act: its object would be read for nothing
        reading.instrument = instrument(reading.subject)
        if found_object is None:
            found_object = contact_relative_object(verb)  # "the state of emergency the president declared"
            found_object = None if is_time(found_object) else found_object  # "the day he arrived"
        self.find_object(reading, found_object)
        return reading

    def adverbial_they(self, subject: Optional[Token]) -> Optional[Token]:
        """"Protesters gathered, blocking the exits as they chanted slogans": a "they" the article's coreference
        left open or read as a thing, heading an adverbial clause, is the plural subject of the clause it modifies."""
        if subject is None or subject.lower_ != "they" or subject.dep_ != "nsubj" or self.resolver.coref is None or \
                is_actor(self.resolver.coref.referent(subject)):
            return None  # a "they" read as a thing ("they" for the last of a list of clothes) may be repaired
        clause = subject.head
        if clause.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in ADVERBIAL_MARKS for c in clause.children):
            return None
        matrix = subject_of(clause.head)[0]
        matrix = participle_subject(matrix) or matrix
        if matrix is None or matrix.pos_ not in NOUN_POS:
            return None
        matrix = self.measured_group(matrix) if matrix.pos_ != "PROPN" else matrix
        return matrix if matrix is not None and matrix.tag_ in PLURAL_TAGS else None

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

    def reports_an_act(self, verb: Token) -> bool:
        """A reporting verb the dictionary reads with its object as owning an act ("claimed responsibility")."""
        choice = self.choice_of(verb)
        return choice.by_object and choice.cameo in SPOKEN_ACT_CODES

    def measured_group(self, token: Token) -> Optional[Token]:
        """"a number of senators", "dozens of protesters": the group a quantity measures acts; a
        quantity alone ("dozens died", "the second") names no one."""
        if token.lemma_.lower() not in self.lex.partitive_nouns and not is_quantity(token):
            return token
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        return child(of, "pobj")

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
        predicate = self.lex.nouns.get(noun.lemma_.lower()) or self.gerund_predicate(noun)
        if predicate is None or noun.dep_ in ("compound",) or is_time(noun):
            return None
        head = noun.head
        if noun.dep_ in OBJECT_DEPS + ("nsubjpass",) and head.pos_ == "VERB" and noun in self.predicate_of(head)[2]:
            return None  # already read through its verb: "launched an attack", "imposed sanctions"
        if any(noun in self.predicate_of(c)[2] for c in noun.children if c.dep_ == "acl" and c.pos_ in VERB_POS):
            return None  # "the attack, conducted by the Taliban": read through its light verb
        actor, guessed = self.nominal_actor(noun), False
        target = prep_object(noun, NOUN_TARGET_PREPS)
        content = prep_object(noun, {"for", "of"})
        if actor is None and predicate in JOINT_PREDICATES and target is not None:
            actor, guessed = self.frame_actor(noun), True
        if actor is None or (target is None and content is None and not self.agent_phrase(noun, actor)):
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

    @staticmethod
    def agent_phrase(noun: Token, actor: Token) -> bool:
        """Whether a nominal event names its actor in a "by" phrase ("criticism by the minister"), which
        makes it an act even with no one and nothing it is done to."""
        return actor.dep_ == "pobj" and (actor.head.head == noun and actor.head.lower_ == "by" or
                                         actor == source_of(noun))

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
                if self.resolver.gaz.demonym(c.text) or (c.pos_ == "PROPN" and self.resolver.gaz.actor(c.text)):
                    actor = c
            elif c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                actor = child(c, "pobj") or actor
        for c in noun.lefts:  # "Russian drone strikes": the demonym may modify the compound
            if actor is None and c.dep_ == "compound":
                for cc in c.lefts:
                    if cc.dep_ in ("amod", "compound") and self.resolver.gaz.demonym(cc.text):
                        actor = cc
        return actor if actor is not None else source_of(noun)

    def frame_actor(self, noun: Token) -> Optional[Token]:
        """"Following a meeting with X, leaders of Y called …": the clause's subject took part."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ not in FRAME_PREPS:
            return None
        clause = prep.head
        if clause.pos_ not in VERB_POS:
            return None
        subject, _ = subject_of(clause)
        return subject

    # -- filtering -----------------------------------------------------------------------
    def is_purpose(self, verb: Token) -> bool:
        """"… to end the war", "efforts to de-escalate": an aim, not something that happened."""
        if verb.pos_ not in VERB_POS:
            return False
        token = verb
        while token.dep_ == "conj":
            token = coordination_partner(token)
        if self.document_author(token) is not None:
            return False  # "a resolution to expel the troops": what the adopted text does
        return is_infinitive(token) and token.dep_ in ("advcl", "acl", "relcl") or \
            token.dep_ == "acl" and token.head.pos_ == "NOUN" and token.tag_ == "VB"

    def worth_keeping(self, reading: Reading, obj: Optional[Filler], target: Optional[Filler], known: bool) -> bool:
        """Precision rules: what an analyst would not write down (beside ``names_nobody``)."""
        report = self.lex.reporting.get(reading.head.lemma_.lower())
        if report is not None and report.event == reading.predicate and not (is_actor(obj) or is_actor(target)) and \
                not (reading.object is not None and reading.object.lemma_.lower() in report.acts) and \
                not self.charged(reading):
            # "denied the reports", "warned that pressure is pointless": claims, not acts between actors;
            # "denied funding", "denied them entry": the object the verb's row lists makes it an act
            # "denied all claims that Khashoggi was slain": a report with its content denies the act it states
            return reading.predicate in CLAUSE_ACTS and (in_clause(reading.object, child(reading.head, "ccomp")) or
                                                          content_clause(reading.object) is not None)
        if reading.instrument and obj is None and target is None:
            return False  # "the plane landed": a vehicle or weapon acts only on what it hits
        if known:
            return not self.is_purpose(reading.head) or bool(reading.chain)
        if reading.hops - len(reading.chain) > 1 or self.is_purpose(reading.head):  # "would seek to extradite": the
            return False  # control verb is the same subject's, no hop away from it
        if reading.object is not None and reading.object.pos_ == "PRON" and not is_actor(obj) and \
                self.resolver.coref.referent(reading.object) is None:
            return False  # "think it through", "calling them absurd"; "tendered it" (the resignation) names it
        if self.is_content(reading.head):
            return False  # "accused Putin of stalling": the accusation is the event
        if obj is None and target is None and (reading.modalities & {"hypothetical", "planned"} or
                                               self.quoted(reading.head)):
            # "Ukraine needs to decide", "‘we stand ready’": an unclassified act with no one and nothing
            # involved, not done or only quoted (the quotation's claim keeps what was said)
            return False
        return True

    def subject_filler(self, token: Token) -> Filler:
        """The actor a subject names; a place that acts ("Texas filed a lawsuit", "Kyiv said") is its people's
        government, kept as the place."""
        filler = self.resolver.resolve(token)
        if not is_actor(filler) and token.ent_type_ == "GPE":
            return self.resolver.place(noun_phrase(token)) or filler
        return filler

    def with_delegating_places(self, token: Token, filler: Filler) -> Filler:
        """People who act for several places act for each: "attorneys general from Ohio, Texas and Utah
        joined the suit" gives Ohio, Texas and Utah (each a member of the group)."""
        if filler.type != "Group" or filler.members or token.lemma_.lower() not in self.resolver.index.group_nouns:
            return filler
        holders = [token] + [c for c in token.rights if c.dep_ == "amod"]  # "attorneys general from"
        for holder in holders:
            for prep in holder.children:
                place = child(prep, "pobj") if prep.dep_ == "prep" and prep.lower_ in DELEGATING_PREPS else None
                if place is None or place.ent_type_ != "GPE":
                    continue
                members = [self.resolver.resolve(t, as_place=True) for t in conjuncts(place)]
                members = [m for m in members if m.type in PLACE_TYPES]
                if len(members) > 1:
                    return replace(filler, members=members)
        return filler

    def coordinated(self, token: Optional[Token], filler: Optional[Filler]) -> Optional[Filler]:
        """An object coordinated with other actors is the group of them: "blamed both Israel and the US"."""
        if token is None or not is_actor(filler) or filler.members or token.pos_ not in NOUN_POS:
            return filler
        others = [self.resolver.resolve(t) for t in conjuncts(token)[1:]]
        members = [filler] + [f for f in others if is_actor(f)]
        if len(members) < 2:
            return filler
        span = self.doc[token.left_edge.i:conjuncts(token)[-1].i + 1]
        return Filler(label=" and ".join(m.label for m in members), type="Group", text=span.text,
                      start=span.start_char, end=span.end_char, members=members)

    def names_nobody(self, reading: Reading, fillers: list[Filler], known: bool) -> bool:
        """The precision rules that need only the subject: most readings fail one, and are let go
        before their object, target and modality are worked out."""
        subject = reading.subject
        someone = reading.by_office or reading.instrument or \
            any(is_actor(f) or f.type in PLACE_TYPES for f in fillers) or untyped_name(subject)
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
        if token.dep_ != "ccomp" or token.head.pos_ not in VERB_POS:
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
        subjects = conjuncts(reading.subject) if reading.subject.pos_ in NOUN_POS else [reading.subject]
        # "Members of the House protested by shouting and holding signs": a gerund is no co-subject
        subjects = [s for s in subjects if not is_time(s) and (s == reading.subject or s.tag_ != "VBG")]
        fillers = [self.with_delegating_places(s, self.subject_filler(s)) for s in subjects]
        choice = self.choice_of(reading.head) if not reading.nominal and reading.head.pos_ in VERB_POS else None
        if choice is not None and choice.predicate != reading.predicate and \
                not (choice.predicate is None and reading.predicate.startswith(choice.lemma)):
            choice = None  # a predicate another rule chose: kg's class of it
        known = choice.known if choice is not None else \
            reading.predicate in self.lex.predicates or reading.predicate in self.lex.verbs.values()
        if self.names_nobody(reading, fillers, known):
            return
        self.modalities(reading)
        obj = self.resolver.resolve(reading.object) if reading.object is not None else None
        if obj is not None and reading.object.pos_ in VERB_POS:
            obj = Filler(label=reading.object.lemma_, text=reading.object.text, type="Thing",
                         start=reading.object.idx, end=reading.object.idx + len(reading.object.text))
        elif obj is not None and not obj.id and not obj.members and reading.object.pos_ in NOUN_POS:
            whole = object_phrase(reading.object)  # "a state of emergency", not "a state"
            obj = filler_for(whole, whole.text, "Thing")
        cls_of = self.lex.predicate_class(reading.predicate)
        plover_of = cls_of.plover if cls_of is not None else choice.plover if choice is not None else None
        aim = reading.target is not None and not reading.nominal and reading.target.head.lower_ in AIM_PREPS
        victim = reading.target is not None and (reading.target.head.lower_ in VICTIM_PREPS or aim) and \
            plover_of == "ASSAULT"
        # "strikes on Kyiv": what is struck is the city, not the state
        target = self.resolver.resolve(reading.target, as_place=victim) if reading.target is not None else None
        if target is not None and not (is_actor(target) or target.type in PLACE_TYPES or untyped_name(reading.target)) \
                and not victim and (obj is not None or reading.target.head.head != reading.head) and \
                self.owner_as_target(reading):
            target = self.resolver.resolve(reading.target)  # "an inquiry into the conduct of the governor"
        if target is not None and not (is_actor(target) or target.type in PLACE_TYPES or untyped_name(reading.target)) \
                and not victim:
            # "an end to the genocide": the other party is someone, somewhere, or a victim; what else the
            # verb takes through its preposition is what it is about ("did not accede to the demands")
            if obj is None and reading.target.head.head == reading.head and reading.target.pos_ in NOUN_POS:
                whole = object_phrase(reading.target)
                obj = filler_for(whole, whole.text, "Thing")
            target = None
        obj = self.coordinated(reading.object, obj)
        target = self.coordinated(reading.target, target)
        if not fillers or not self.worth_keeping(reading, obj, target, known):
            return
        if junk_reason(reading, known) is not None:
            return  # a state, a habit or an expletive "it" (kg.extract.noise)
        place, when = self.place_and_time(reading)
        attributed = self.resolver.resolve(reading.attributed_to) if reading.attributed_to is not None else None
        # the verb's own reading (kg.extract.vocabulary) gives the full-depth CAMEO code; a lemma has no class
        cls = self.lex.predicate_class(reading.predicate) if choice is None or choice.predicate else None
        cameo = choice.cameo if choice is not None else cls.cameo if cls else None
        plover = self.lex.cameo.plover_of(cameo)[0] or (cls.plover if cls else None)
        verb_words = verb_phrase(reading.head, reading.chain, reading.verb_tokens)
        verb_text = self.doc[verb_words[0].i:verb_words[-1].i + 1].text
        confidence = event_confidence(reading.hops, cls is not None, reading.guessed, reading.nominal)
        # a coordinated subject is a group: one event for the group and one per member
        actors: list[Filler] = []
        if len(fillers) > 1:
            actors.append(Filler(label=" and ".join(f.label for f in fillers), type="Group",
                                 text=self.doc[subjects[0].left_edge.i:subjects[-1].i + 1].text, members=fillers))
        for filler in fillers:
            actors += [filler] + filler.members
        for actor in actors:
            if self_loop(actor, obj, reading.object):
                continue  # "Spanton waived her right": a pronoun or a name read twice, no act on oneself
            score = actor_confidence(confidence, is_actor(actor), (actor.text or "").lower() in PRONOUNS_UNRESOLVED,
                                     actor not in fillers and actor.type != "Group")
            event = Event(
                article=self.article, sentence=span_text(sent), start=sent.start_char, end=sent.end_char,
                subject=actor, predicate=reading.predicate, verb=verb_text,
                event_type=cls.event_class if cls else None, plover=plover, cameo=cameo, object=obj,
                target=None if self_loop(actor, target, reading.target) else target, location=place, time=when,
                modality=strongest(reading.modalities), attributed_to=attributed, confidence=score,
                verb_start=verb_words[0].idx, verb_end=verb_words[-1].idx + len(verb_words[-1].text),
                published=self.published)
            event.assign_id()
            yield event
