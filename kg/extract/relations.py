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
from spacy.tokens import Doc, Span

from kg.extract.confidence import relation_confidence
from kg.extract.docindex import TokenColumns, span_text, tokens_with, tokens_within
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


Words = tuple[int, int]  # a phrase as token indices [start, end), what ``doc[start:end]`` would span


def phrase(words: TokenColumns, token: int, cut: tuple[str, ...] = ARGUMENT_CUT_DEPS, lower: Optional[int] = None,
           upper: Optional[int] = None) -> Words:
    """The words ``token`` heads, without its right-hand children of the ``cut`` labels (and without
    edge punctuation); ``lower``/``upper`` bound it inside a sentence."""
    start, end = words.edges(token)
    end += 1
    dep = words.dep
    for c in words.rights(token):
        if dep[c] in cut:
            end = min(end, words.left_edge(c))
    for c in words.lefts(token):
        if dep[c] in cut and dep[c] != "punct":
            start = max(start, words.right_edge(c) + 1)
    if lower is not None:
        start = max(start, lower)
    if upper is not None:
        end = min(end, upper)
    punct = words.is_punct
    while end > start + 1 and punct[end - 1]:
        end -= 1
    while start < end - 1 and punct[start]:
        start += 1
    return start, max(start, end)  # a slice past its start is empty, as the Doc makes it


def verb_words(words: TokenColumns, verb: int) -> list[int]:
    """The relation phrase of a verb: its auxiliaries, negation and particle with it ("has not set up")."""
    return sorted([verb] + [c for c in words.children(verb) if words.dep[c] in PHRASE_DEPS])


def clause_subject(words: TokenColumns, verb: int) -> Optional[int]:
    """A clause's subject: its own, the noun a relative pronoun stands for ("the man who won" -> man), or
    the subject of the clause it shares one with ("won and resigned", "wants to stay")."""
    dep, pos, head = words.dep, words.pos, words.head
    token, hops = verb, 0
    while hops < 3:
        subject = next((c for c in words.children(token) if dep[c] in CLAUSE_SUBJECT_DEPS), None)
        if subject is not None:
            if words.lower(subject) in RELATIVE_PRONOUNS and dep[token] == "relcl":
                return head[token]
            return subject
        if dep[token] == "relcl" and pos[head[token]] in NOUN_POS:
            return head[token]  # "a lawsuit filed by Texas": the noun is what the participle is about
        if dep[token] not in SHARED_SUBJECT_DEPS or pos[head[token]] not in VERB_POS:
            return None
        token, hops = head[token], hops + 1
    return None


def _role_split(words: TokenColumns, noun: int) -> tuple[Optional[int], Optional[int]]:
    """"the candidate of the party": (the ``of``, its object), so that the relation reads "is the candidate of"."""
    for c in words.rights(noun):
        if words.dep[c] == "prep" and words.lower(c) in ROLE_PREPS:
            obj = next((o for o in words.children(c) if words.dep[o] == "pobj"), None)
            if obj is not None:
                return c, obj
    return None, None


