"""Events from the dependency parse: actor – predicate – object, with target, place, time and modality.

Every surface form goes through the lexicons of ``ontology/``: verbs, phrasal verbs, verb + object
idioms, light verbs with an event noun, control verbs and nominal events. What stays in code is the
grammar: voice, clauses, coordination, and which words may fill which role. This module finds the
predicate heads and their readings and turns them into records; ``roles`` fills object, target, place
and time, ``modality`` how sure the text is, ``event_nouns`` the events nouns name, ``event_agents`` who
acts when the clause does not say, ``readings`` holds the reading and the word sets.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator, Optional

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorResolver, conjuncts, filler_for, is_actor, noun_phrase
from kg.extract.confidence import actor_confidence, event_confidence
from kg.extract.event_agents import Agents
from kg.extract.event_frames import means_user, states_a_condition
from kg.extract.event_nouns import NominalEvents
from kg.extract.event_repairs import (active_before_by_gerund, contact_relative_object, interrupted_object,
                                     participle_subject, series_links)
from kg.extract.docindex import doc_text, span_text, tokens_with, tokens_within
from kg.extract.modality import Modality
from kg.extract.noise import junk_reason
from kg.extract.readings import (CLAUSE_ACTS, CONTENT_PREDICATES, DEATH_VERBS, DELEGATING_PREPS, PLACE_TYPES,
                                 PRONOUNS_UNRESOLVED, SPEAKER_SUBJECTS, SPOKEN_ACT_CODES, STATED_ACTS, VICTIM_PREPS,
                                 Reading, aspect_frame, can_act, content_clause, finite_clause, in_clause, is_question,
                                 is_time, joint_partner, named_list, object_phrase, self_loop, stated_clause, strongest,
                                 untyped_name)
from kg.extract.passives import act_key, institution_agent, instrument, office_act
from kg.extract.roles import Roles
from kg.extract.syntax import (AUX_DEPS, NOUN_POS, VERB_POS, appraised_and_complement, child, coordination_partner,
                               for_clause, has_modal, is_infinitive, object_of, particle_of, prep_object,
                               reduced_relative, subject_of, verb_phrase)
from kg.extract.vocabulary import Choice, choose
from kg.lexicon import Lexicon
from kg.model import Event, Filler


ADVERBIAL_MARKS = {"as", "while", "when", "after", "before", "because", "since", "until", "once"}
PLURAL_TAGS = ("NNS", "NNPS")
PURPOSE_MARKS = {"so"}  # "so (that) he could …" is why, never what was said
AIM_PREPS = {"at"}  # "shot at one person", "threw stones at the police": what an assault is aimed at is its victim


def one_each(fillers: list[Filler]) -> list[Filler]:
    """A coordination's actors, each once: two conjuncts read as one entity are one actor."""
    seen: set[str] = set()
    out = []
    for filler in fillers:
        key = filler.id or filler.label
        if key not in seen:
            seen.add(key)
            out.append(filler)
    return out


