"""Open relations: what a sentence states that is not an act (textacy ``extract/triples.py`` style).

One small function per construction, each returning complete triples over one sentence's parse:
the copula ("X is the party's candidate"), the apposition ("Adil Abdul-Mahdi, Iraq's caretaker prime
minister"), the possessive role ("Iran's Quds Force") and every other clause with a subject that the
event reader did not take as an event (the open triple layer ClausIE and CaRB read: one triple per
clause with its objects and prepositional complements). The relation phrase is the surface words
("was elected", "is the candidate of"), so that open-IE users get the clause as written.
"""
from __future__ import annotations

from typing import Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.confidence import relation_confidence
from kg.extract.docindex import span_text, tokens_with, tokens_within
from kg.extract.events import is_question
from kg.extract.syntax import AUX_DEPS, NOUN_POS, RELATIVE_PRONOUNS, VERB_POS
from kg.model import Filler, Relation

# dependency labels, named once
CLAUSE_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")  # a clause's own subject ("who" included)
PHRASE_DEPS = ("aux", "auxpass", "neg", "prt")  # words of a relation phrase: "has not been", "set up"
COMPLEMENT_DEPS = ("dobj", "obj", "dative", "attr", "oprd", "acomp", "xcomp", "ccomp")  # a clause's arguments
PREP_DEPS = ("prep", "agent")  # "elected in 2019", "was killed by a drone"
PREP_OBJECT_DEPS = ("pobj", "pcomp")  # what a preposition takes: "in 2019", "after leaving office"
# what ends a noun phrase as a subject: "the man, who ...", "Ali, the minister, ..."
SUBJECT_CUT_DEPS = ("relcl", "acl", "appos", "punct", "advcl")
ARGUMENT_CUT_DEPS = ("punct",)  # a trailing comma or full stop is no part of an argument
POSSESSOR_DEPS = ("poss",)
POSSESSOR_LABELS = ("GPE", "ORG", "NORP", "PERSON", "LOC", "FAC")  # who can hold a role or a body
APPOSITION_DEPS = ("appos",)
COPULA_ATTR_DEPS = ("attr", "acomp")
ROLE_PREPS = {"of", "for", "at"}  # "is the candidate of", "a member of", "minister for", "an analyst at"
SHARED_SUBJECT_DEPS = ("conj", "xcomp", "advcl")  # "won and resigned", "wants to stay": the head's subject
PLACE_LABELS = ("GPE", "LOC", "FAC")
TIME_LABELS = ("DATE", "TIME")
PRONOUN_POS = ("PRON",)
MODIFIER_DEPS = ("amod", "compound")  # a participle that modifies a noun: "the ruling party", "a wanted man"


def phrase(token: Token, cut: tuple[str, ...] = ARGUMENT_CUT_DEPS, lower: Optional[int] = None,
           upper: Optional[int] = None) -> Span:
    """The words ``token`` heads, without its right-hand children of the ``cut`` labels (and without
    edge punctuation); ``lower``/``upper`` bound it inside a sentence."""
    start, end = token.left_edge.i, token.right_edge.i + 1
    for c in token.rights:
        if c.dep_ in cut:
            end = min(end, c.left_edge.i)
    for c in token.lefts:
        if c.dep_ in cut and c.dep_ != "punct":
            start = max(start, c.right_edge.i + 1)
    if lower is not None:
        start = max(start, lower)
    if upper is not None:
        end = min(end, upper)
    doc = token.doc
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    while start < end - 1 and doc[start].is_punct:
        start += 1
    return doc[start:end]


def filler(span: Span, resolver=None) -> Filler:
    """A role filler for the words as written; the entity the resolver finds for the head gives label and id."""
    text = span_text(span)
    label, type_, id_ = text, "Thing", None
    if resolver is not None and span.root.pos_ in NOUN_POS + PRONOUN_POS:
        found = resolver.resolve(span.root)
        if found is not None and found.id:
            label, type_, id_ = found.label, found.type, found.id
    return Filler(label=label, text=text, type=type_, id=id_, start=span.start_char, end=span.end_char)


def verb_words(verb: Token) -> list[Token]:
    """The relation phrase of a verb: its auxiliaries, negation and particle with it ("has not set up")."""
    return sorted([verb] + [c for c in verb.children if c.dep_ in PHRASE_DEPS], key=lambda t: t.i)