class RelationReader:
    """The open relations of one document; one pass over each sentence's tokens.

    The parse is read as token indices from the Doc's arrays (``TokenColumns``): spaCy makes a new
    Token or Span on every access, and every clause of the article is walked here.
    """

    def __init__(self, doc: Doc, resolver, article: str, published: Optional[str], skip_sentences: set[int],
                 event_heads: set[int], gazetteer=None):
        self.doc, self.resolver, self.article, self.published = doc, resolver, article, published
        self.gazetteer = gazetteer
        self.skip, self.event_heads = skip_sentences, event_heads
        self.words = TokenColumns(doc)
        # the same head word is many relations' subject or object: it is resolved once
        self.resolved: dict[int, Optional[tuple[str, str, str]]] = {}

    def relations(self) -> Iterator[Relation]:
        # the only words read below, found from the doc's arrays (no Token per word)
        verbs = tokens_with(self.doc, pos=VERB_POS)
        appositions = tokens_with(self.doc, dep=APPOSITION_DEPS)
        possessors = tokens_with(self.doc, dep=POSSESSOR_DEPS, pos=("PROPN",))
        idx, pos, head = self.words.idx, self.words.pos, self.words.head
        for sent in self.doc.sents:
            if sent.start_char in self.skip or is_question(sent):
                continue
            for i in tokens_within(sent, verbs):
                if idx[i] not in self.event_heads:
                    yield from self.clause(i, sent)
            for i in tokens_within(sent, appositions):
                if pos[head[i]] in NOUN_POS:
                    yield from self.apposition(i, sent)
            for i in tokens_within(sent, possessors):
                if pos[head[i]] in NOUN_POS:
                    yield from self.possessive(i, sent)

    # -- constructions ---------------------------------------------------------------
    def clause(self, verb: int, sent: Span) -> Iterator[Relation]:
        """"The council elected her in May": subject, relation phrase, objects and prepositional complements."""
        words = self.words
        dep = words.dep
        if dep[verb] in AUX_DEPS + MODIFIER_DEPS:
            return  # an auxiliary is part of its verb's phrase; "the ruling party" has no clause
        subject = clause_subject(words, verb)
        if subject is None or subject == verb:
            return
        relation = verb_words(words, verb)
        children = words.children(verb)
        arguments = [c for c in children if dep[c] in COMPLEMENT_DEPS]
        preps = [c for c in children if dep[c] in PREP_DEPS
                 and any(dep[o] in PREP_OBJECT_DEPS for o in words.children(c))]
        kind = "clause"
        attr = next((c for c in arguments if dep[c] in COPULA_ATTR_DEPS), None)
        if attr is not None and words.lemma(verb) == "be":
            # "X is the candidate of the party": the role noun joins the relation, its party is the object
            kind = "copula"
            prep, owner = _role_split(words, attr) if words.pos[attr] in NOUN_POS else (None, None)
            if owner is not None:
                kind = "role"
                relation = relation + list(range(phrase(words, attr)[0], prep + 1))
                arguments = [a for a in arguments if a != attr]
                yield self.make(kind, sent, subject, relation, [phrase(words, owner)] + self.spans(arguments, preps),
                                verb)
                return
        # a fronted phrase ("In 1891, the academy moved") comes after the verb's own complements
        preps = [p for p in preps if p > verb] + [p for p in preps if p < verb]
        if not arguments and preps and preps[0] > verb:
            # "was born in Hawaii": the first preposition belongs to the relation (ClausIE's SVA clause)
            first = preps[0]
            pobj = next(o for o in words.children(first) if dep[o] in PREP_OBJECT_DEPS)
            yield self.make(kind, sent, subject, relation + [first], [phrase(words, pobj)] + self.spans([], preps[1:]),
                            verb)
            return
        args = self.spans(arguments, preps)
        if not args:
            return
        yield self.make(kind, sent, subject, relation, args, verb)

    def apposition(self, appos: int, sent: Span) -> Iterator[Relation]:
        """"Adil Abdul-Mahdi, Iraq's caretaker prime minister, ...": the name is what the apposition says."""
        words = self.words
        subject = phrase(words, words.head[appos], SUBJECT_CUT_DEPS)
        prep, owner = _role_split(words, appos) if words.pos[appos] in NOUN_POS else (None, None)
        if owner is not None:
            role = (phrase(words, appos)[0], prep + 1)
            start, end = words.span_chars(*role)
            yield self.make_spans("role", sent, subject, "is " + words.text[start:end], start, end,
                                  [phrase(words, owner)])
            return
        start = words.idx[appos]
        yield self.make_spans("apposition", sent, subject, "is", start, start + words.length[appos],
                              [phrase(words, appos, ("punct", "relcl", "acl"))])

    def possessive(self, owner: int, sent: Span) -> Iterator[Relation]:
        """"Iran's Quds Force": the possessor has what it qualifies (a force, a minister, a candidate)."""
        words = self.words
        owned = words.head[owner]
        if words.ent_type[owner] not in POSSESSOR_LABELS or not (words.pos[owned] == "PROPN" or self.is_title(owned)):
            return  # "Sunday's signings", "Bolton's resignation": a date, or an act, is no role
        after = words.right_edge(owner) + 1
        if after < words.n and words.token_text(after) in ("'s", "’s", "'"):
            after += 1
        thing = phrase(words, owned, SUBJECT_CUT_DEPS, lower=after)
        if thing[0] > owned or thing[1] <= owned:
            return
        yield self.make_spans("possessive", sent, phrase(words, owner, ("case", "punct")), "has", words.idx[owner],
                              words.idx[owner] + words.length[owner], [thing])

    def is_title(self, noun: int) -> bool:
        """A role noun of the titles table (ontology/titles.tsv): "minister", "chief constable"."""
        if self.gazetteer is None:
            return False
        words = self.words
        end = words.idx[noun] + words.length[noun]
        return any(self.gazetteer.title(words.text[words.idx[k]:end])
                   for k in range(max(words.left_edge(noun), noun - 3), noun + 1))

    # -- records -----------------------------------------------------------------------
    def spans(self, arguments: list[int], preps: list[int]) -> list[Words]:
        out = [phrase(self.words, a) for a in arguments]
        out += [phrase(self.words, p) for p in preps]
        return out

    def filler(self, span: Words) -> Filler:
        """A role filler for the words as written; the entity the resolver finds for the head gives label and id."""
        words = self.words
        start, end = words.span_chars(*span)
        text = words.text[start:end]
        label, type_, id_ = text, "Thing", None
        if self.resolver is not None:
            root = words.span_root(*span)
            if words.pos[root] in NOUN_POS + PRONOUN_POS:
                if root not in self.resolved:
                    found = self.resolver.resolve(self.doc[root])
                    self.resolved[root] = (found.label, found.type, found.id) if found is not None and found.id \
                        else None
                if self.resolved[root] is not None:
                    label, type_, id_ = self.resolved[root]
        return Filler(label=label, text=text, type=type_, id=id_, start=start, end=end)

    def make(self, kind: str, sent: Span, subject: int, relation_words: list[int], args: list[Words],
             verb: int) -> Relation:
        words = self.words
        subject_span = phrase(words, subject, SUBJECT_CUT_DEPS)
        relation = " ".join(words.token_text(t) for t in relation_words)
        return self.record(kind, sent, subject_span, relation, words.idx[verb], words.idx[verb] + words.length[verb],
                           args, named=words.ent_type[subject] != "")

    def make_spans(self, kind: str, sent: Span, subject: Words, relation: str, start: int, end: int,
                   args: list[Words]) -> Relation:
        return self.record(kind, sent, subject, relation, start, end, args,
                           named=self.words.ent_type[self.words.span_root(*subject)] != "")

    def last_word(self, span: Words) -> int:
        """``span[-1].i``, which fails on an empty span as the Span does."""
        if span[1] <= span[0]:
            raise IndexError("[E1002] Span index out of range.")
        return span[1] - 1

    def record(self, kind: str, sent: Span, subject: Words, relation: str, verb_start: int, verb_end: int,
               args: list[Words], named: bool) -> Relation:
        ent_type, root = self.words.ent_type, self.words.span_root
        fillers = [self.filler(a) for a in args]
        place = next((f for a, f in zip(args, fillers) if ent_type[root(*a)] in PLACE_LABELS
                      or (a[1] > a[0] and ent_type[a[1] - 1] in PLACE_LABELS)), None) if len(args) > 1 else None
        when = next((f for a, f in zip(args, fillers) if f is not place and ent_type[self.last_word(a)] in TIME_LABELS),
                    None) if len(args) > 1 else None
        subject_filler = self.filler(subject)
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