class EventReader(Roles, Modality, NominalEvents, Agents):
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
        particle = particle_of(verb)
        for c in children:
            if (c.dep_ == "prep" or c == particle) and c.i > verb.i:  # "On Thursday, X called for": no "call on"
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
                    lemma in self.lex.reporting and not (self.reports_an_act(verb) or office_act(verb) or
                                                         self.another_phrasal(verb)) or \
                    verb.pos_ == "AUX" or \
                    not lemma.isalpha():  # "’s" tagged a verb names no act
                return None
            particle = particle_of(verb)
            predicate = f"{lemma}_{particle.lower_}" if particle is not None else lemma
            if particle is not None:
                verb_tokens = [verb, particle]
            elif office_act(verb):
                predicate = act_key(verb).replace(" ", "_")  # "were found guilty": find_guilty, not find
        reading = Reading(head=verb, predicate=predicate, verb_tokens=verb_tokens, chain=self.controlled_by(verb))
        reading.subject, reading.hops = subject_of(verb)
        if aspect_frame(verb):
            reading.hops = max(0, reading.hops - 2)  # "is in the process of leaving": one clause
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
            reading.subject, reading.hops = self.event_owner(verb), 0  # "a Senate hearing was conducted"
            if reading.subject is not None and found_object is None:
                found_object = child(verb, "nsubjpass")  # the hearing itself
        if reading.subject is None:
            reading.subject, reading.hops = self.event_noun_agent(verb), 1  # "calls by officials asking …"
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
            found_object = contact_relative_object(verb) or interrupted_object(verb)  # "the state of emergency the
            # president declared", "rejected, the day before, a lawsuit"
            found_object = None if is_time(found_object) else found_object  # "the day he arrived"
        self.find_object(reading, found_object)
        return reading

    def another_phrasal(self, verb: Token) -> bool:
        """A particle the dictionary knows makes another verb than the reporting one: "called off the talks"
        cancels, "called up reservists" mobilizes."""
        particle = particle_of(verb)
        return particle is not None and (verb.lemma_.lower(), particle.lower_) in self.lex.cameo.codes

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

    def reports_an_act(self, verb: Token) -> bool:
        """A reporting verb the dictionary reads with its object as owning an act ("claimed responsibility")."""
        choice = self.choice_of(verb)
        return choice.by_object and choice.cameo in SPOKEN_ACT_CODES

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
        if subject is not None and is_time(subject):
            return None  # "the weekend saw protesters marching": a time sets the scene, it holds no view
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
        subjects = conjuncts(reading.subject) + named_list(reading.subject) if reading.subject.pos_ in NOUN_POS \
            else [reading.subject]
        subjects += self.joiners(reading)  # "the mayor joined the calls by officials"
        # "Members of the House protested by shouting and holding signs": a gerund is no co-subject
        subjects = [s for s in subjects if not is_time(s) and (s == reading.subject or s.tag_ != "VBG")]
        fillers = one_each([self.with_delegating_places(s, self.subject_filler(s)) for s in subjects])
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
        held = reading.target.head.head if reading.target is not None else None  # what the target's phrase is on
        if reading.target is not None and reading.target.pos_ != "PROPN":
            reading.target = self.measured_group(reading.target) or reading.target  # "with many of his ideas"
        # "strikes on Kyiv": what is struck is the city, not the state
        target = self.resolver.resolve(reading.target, as_place=victim) if reading.target is not None else None
        if target is not None and not (is_actor(target) or target.type in PLACE_TYPES or untyped_name(reading.target)) \
                and not victim and (obj is not None or held != reading.head) and \
                self.owner_as_target(reading):
            target = self.resolver.resolve(reading.target)  # "an inquiry into the conduct of the governor"
        if target is not None and not (is_actor(target) or target.type in PLACE_TYPES or untyped_name(reading.target)) \
                and not victim:
            # "an end to the genocide": the other party is someone, somewhere, or a victim; what else the
            # verb takes through its preposition is what it is about ("did not accede to the demands")
            if obj is None and held == reading.head and reading.target.pos_ in NOUN_POS:
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
            partner = joint_partner(reading.predicate, fillers, actor) if obj is None and target is None else None
            if self_loop(actor, obj, reading.object):
                continue  # "Spanton waived her right": a pronoun or a name read twice, no act on oneself
            score = actor_confidence(confidence, is_actor(actor), (actor.text or "").lower() in PRONOUNS_UNRESOLVED,
                                     actor not in fillers and actor.type != "Group")
            event = Event(
                article=self.article, sentence=span_text(sent), start=sent.start_char, end=sent.end_char,
                subject=actor, predicate=reading.predicate, verb=verb_text,
                event_type=cls.event_class if cls else None, plover=plover, cameo=cameo, object=partner or obj,
                target=None if self_loop(actor, target, reading.target) else target, location=place, time=when,
                modality=strongest(reading.modalities), attributed_to=attributed, confidence=score,
                verb_start=verb_words[0].idx, verb_end=verb_words[-1].idx + len(verb_words[-1].text),
                published=self.published)
            event.assign_id()
            yield event