def clause_subject(verb: Token) -> Optional[Token]:
    """A clause's subject: its own, the noun a relative pronoun stands for ("the man who won" -> man), or
    the subject of the clause it shares one with ("won and resigned", "wants to stay")."""
    token, hops = verb, 0
    while hops < 3:
        subject = next((c for c in token.children if c.dep_ in CLAUSE_SUBJECT_DEPS), None)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
                return token.head
            return subject
        if token.dep_ == "relcl" and token.head.pos_ in NOUN_POS:
            return token.head  # "a lawsuit filed by Texas": the noun is what the participle is about
        if token.dep_ not in SHARED_SUBJECT_DEPS or token.head.pos_ not in VERB_POS:
            return None
        token, hops = token.head, hops + 1
    return None


def _role_split(noun: Token) -> tuple[Optional[Token], Optional[Token]]:
    """"the candidate of the party": (the ``of``, its object), so that the relation reads "is the candidate of"."""
    for c in noun.rights:
        if c.dep_ == "prep" and c.lower_ in ROLE_PREPS:
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return c, obj
    return None, None


class RelationReader:
    """The open relations of one document; one pass over each sentence's tokens."""

    def __init__(self, doc: Doc, resolver, article: str, published: Optional[str], skip_sentences: set[int],
                 event_heads: set[int], gazetteer=None):
        self.doc, self.resolver, self.article, self.published = doc, resolver, article, published
        self.gazetteer = gazetteer
        self.skip, self.event_heads = skip_sentences, event_heads

    def relations(self) -> Iterator[Relation]:
        # the only words read below, found from the doc's arrays (no Token per word)
        verbs = tokens_with(self.doc, pos=VERB_POS)
        appositions = tokens_with(self.doc, dep=APPOSITION_DEPS)
        possessors = tokens_with(self.doc, dep=POSSESSOR_DEPS, pos=("PROPN",))
        for sent in self.doc.sents:
            if sent.start_char in self.skip or is_question(sent):
                continue
            for i in tokens_within(sent, verbs):
                if self.doc[i].idx not in self.event_heads:
                    yield from self.clause(self.doc[i], sent)
            for i in tokens_within(sent, appositions):
                if self.doc[i].head.pos_ in NOUN_POS:
                    yield from self.apposition(self.doc[i], sent)
            for i in tokens_within(sent, possessors):
                if self.doc[i].head.pos_ in NOUN_POS:
                    yield from self.possessive(self.doc[i], sent)

    # -- constructions ---------------------------------------------------------------
    def clause(self, verb: Token, sent: Span) -> Iterator[Relation]:
        """"The council elected her in May": subject, relation phrase, objects and prepositional complements."""
        if verb.dep_ in AUX_DEPS + MODIFIER_DEPS:
            return  # an auxiliary is part of its verb's phrase; "the ruling party" has no clause
        subject = clause_subject(verb)
        if subject is None or subject.i == verb.i:
            return
        words = verb_words(verb)
        arguments: list[Token] = [c for c in verb.children if c.dep_ in COMPLEMENT_DEPS]
        preps = [c for c in verb.children if c.dep_ in PREP_DEPS and any(o.dep_ in PREP_OBJECT_DEPS for o in c.children)]
        kind = "clause"
        attr = next((c for c in arguments if c.dep_ in COPULA_ATTR_DEPS), None)
        if verb.lemma_ == "be" and attr is not None:
            # "X is the candidate of the party": the role noun joins the relation, its party is the object
            kind = "copula"
            prep, owner = _role_split(attr) if attr.pos_ in NOUN_POS else (None, None)
            if owner is not None:
                kind = "role"
                words = words + list(self.doc[phrase(attr).start:prep.i + 1])
                arguments = [a for a in arguments if a != attr]
                yield self.make(kind, sent, subject, words, [phrase(owner)] + self.spans(arguments, preps), verb)
                return
        # a fronted phrase ("In 1891, the academy moved") comes after the verb's own complements
        preps = [p for p in preps if p.i > verb.i] + [p for p in preps if p.i < verb.i]
        if not arguments and preps and preps[0].i > verb.i:
            # "was born in Hawaii": the first preposition belongs to the relation (ClausIE's SVA clause)
            first = preps[0]
            pobj = next(o for o in first.children if o.dep_ in PREP_OBJECT_DEPS)
            yield self.make(kind, sent, subject, words + [first], [phrase(pobj)] + self.spans([], preps[1:]), verb)
            return
        args = self.spans(arguments, preps)
        if not args:
            return
        yield self.make(kind, sent, subject, words, args, verb)

    def apposition(self, appos: Token, sent: Span) -> Iterator[Relation]:
        """"Adil Abdul-Mahdi, Iraq's caretaker prime minister, ...": the name is what the apposition says."""
        head = appos.head
        subject = phrase(head, SUBJECT_CUT_DEPS)
        prep, owner = _role_split(appos) if appos.pos_ in NOUN_POS else (None, None)
        if owner is not None:
            role = self.doc[phrase(appos).start:prep.i + 1]
            yield self.make_spans("role", sent, subject, "is " + span_text(role), role, [phrase(owner)])
            return
        yield self.make_spans("apposition", sent, subject, "is", appos, [phrase(appos, ("punct", "relcl", "acl"))])

    def possessive(self, owner: Token, sent: Span) -> Iterator[Relation]:
        """"Iran's Quds Force": the possessor has what it qualifies (a force, a minister, a candidate)."""
        owned = owner.head
        if owner.ent_type_ not in POSSESSOR_LABELS or not (owned.pos_ == "PROPN" or self.is_title(owned)):
            return  # "Sunday's signings", "Bolton's resignation": a date, or an act, is no role
        after = owner.right_edge.i + 1
        if self.doc[after:after + 1].text in ("'s", "’s", "'"):
            after += 1
        thing = phrase(owned, SUBJECT_CUT_DEPS, lower=after)
        if thing.start > owned.i or thing.end <= owned.i:
            return
        yield self.make_spans("possessive", sent, phrase(owner, ("case", "punct")), "has", owner, [thing])

    def is_title(self, noun: Token) -> bool:
        """A role noun of the titles table (ontology/titles.tsv): "minister", "chief constable"."""
        if self.gazetteer is None:
            return False
        words = self.doc[max(noun.left_edge.i, noun.i - 3):noun.i + 1]
        return any(self.gazetteer.title(span_text(words[k:])) for k in range(len(words)))

    # -- records -----------------------------------------------------------------------
    def spans(self, arguments: list[Token], preps: list[Token]) -> list[Span]:
        out = [phrase(a) for a in arguments]
        out += [phrase(p) for p in preps]
        return out

    def make(self, kind: str, sent: Span, subject: Token, words: list[Token], args: list[Span],
             verb: Token) -> Relation:
        subject_span = phrase(subject, SUBJECT_CUT_DEPS)
        relation = " ".join(t.text for t in words)
        return self.record(kind, sent, subject_span, relation, verb.idx, verb.idx + len(verb.text), args,
                           named=subject.ent_type_ != "")

    def make_spans(self, kind: str, sent: Span, subject: Span, relation: str, anchor, args: list[Span]) -> Relation:
        start = anchor.start_char if isinstance(anchor, Span) else anchor.idx
        end = anchor.end_char if isinstance(anchor, Span) else anchor.idx + len(anchor.text)
        return self.record(kind, sent, subject, relation, start, end, args, named=subject.root.ent_type_ != "")

    def record(self, kind: str, sent: Span, subject: Span, relation: str, verb_start: int, verb_end: int,
               args: list[Span], named: bool) -> Relation:
        fillers = [filler(a, self.resolver) for a in args]
        place = next((f for a, f in zip(args, fillers) if a.root.ent_type_ in PLACE_LABELS
                      or any(t.ent_type_ in PLACE_LABELS for t in a[-1:])), None) if len(args) > 1 else None
        when = next((f for a, f in zip(args, fillers) if f is not place and a[-1].ent_type_ in TIME_LABELS),
                    None) if len(args) > 1 else None
        subject_filler = filler(subject, self.resolver)
        for f in fillers:
            if f.id is not None and f.id == subject_filler.id:
                # "Hamid Karzai, Afghanistan's former president": the description is the subject's, not a second party
                f.label, f.type, f.id = f.text, "Thing", None
        rest = [f for f in fillers if f is not place and f is not when]
        obj = rest[0] if rest else None
        relation_record = Relation(
            article=self.article, sentence=span_text(sent), start=sent.start_char, end=sent.end_char,
            subject=subject_filler, relation=kind, verb=relation, object=obj,
            complements=rest[1:], location=place, time=when,
            verb_start=verb_start, verb_end=verb_end, confidence=relation_confidence(kind, named),
            published=self.published)
        relation_record.assign_id()
        return relation_record


if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)


@Language.factory("kg_relations", default_config={"ontology_dir": None}, assigns=["doc._.relations"],
                  requires=["doc._.events", "doc._.actors", "token.dep", "token.pos"])
def make_relations(nlp: Language, name: str, ontology_dir: Optional[str]):
    from kg.extract.components import _ontology, guarded
    from kg.gazetteer import Gazetteer

    gazetteer = Gazetteer.load(_ontology(ontology_dir))

    @guarded
    def kg_relations(doc: Doc) -> Doc:
        """The open relations of the article: every clause and role the events do not state as an act."""
        heads = {e.verb_start for e in doc._.events or [] if e.verb_start is not None}
        reader = RelationReader(doc, doc._.actors, doc._.article_id or "doc", doc._.published,
                                doc._.noise or set(), heads, gazetteer)
        doc._.relations = list(reader.relations())
        return doc

    return kg_relations
