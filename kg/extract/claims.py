"""Claims: quotations, reported speech, "according to" and denials, with their speakers.

A claim is read in three steps. Reporting verbs (ontology/reporting_verbs.tsv) give reported speech:
the verb's frame says where the content is (a clause, an object, "X of Y", "X a 'Y'"). Quotations
then join the claim whose content they are part of (a partial quotation is part of reported speech),
or become direct-quotation claims when a cue stands right before or after them, or go on the
previous quotation's claim when they follow it with no cue. Any other quotation is a scare quote.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from spacy.tokens import Doc, Span, Token

from kg.extract.docindex import doc_text, sentence_of, tokens_with, tokens_within
from kg.extract.actors import PERSON_PRONOUNS, ActorResolver, is_actor
from kg.extract.speech import (QUOTE_CHARS, Quote, is_finite, QuoteIndex, claim_key, clause_words, find_quotations, group_antecedent,
                               has_subject, load_frames, raised_clause, shared_subject_cue, trim)
from kg.extract.syntax import child, subject_of
from kg.lexicon import Lexicon, ReportingVerb
from kg.model import Claim, Event, Filler, entity_id

def strip_description(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)


NAME_PHRASE_POS = {"PROPN", "NOUN", "ADP", "DET", "ADJ", "PART", "NUM", "CCONJ", "PUNCT"}
MAX_CUE_GAP = 12  # tokens between a quotation and the speaker-and-verb that close it: "…,” the Russian leader said"
MAX_INTRO_GAP = 14  # tokens between a verb and the quotation it introduces: "wrote in a statement on Sunday: “…”"
CONTINUATION_GAP = 3  # line breaks a quotation may skip and still go on with the previous speaker
UNRESOLVED = {"it", "they", "them", "this", "that", "these", "those", "which", "who", "one", "some", "others"}
SOURCE_PREPS = ("of", "from", "by")
# subordinators of an adverbial clause, which the parser may hang as a complement: not what was said
ADVERBIAL_MARKS = {"so", "because", "since", "although", "though", "while", "unless", "until", "before", "after",
                   "once", "when", "whenever", "as"}
PARTITIVES = {"number", "majority", "minority", "handful", "couple", "dozen", "dozens", "lot", "group", "host",
              "series", "pair", "score", "scores", "hundreds", "thousands"}  # "a number of senators" speak
STANDALONE_BEFORE = re.compile(r"(?:^|[.!?:;…][\"”’']?|[\n])\s*$")
BYLINE_DASHES = "–—-―"
MAX_BLOCK = 6  # paragraphs a block quotation may run before its byline
INTRO_BEFORE = re.compile(r"[,:—–]\s*$|\bthat\s*$")


def line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def introduces(text: str, end: int) -> bool:
    """Whether the text before ``end`` introduces a quotation ("…, said:", "…said that").

    Only its last word is read: searching all the text before every quotation made interviews
    quadratic. The regex still sees the character before the window, for its word boundary.
    """
    start = end
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return INTRO_BEFORE.search(text, max(0, start - len("that") - 1), end) is not None


@dataclass
class Candidate:
    """A claim being read: the cue verb, where its content is, and who speaks."""

    verb: Token
    cue: ReportingVerb
    frame: str
    start: int
    end: int
    speaker: Filler
    quote: Optional[Quote] = None  # the content is this quotation
    absorbed: list[Quote] = field(default_factory=list)
    dropped: bool = False


class ClaimReader:
    """Reads the claims of one document and links the events read from their content."""

    def __init__(self, doc: Doc, lexicon: Lexicon, resolver: ActorResolver, article: str,
                 published: Optional[str], skip_sentences: set[int], ontology_dir: Optional[Path] = None):
        self.doc = doc
        self.text = doc_text(doc)
        self.lex = lexicon
        self.frames = load_frames(ontology_dir)
        self.resolver = resolver
        self.article = article
        self.published = published
        self.skip = skip_sentences
        self.quotes = find_quotations(self.text)
        self.index = QuoteIndex(self.quotes)
        self.used: set[int] = set()  # indexes of quotations that belong to a claim
        self.sent_starts = sorted(s.start_char for s in doc.sents)
        self.phrasal = {lemma.split()[0] for lemma in lexicon.reporting if " " in lemma}

    # -- lexicon ---------------------------------------------------------------------------
    def cue_of(self, token: Token) -> Optional[ReportingVerb]:
        if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
            return self.lex.reporting.get("according to")
        if token.pos_ not in ("VERB", "AUX"):
            return None
        lemma = token.lemma_.lower()
        particle = next((c for c in token.children if c.dep_ == "prt"), None)
        if particle is not None:  # "pointed out": the phrasal verb, not "point"
            return self.lex.reporting.get(f"{lemma} {particle.lower_}") or \
                (self.lex.reporting.get(lemma) if lemma not in self.phrasal else None)
        return self.lex.reporting.get(lemma)

    def unsaid(self, verb: Token) -> bool:
        """An infinitive that is planned, refused or a noun's ("the last continent to report cases")."""
        if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return False
        if verb.dep_ in ("acl", "relcl") or verb.head.pos_ in ("NOUN", "PROPN", "ADJ") or \
                any(c.dep_ == "attr" for c in verb.head.children):
            return True
        return self.lex.control.get(verb.head.lemma_.lower(), "asserted") != "asserted"

    def frame(self, cue: ReportingVerb) -> str:
        return self.frames.get(cue.lemma, "clause")

    def noisy(self, i: int) -> bool:
        """Is character ``i`` in a boilerplate sentence?"""
        k = bisect.bisect_right(self.sent_starts, i) - 1
        return k >= 0 and self.sent_starts[k] in self.skip

    def in_quote(self, i: int) -> bool:
        return self.index.at(i) is not None

    # -- reading ---------------------------------------------------------------------------
    def claims(self) -> list[Claim]:
        candidates = []
        # cue_of reads only verbs and "according (to)"; nominal() the nouns of reporting_nouns.tsv
        cues = sorted({*tokens_with(self.doc, pos=("VERB", "AUX")), *tokens_with(self.doc, lower=("according",))})
        for sent in self.doc.sents:
            if sent.start_char in self.skip:
                continue
            for i in tokens_within(sent, cues):
                token = self.doc[i]
                cue = self.cue_of(token)
                if cue is None or cue.quote_only or self.in_quote(token.idx):
                    continue
                if any(c.dep_ == "neg" for c in token.children) or self.unsaid(token):
                    continue  # "did not say", "plans to announce" report no speech
                candidate = self.reported(token, cue)
                if candidate is not None:
                    candidates.append(candidate)
        candidates += self.nominal()
        candidates = self.fold_participles(candidates)
        for candidate in candidates:
            self.absorb_quotes(candidate)
        candidates = self.drop_nested(candidates)
        out = [self.claim_of(c) for c in candidates]
        out += self.quotations(out)
        out += self.block_quotations(out)
        out.sort(key=lambda c: (c.content_start, c.cue_start or 0))
        return out

    def nominal(self) -> list[Candidate]:
        """ "his claim that the vote was fair", "the mayor's allegation that …": a reporting noun with a
        that-clause; its possessor (or "by X") says the clause."""
        out = []
        for i in tokens_with(self.doc, pos=("NOUN",)):
            noun = self.doc[i]
            found = self.lex.reporting_nouns.get(noun.lemma_.lower())
            if found is None or self.in_quote(noun.idx) or self.noisy(noun.idx):
                continue
            clause = next((c for c in noun.rights if c.dep_ in ("acl", "ccomp") and c.left_edge.lower_ == "that"
                           and c.left_edge.dep_ == "mark"), None)
            if clause is None:
                continue
            by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            holder = child(noun, "poss") or (child(by, "pobj") if by is not None else None)
            speaker = self.named(self.appositive_name(holder)) if holder is not None else None
            if speaker is None or not is_actor(speaker):
                continue
            first = self.doc[clause.left_edge.i + 1]
            start, end = trim(self.text, first.idx, clause.right_edge.idx + len(clause.right_edge.text))
            cue = ReportingVerb(noun.lemma_.lower(), found[0], found[1], None, False, "clause")
            out.append(Candidate(noun, cue, "nominal", start, end, speaker))
        return out

    # -- reported speech -------------------------------------------------------------------
    def reported(self, verb: Token, cue: ReportingVerb) -> Optional[Candidate]:
        frame = self.frame(cue)
        if frame == "source":
            return self.according(verb, cue)
        misparsed = self.misparsed_main_verb(verb, frame)
        words = misparsed[:2] if misparsed else self.content_words(verb, frame)
        if words is None:
            return None
        first, last = words
        start, end = trim(self.text, self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text))
        if end <= start:
            return None
        speaker = self.named(self.appositive_name(misparsed[2])) if misparsed else self.speaker(verb)
        if speaker is None or (speaker.start is not None and start <= speaker.start < end) or \
                (misparsed and not is_actor(speaker)):
            return None
        return Candidate(verb, cue, frame, start, end, speaker)

    def misparsed_main_verb(self, verb: Token, frame: str) -> Optional[tuple[int, int, Token]]:
        """A past-tense cue hung on a noun as its modifier is the parser's slip for the main verb
        ("The chief, Ali Omar, announced on Tuesday there were arrests": "announced" on "chief"):
        the subject is the first subject before it, the content what follows it (or its own object)."""
        if verb.dep_ not in ("acl", "amod") or verb.tag_ not in ("VBD", "VBN") or verb.i == 0 or \
                not (self.doc[verb.i - 1].text == "," or self.doc[verb.i - 1].pos_ in ("PROPN", "NOUN")):
            return None  # "an estimated 1.15%": an adjective
        sent = sentence_of(verb)
        if verb.tag_ == "VBN" and not (frame in ("clause", "statement") and sent.root.i > verb.i + 1 and
                                       self.doc[verb.i - 1].text == ","):
            return None  # "the plan announced on Tuesday was dropped": a participle; "…, announced there were …" not
        subject = next((t for t in sent if t.i < verb.i and t.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN"):
            subject = verb.head  # the whole sentence read as a noun phrase
        if subject is None:
            return None
        if frame in ("naming", "object", "accuse"):
            words = self.content_words(verb, frame)
            return (*words, subject) if words else None
        own = [c for c in verb.rights if c.dep_ in ("prep", "npadvmod", "advmod")]
        first = max([verb.i] + [c.right_edge.i for c in own]) + 1
        last = sent.end - 1
        while last > first and (self.doc[last].is_punct or self.doc[last].is_space):
            last -= 1
        return (first, last, subject) if last > first else None

    def content_words(self, verb: Token, frame: str) -> Optional[tuple[int, int]]:
        """First and last token of what ``verb`` reports, by its frame."""
        if frame == "intent":  # "promised that …" / "promised to hold fair elections"
            words = self.content_words(verb, "clause")
            to = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and
                       any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
            if words is None and to is not None:
                words = to.left_edge.i, to.right_edge.i
            return words
        if frame == "statement":  # "emphasized that …" / "emphasized the need for talks"
            words = self.content_words(verb, "clause")
            if words is None and not self.manner_of_saying(verb):
                words = self.content_words(verb, "object")
            return words
        dobj = child(verb, "dobj")
        cue = self.cue_of(verb)
        if dobj is not None and cue is not None and (dobj.lemma_.lower() in cue.acts or "@actor" in cue.acts and (
                dobj.ent_type_ in ("PERSON", "ORG", "NORP") or dobj.lemma_.lower() in self.group_lemmas())):
            return None  # "denied funding", "declared a state of emergency": an act; "citing officials": a source
        clauses = [c for c in verb.children if (c.dep_ == "ccomp" or c.dep_ == "advcl" and c.i > verb.i and
                                                 has_subject(c) and is_finite(c) and child(c, "mark") is None)
                   and not any(m.dep_ == "mark" and m.lower_ in ADVERBIAL_MARKS for m in c.children)]
        # "declared it so he could …" is no content; "announced on Monday there were …" (read as advcl) is
        ccomp = next((c for c in clauses if c.i > verb.i), clauses[0] if clauses else None)
        dobj = child(verb, "dobj")
        if frame in ("clause", "object") and ccomp is not None:
            if ccomp.i > verb.i:
                keep = [ccomp]
                if dobj is not None and dobj.i < ccomp.left_edge.i and not has_subject(ccomp):
                    keep.append(dobj)  # "promised each victim will be paid": the object is the clause's subject
                first, last = clause_words(verb, keep, self.head_reports(verb))
                last = self.before_shared(verb, first, last)
                mark = self.doc[first]
                return (first + 1 if mark.lower_ == "that" and mark.dep_ in ("mark", "det") else first), last
            if not any(t.i > verb.i and not t.is_punct for t in ccomp.subtree) and \
                    self.closes_clause(ccomp.right_edge.i, verb):  # "Air defense was responding, he said."
                return ccomp.left_edge.i, ccomp.right_edge.i
        if frame == "clause" and verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i \
                and verb.head.dep_ == "ROOT" and self.closes_clause(verb.left_edge.i - 2, verb):
            return sentence_of(verb).start, verb.left_edge.i - 1  # "…, he said": the words before
        as_phrase = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i), None)
        if as_phrase is not None and len(list(as_phrase.subtree)) > 1 and frame in ("naming", "object") and (
                dobj is not None and dobj.tag_ in ("WP", "WDT") or dobj is None and child(verb, "agent") is not None):
            # "…, which the BBC describes as “marred by …”", "a plane, reported by local press as belonging to …"
            return as_phrase.i + 1, as_phrase.right_edge.i
        if dobj is None and frame == "naming":  # "described witnessing 35 bodies"
            gerund = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i), None)
            return (gerund.i, gerund.right_edge.i) if gerund is not None else None
        if dobj is None or dobj.tag_ in ("WP", "WDT"):
            return None  # "what the study reported": the content is elsewhere
        if frame == "clause":
            bare = next((c for c in dobj.rights if c.dep_ == "relcl" and c.left_edge.i == dobj.i + 1 and
                         any(s.dep_ == "nsubj" and s.tag_ == "PRP" for s in c.children)), None)
            if bare is not None and dobj.pos_ in ("NOUN", "PROPN", "PRON"):
                return clause_words(verb, [bare], self.head_reports(verb))  # "told police she had immunity"
            raised = raised_clause(verb, dobj)
            return clause_words(verb, [dobj, raised], self.head_reports(verb)) if raised is not None else None
        if frame == "object" and dobj.pos_ == "PRON" and self.frame_stance(verb) != "deny":
            return None  # "confirmed it" says nothing by itself; "denied it" still disputes what came before
        if frame == "object":  # "reported Monday's attack the deadliest since 2018"
            predicate = [c for c in verb.children if c.i > dobj.i and (c.dep_ in ("oprd", "xcomp") or
                                                                       c.dep_ == "npadvmod" and c.pos_ == "ADJ"
                                                                       or c.dep_ == "prep" and c.lower_ == "as")]
            return dobj.left_edge.i, max([dobj.right_edge.i] + [p.right_edge.i for p in predicate])
        if frame == "accuse":
            holders = [verb, dobj] + list(dobj.conjuncts)  # "accused Ukraine and its allies of …"
            of = next((c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "with")
                       and c.i > dobj.i), None)
            return (dobj.left_edge.i, of.right_edge.i) if of is not None and of.i > dobj.i else None
        if frame == "naming":
            predicate = [c for c in verb.children if c.dep_ == "oprd" and c.i > dobj.i] + \
                        [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > dobj.i] + \
                        [c for c in verb.children if c.dep_ == "dobj" and c.i > dobj.i] + \
                        [c for c in dobj.rights if c.pos_ == "ADJ" and c.dep_ in ("amod", "acl", "oprd") or
                         c.dep_ == "prep" and c.lower_ == "as"]
            # the parser may read the predicate as a second object ("calling it “an aggression”") or as
            # the object's modifier ("called its actions defensive", "calling the deals “legitimate”",
            # "described the attacks as …")
            if not predicate and dobj.i > verb.i and any(t.text in QUOTE_CHARS for t in dobj.subtree):
                return dobj.left_edge.i, verb.right_edge.i  # "describing the “real threat of …” as making it …"
            if not predicate or dobj.i < verb.i:
                return None
            return dobj.left_edge.i, max(p.right_edge.i for p in predicate)
        return None

    def manner_of_saying(self, verb: Token) -> bool:
        """ "…,” she said, emphasizing the need for calm": a participle on another cue says how, not what."""
        head = self.cue_of(verb.head)
        return verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and head is not None and \
            self.frame(head) in ("clause", "statement")  # "called for talks, claiming a right to …" says what

    def before_shared(self, verb: Token, first: int, last: int) -> int:
        """The content stops before a reporting verb that is the speaker's next act ("… and accused X of Y")."""
        for token in self.doc[first:last + 1]:
            if token.dep_ == "conj" and self.cue_of(token) is not None and \
                    shared_subject_cue(token, self.cue_of) is not None and shared_subject_cue(token, self.cue_of).i == verb.i:
                cc = [c for c in token.head.children if c.dep_ in ("cc", "punct") and c.i < token.i]
                return min([token.i] + [c.i for c in cc if c.i > first]) - 1
        return last

    def closes_clause(self, end: int, verb: Token) -> bool:
        """Is the verb a cue after a clause ending at token ``end`` ("…, he said"): a comma, then only
        the verb's subject and helpers?"""
        gap = self.doc[end + 1:verb.i]
        if not len(gap) or gap[0].text not in (",", "”", "\"", "’", "'") or any(t.text == ";" for t in gap):
            return False
        subject = child(verb, "nsubj")
        allowed = {t.i for t in subject.subtree} if subject is not None else set()
        allowed |= {c.i for c in verb.children if c.dep_ in ("aux", "advmod", "npadvmod")}
        return all(t.is_punct or t.i in allowed for t in gap)

    def frame_stance(self, verb: Token) -> str:
        cue = self.cue_of(verb)
        return cue.stance if cue else "assert"

    def head_reports(self, verb: Token) -> bool:
        """Is the verb hung below a later reporting verb ("…, X said, Y reported")?"""
        return verb.head.i > verb.i and self.cue_of(verb.head) is not None

    def according(self, verb: Token, cue: ReportingVerb) -> Optional[Candidate]:
        """ "according to X": X says what the rest of the sentence says."""
        to = self.doc[verb.i + 1]
        source = child(to, "pobj") or child(verb, "pobj") or child(child(verb, "prep"), "pobj")
        if source is None:
            return None
        sent = sentence_of(verb)
        phrase = {t.i for t in verb.subtree} | {t.i for t in to.subtree} | {t.i for t in source.subtree}
        words = [t for t in sent if t.i not in phrase and not t.is_punct]
        if not words:
            return None
        first, last = min(phrase), max(phrase)
        before = [t for t in words if t.i < first]
        after = [t for t in words if t.i > last]
        root = sent.root
        if before and root.i <= before[-1].i and after and after[0].lower_ in ("who", "which", "whose"):
            words = before  # "…, according to police, who said …": the relative clause is theirs
        elif after and root.i >= after[0].i and (not before or not any(
                t.dep_ in ("nsubj", "nsubjpass") and t.head.i == root.i for t in before)):
            words = after  # "According to X, Y."
        start, end = trim(self.text, words[0].idx, words[-1].idx + len(words[-1].text))
        speaker = self.source_speaker(source)
        if speaker is None or end <= start:
            return None
        cue_end = to.idx + len(to.text)
        candidate = Candidate(verb, cue, "source", start, end, speaker)
        candidate.cue_end = cue_end  # type: ignore[attr-defined]
        return candidate

    def source_speaker(self, source: Token) -> Optional[Filler]:
        """The source of "according to": a document speaks for its author ("data from the Archive")."""
        appos = next((c for c in source.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
        if appos is not None:  # "according to the mayor, Dee Margo,"
            source = appos
        speaking = source.lemma_.lower() in self.group_lemmas() or source.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        if source.lemma_.lower() in self.lex.document_nouns:  # "according to a statement by X": X speaks
            author = self.author_of(source)
            if author is not None:
                return author
        filler = self.named(source)
        if filler is not None and is_actor(filler) and (speaking or not filler.members):
            return filler
        for prep in source.children:
            if prep.dep_ == "poss" and prep.pos_ == "PROPN":  # "according to PG&E's schedule"
                named = self.named(prep)
                if named is not None and is_actor(named):
                    return named
            if prep.dep_ == "prep" and prep.lower_ in SOURCE_PREPS:
                author = child(prep, "pobj")
                if author is not None:
                    named = self.named(author)
                    if named is not None and is_actor(named):
                        return named
        return None  # "according to the report" names no one who says it

    # -- speakers --------------------------------------------------------------------------
    def speaker(self, verb: Token) -> Optional[Filler]:
        outer = shared_subject_cue(verb, self.cue_of)
        subject, _ = subject_of(outer if outer is not None else verb)
        if subject is None and verb.dep_ == "acl" and verb.head.lemma_.lower() in self.lex.document_nouns:
            subject = verb.head  # "issued a statement saying …": the statement speaks for its issuer
        relative = child(verb, "nsubj")
        if relative is not None and relative.lower_ in ("who", "which") and relative.i > 1:
            before = self.doc[relative.i - 1] if self.doc[relative.i - 1].text != "," else self.doc[relative.i - 2]
            if before.pos_ in ("NOUN", "PROPN"):  # "according to police, who said": the noun next to "who"
                subject = before
        if subject is None:
            return None
        of = child(subject, "prep")
        if subject.lemma_.lower() in PARTITIVES and of is not None and of.lower_ == "of" and child(of, "pobj") is not None:
            subject = child(of, "pobj")  # "a number of senators condemned …": the senators
        subject = self.appositive_name(subject)
        if subject.lower_ in PERSON_PRONOUNS:
            earlier = self.earlier_speaker(verb)
            if earlier is not None:
                return earlier
        if subject.lemma_.lower() in self.lex.document_nouns:
            author = self.author_of(subject)
            if author is not None or self.issued(subject):
                return author  # "they released a statement which said": whoever "they" are, not "statement"
        return self.named(subject)

    @staticmethod
    def issued(document: Token) -> bool:
        return document.dep_ == "dobj" and document.head.pos_ == "VERB" and \
            subject_of(document.head)[0] is not None

    def author_of(self, document: Token) -> Optional[Filler]:
        """Who issued a text: "a report from the ministry", "a statement by X", "X's statement",
        "eyewitness reports", "X released a statement which said"."""
        for c in document.children:
            if c.dep_ == "prep" and c.lower_ in SOURCE_PREPS:
                author = child(c, "pobj")
            elif c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ in ("PROPN", "NOUN") and c.i == document.i - 1):
                author = c
            else:
                continue
            if author is not None and author.lemma_.lower() not in self.lex.document_nouns:
                named = self.named(self.appositive_name(author))
                if named is not None and is_actor(named):
                    return named
        if document.dep_ in ("dobj", "nsubjpass") and document.head.pos_ == "VERB":  # "X issued a statement"
            issuer, _ = subject_of(document.head) if document.dep_ == "dobj" else (None, 0)
            if issuer is not None and issuer.i != document.i and issuer.lemma_.lower() not in self.lex.document_nouns:
                named = self.named(self.appositive_name(issuer))
                if named is not None and is_actor(named):
                    return named
        return None

    @staticmethod
    def appositive_name(subject: Token) -> Token:
        """ "The mayor of Paris, Anne Hidalgo, wrote": the name in apposition speaks, not the description."""
        if subject.ent_type_ == "PERSON":
            return subject
        heads = {subject.i} | {p.i for p in subject.children if p.dep_ == "prep"} | \
                {o.i for p in subject.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"}
        subtree = {t.i for t in subject.subtree}
        for token in subject.subtree:
            if token.dep_ == "appos" and token.ent_type_ == "PERSON" and (token.head.i in heads or (
                    token.head.pos_ == "NOUN" and not any(a.pos_ in ("VERB", "AUX") for a in token.head.ancestors
                                                          if a.i in subtree))):
                return token  # "the institute's director, Anthony Fauci,"; not "a protester using the name Katya"
        if subject.pos_ == "NOUN":  # "a spokesperson, Morgan Ortagus,", "television broadcaster PBS": the name speaks
            for token in subject.rights:
                if token.dep_ == "appos" and token.pos_ == "PROPN" and token.ent_type_ in ("PERSON", "ORG", "NORP"):
                    return token
        return subject

    def named(self, token: Token) -> Optional[Filler]:
        """The filler for a speaker's head word; None for a pronoun nothing resolves or a number."""
        if token.pos_ in ("NUM", "ADJ") or token.ent_type_ in ("PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"):
            return None  # "the second accused him of …", "More than 95% indicated …": no one we can name
        antecedent = group_antecedent(token) if token.lemma_.lower() in self.group_lemmas() else None
        filler = self.resolver.resolve(antecedent if antecedent is not None else token)
        if antecedent is not None:
            filler.text, filler.start, filler.end = token.text, token.idx, token.idx + len(token.text)
            if token.i > 0 and self.doc[token.i - 1].dep_ == "det" and self.doc[token.i - 1].head.i == token.i:
                det = self.doc[token.i - 1]
                filler.text, filler.start = self.text[det.idx:token.idx + len(token.text)], det.idx
        if filler is not None and filler.type in ("Organization", "Thing") and token.pos_ == "PROPN":
            person = self.resolver.index.person(filler.text or filler.label)
            if person:  # the tagger took a surname after a quotation for an organisation
                filler = Filler(label=person, text=filler.text, type="Person", id=entity_id(person),
                                start=filler.start, end=filler.end)
        if filler is not None and filler.type == "Person" and token.pos_ == "NOUN" and \
                self.resolver.affiliation(token) is None and any(
                    c.dep_ in ("poss", "compound") and c.ent_type_ in ("ORG", "NORP", "GPE", "PERSON")
                    for c in token.children):
            # "the Labour Party's leader": a description tied to a body we cannot place names no one we know
            span = self.resolver.full_span(token)
            words = [t for t in span if t.i <= token.i]
            filler = Filler(label=strip_description(self.doc[words[0].i:token.i + 1].text), type="Person",
                            text=self.doc[words[0].i:token.i + 1].text, start=words[0].idx,
                            end=token.idx + len(token.text))
        if filler is not None and filler.type == "Thing" and token.ent_type_ == "PERSON" and token.pos_ == "PROPN":
            ent = next((e for e in self.doc.ents if e.start <= token.i < e.end), None)
            if ent is not None:  # "Chief Superintendent Graciano Mijares": the tagger's person, titles and all
                filler = Filler(label=ent.text, text=filler.text, type="Person", id=entity_id(ent.text),
                                start=filler.start, end=filler.end)
        if token.pos_ == "PRON" and not is_actor(filler):
            return None
        if token.lower_ in UNRESOLVED or (token.lower_ in PERSON_PRONOUNS and filler is None):
            return None
        return self.group_name(filler, token) if filler is not None else None

    def group_lemmas(self) -> frozenset[str]:
        return self.resolver.index.group_nouns

    def group_name(self, filler: Filler, token: Token) -> Filler:
        """"two Western security sources" is a group called "Western security sources", not "two";
        "police" and "the government" are groups too, not persons."""
        lemma = token.lemma_.lower()
        speaking = lemma in self.group_lemmas() and not self.resolver.gaz.title(token.text)
        if filler.type in ("Thing", "Group", "Person") and filler.id is None and not filler.members:
            if filler.type == "Person" and not speaking:
                return filler
            words = [t for t in self.resolver.full_span(token) if t.i <= token.i]
            while words and (words[0].pos_ in ("NUM", "DET") or words[0].dep_ in ("det", "nummod", "quantmod")):
                words = words[1:]
            if words:
                filler.label = self.doc[words[0].i:words[-1].i + 1].text
            one = token.tag_ in ("NN", "NNP") and any(c.lower_ in ("a", "an", "one") for c in token.lefts)
            if one:
                filler.type = "Person"  # "a protester": one person; "police", "the government": a body
            elif speaking or (filler.type == "Group" and token.tag_ in ("NNS", "NNPS")):
                filler.type = "Group"
        return filler

    # -- putting reported speech together ----------------------------------------------------
    def fold_participles(self, candidates: list[Candidate]) -> list[Candidate]:
        """ "denied the reports, calling them 'absurd'": a participle that names or accuses, hung on
        another claim's verb, goes on with that claim's content instead of making a claim of its own."""
        by_verb = {c.verb.i: c for c in candidates}
        for c in candidates:
            governor = by_verb.get(c.verb.head.i)
            if c.frame in ("clause", "source") or c.verb.tag_ != "VBG" or c.verb.dep_ not in ("advcl", "conj", "xcomp"):
                continue
            if governor is None or governor is c or governor.frame == "source" or c.verb.i < governor.verb.i:
                continue
            gap = self.text[governor.end:c.verb.idx]
            if gap.strip(" ,;—–-”\"’'") == "" and c.end > governor.end:
                governor.end = trim(self.text, governor.start, c.end)[1]
                c.dropped = True
        return [c for c in candidates if not c.dropped]

    def absorb_quotes(self, candidate: Candidate) -> None:
        """Quotations inside reported speech are part of it; a content that is one quotation is a quote."""
        for k, quote in enumerate(self.quotes):
            if quote.close_end <= candidate.start or quote.open_start >= candidate.end:
                continue
            if quote.open_start <= candidate.start and candidate.end <= max(quote.end, quote.close_end):
                candidate.quote = quote
                candidate.start, candidate.end = trim(self.text, quote.start, quote.end)
                self.used.add(k)
                continue
            if candidate.quote is not None:
                continue
            if quote.open_start <= candidate.start and self.cue_between(quote.close_end, candidate.end):
                # 'remarked, "Q1," further remarking, "Q2"': the first quotation is this verb's, the next the other's
                candidate.quote = quote
                candidate.start, candidate.end = trim(self.text, quote.start, quote.end)
                self.used.add(k)
                continue
            self.used.add(k)
            candidate.absorbed.append(quote)
            if quote.close_end > candidate.end:
                candidate.end = quote.close_end
            if quote.open_start < candidate.start:
                candidate.start = quote.open_start
        if candidate.quote is None:
            candidate.start, candidate.end = trim(self.text, candidate.start, candidate.end)

    def cue_between(self, start: int, end: int) -> bool:
        """Is there a reporting verb outside quotation marks between two offsets?"""
        span = self.doc.char_span(start, end, alignment_mode="contract")
        return span is not None and any(self.cue_of(t) is not None and not self.in_quote(t.idx) for t in span)

    def drop_nested(self, candidates: list[Candidate]) -> list[Candidate]:
        """A claim reported inside another claim's content is part of it (one claim, by the outer speaker);
        but "according to the statement, the leaders emphasized …" is the leaders' claim: the source
        phrase only says where the report comes from."""
        outer_sources = set()
        for a in candidates:
            for b in candidates:
                if a is b or not a.start <= b.verb.idx < a.end:
                    continue
                if a.frame == "source" and b.frame != "source":
                    outer_sources.add(id(a))
        kept = [c for c in candidates if id(c) not in outer_sources]
        return [b for b in kept if not any(a is not b and a.start <= b.verb.idx < a.end for a in kept)]

    # -- quotations --------------------------------------------------------------------------
    def quotations(self, reported: list[Claim]) -> list[Claim]:
        """Direct quotations not yet part of a claim: with a cue next to them, or going on the previous one."""
        out: list[Claim] = []
        quote_claims = sorted((c for c in reported if c.quote), key=lambda c: c.content_start)
        for k, quote in enumerate(self.quotes):
            if k in self.used or self.noisy(quote.start):
                continue
            if any(c.content_start <= quote.start < c.content_end for c in reported):
                continue
            standalone = self.standalone(quote)
            found = self.cue_after(quote) if standalone else None
            if found is None and (introduces(self.text, quote.open_start) or self.opens_speech(quote)):
                found = self.cue_before(quote)
            claim = None
            if found is None and self.text[:quote.open_start].rstrip().endswith(":"):
                claim = self.announced(quote)
            if claim is not None:
                pass
            elif found is not None:
                verb, cue = found
                speaker = self.same_sentence_speaker(verb, reported + out) or self.speaker(verb) or \
                    self.inverted_speaker(verb) or self.governing_speaker(verb, quote_claims + out)
                if speaker is not None:
                    claim = self.make(sentence_of(verb), speaker, cue.cue, cue.stance, verb.idx,
                                      verb.idx + len(verb.text), quote.start, quote.end, quote=True, confidence=0.9)
            elif standalone:
                previous = self.previous_quote(quote_claims + out, quote) or self.paragraph_speaker(
                    quote, reported + out)
                if previous is not None:
                    sent = self.doc.char_span(quote.start, quote.start + 1, alignment_mode="expand")
                    holder = sentence_of(sent) if sent is not None else previous
                    claim = self.make(holder, previous.speaker, previous.cue, previous.stance, previous.cue_start,
                                      previous.cue_end, quote.start, quote.end, quote=True, confidence=0.7)
            if claim is not None:
                self.used.add(k)
                out.append(claim)
        return out

    def opens_speech(self, quote: Quote) -> bool:
        """ "told the BBC “My client is …”": a quotation of a sentence of its own may follow its cue
        with no comma or colon; a lower-case word in marks inside a sentence is a scare quote."""
        body = self.text[quote.start:quote.end]
        return body[:1].isupper() and len(body.split()) >= 3

    def announced(self, quote: Quote) -> Optional[Claim]:
        """ "Marrero rejected this argument: “…”": a clause that ends on a colon announces what its
        subject says next, whatever its verb."""
        colon = self.doc.char_span(0, quote.open_start, alignment_mode="contract")
        if colon is None or not len(colon):
            return None
        end = self.text.find("\n", quote.open_start)
        paragraph = self.text[line_start(self.text, quote.open_start):end if end >= 0 else len(self.text)]
        if re.sub(r"[\s" + QUOTE_CHARS + r")\]]+$", "", paragraph)[-1:] not in (".", "!", "?", "…"):
            return None  # a headline ("X proposes talks: ‘…’") announces the article, not a statement
        found = self.announced_by(colon[-1])
        if found is None:
            return None
        verb, speaker = found
        cue = self.cue_of(verb)
        return self.make(sentence_of(verb), speaker, cue.cue if cue else verb.lemma_.lower(),
                         cue.stance if cue else "assert", verb.idx, verb.idx + len(verb.text),
                         quote.start, quote.end, quote=True, confidence=0.8)

    def block_quotations(self, claims: list[Claim]) -> list[Claim]:
        """A block quotation (a ruling, a statement): indented paragraphs after a paragraph that ends on
        a colon, ended by an optional "– Name, title" line, which names its author."""
        out = []
        paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text)]
        for n, (p_start, p_end) in enumerate(paragraphs):
            if not self.text[p_start:p_end].rstrip().endswith(":") or self.noisy(p_start):
                continue
            block, byline = [], None
            following = [p for p in paragraphs[n + 1:n + 1 + MAX_BLOCK] if self.text[p[0]:p[1]].strip()]
            for k, (start, end) in enumerate(following):
                if self.text[start:end].strip()[:1] in BYLINE_DASHES:
                    byline = (start, end)
                    block = following[:k]  # up to its byline, indented or not
                    break
            if byline is None:  # no byline: the indented paragraphs
                for start, end in following:
                    if not self.text[start:start + 1].isspace():
                        break
                    block.append((start, end))
            if not block or any(block[0][0] <= c.content_start < block[-1][1] for c in claims):
                continue
            intro = self.doc.char_span(p_start, p_end, alignment_mode="contract")
            announcer = self.announced_by(intro[-1]) if intro is not None and len(intro) else None
            speaker = self.byline_speaker(*byline) if byline else None
            speaker = speaker or (announcer[1] if announcer else None)
            if speaker is None:
                continue
            verb = announcer[0] if announcer else None
            cue = self.cue_of(verb) if verb is not None else None
            for start, end in block:
                start, end = trim(self.text, start, end)
                claim = self.make(sentence_of(self.doc.char_span(start, end, alignment_mode="expand")), speaker,
                                  cue.cue if cue else (verb.lemma_.lower() if verb is not None else "write"),
                                  cue.stance if cue else "assert", verb.idx if verb is not None else None,
                                  verb.idx + len(verb.text) if verb is not None else None, start, end,
                                  quote=True, confidence=0.8)
                out.append(claim)
        return out

    def byline_speaker(self, start: int, end: int) -> Optional[Filler]:
        """ "– United States District Judge Victor Marrero, “Decision and Order”": the named author."""
        span = self.doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return None
        ranked = ("PERSON", "ORG", "NORP", "GPE")  # "United States District Judge Victor Marrero": the judge
        for ent in sorted((e for e in span.ents if e.label_ in ranked), key=lambda e: ranked.index(e.label_)):
            named = self.named(ent.root)
            if named is not None and is_actor(named):
                return named
        return None

    def announced_by(self, token: Token) -> Optional[tuple[Token, Filler]]:
        """The verb and its speaking subject of the clause that ends at ``token`` (on a colon)."""
        while token.i > 0 and (token.is_punct or token.is_space):
            token = self.doc[token.i - 1]
        if self.in_quote(token.idx):
            return None
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in verb.children):
            return None
        speaker = self.speaker(verb)
        return (verb, speaker) if speaker is not None and is_actor(speaker) else None

    def standalone(self, quote: Quote) -> bool:
        """Does the quotation begin a sentence (or follow a colon), rather than sit inside one?"""
        line_start = self.text.rfind("\n", 0, quote.open_start) + 1
        return bool(STANDALONE_BEFORE.search(self.text[max(line_start - 1, quote.open_start - 40, 0):quote.open_start]))

    def quote_tokens(self, start: int, end: int) -> Span:
        return self.doc.char_span(start, end, alignment_mode="expand") or self.doc[0:0]

    def cue_after(self, quote: Quote) -> Optional[tuple[Token, ReportingVerb]]:
        """ "“…,” Putin said" / "“…,” said the minister": speaker and verb right after the closing mark."""
        if not quote.closed:
            return None
        after = self.doc.char_span(quote.close_end, len(self.text), alignment_mode="expand")
        if after is None:
            return None
        words = []
        for token in after:
            if "\n" in token.text or (words and token.is_sent_start and token.i > after.start + 1 and
                                      words[-1].text in ".!?"):
                break
            if token.text in "“\"‘" and token.idx >= quote.close_end + 1 and words:
                break
            words.append(token)
            if len(words) > MAX_CUE_GAP:
                break
        for token in words:
            cue = self.cue_of(token)
            if cue is None or self.frame(cue) == "source":
                continue
            subject, _ = subject_of(token)
            between = [t for t in words if t.i < token.i and not t.is_punct]
            allowed = {t.i for t in subject.subtree} if subject is not None else set()
            allowed |= {c.i for c in token.children if c.dep_ in ("aux", "advmod", "neg")}
            phrase = all(t.pos_ in NAME_PHRASE_POS for t in between)  # the parse of a long title may be off
            if (phrase or all(t.i in allowed for t in between)) and not any(c.dep_ == "neg" for c in token.children):
                return token, cue
            return None
        return None

    def earlier_speaker(self, verb: Token) -> Optional[Filler]:
        """ "“…,” said Delfin Lorenzana; he described the attacks as …": a pronoun speaker is the person
        named as the speaker of an earlier cue in the same sentence."""
        pronoun = child(verb, "nsubj")
        for token in reversed(sentence_of(verb)[:verb.i - sentence_of(verb).start]):
            if token.pos_ not in ("VERB", "AUX") or self.cue_of(token) is None:
                continue
            named = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PROPN"
                          and c.ent_type_ == "PERSON"), None)
            if named is not None and (pronoun is None or named.i != pronoun.i):
                filler = self.named(named)
                if filler is not None and filler.type == "Person":
                    return Filler(label=filler.label, type=filler.type, id=filler.id, text=pronoun.text,
                                  start=pronoun.idx, end=pronoun.idx + len(pronoun.text)) if pronoun is not None \
                        else filler
        return None

    def same_sentence_speaker(self, verb: Token, claims: list[Claim]) -> Optional[Filler]:
        """ "X indicated …: “…,” he said, “…”": a pronoun cue in the sentence where a named speaker
        announced the quotation is that speaker."""
        subject = child(verb, "nsubj")
        if subject is None or subject.lower_ not in PERSON_PRONOUNS | {"they"}:
            return None
        sent = sentence_of(verb)
        earlier = [c for c in claims if c.cue_start is not None and sent.start_char <= c.cue_start < verb.idx
                   and is_actor(c.speaker) and c.speaker.type in ("Person", "Group", "Organization")]
        return earlier[-1].speaker if earlier else None

    def governing_speaker(self, verb: Token, claims: list[Claim]) -> Optional[Filler]:
        """ "…,” further remarking, “…”": a participle goes on with the speaker of its sentence's claim."""
        if verb.tag_ != "VBG":
            return None
        sent = sentence_of(verb)
        same = [c for c in claims if c.cue_start is not None and sent.start_char <= c.cue_start < verb.idx]
        return same[-1].speaker if same else None

    def inverted_speaker(self, verb: Token) -> Optional[Filler]:
        """ "“…,” said a protester": the parser may read the speaker after the verb as its object."""
        for c in verb.rights:
            if c.dep_ in ("dobj", "attr", "npadvmod", "dative", "nsubj") and c.pos_ in ("NOUN", "PROPN") \
                    and c.left_edge.i <= verb.i + 3:
                return self.named(self.appositive_name(c))
            if not c.is_punct:
                break
        return None

    def cue_before(self, quote: Quote) -> Optional[tuple[Token, ReportingVerb]]:
        """ "Zelensky wrote: “…”", "he said, “…”", "adding: “…”": a verb shortly before the opening mark."""
        before = self.doc.char_span(0, quote.open_start, alignment_mode="contract")
        if before is None or not len(before):
            return None
        words = []
        for token in reversed(before):
            if "\n" in token.text_with_ws or len(words) > MAX_INTRO_GAP or self.in_quote(token.idx):
                break
            words.append(token)
            cue = self.cue_of(token)
            if cue is not None and self.frame(cue) != "source":
                if any(c.dep_ == "neg" for c in token.children):
                    return None
                return token, cue
            if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass", "amod"):
                return None  # another verb stands between: the quotation is not what this one reports
            if token.text in ".!?":
                return None
        return None

    def paragraph_speaker(self, quote: Quote, claims: list[Claim]) -> Optional[Claim]:
        """A paragraph that opens with a quotation and no cue: its speaker is named in the next sentence
        (“…” / Lopez said that …) or spoke last in the previous paragraph."""
        start = line_start(self.text, quote.open_start)
        if self.text[start:quote.open_start].strip() or not quote.closed:
            return None
        end = self.text.find("\n", quote.close_end)
        end = len(self.text) if end < 0 else end
        after = self.doc.char_span(quote.close_end, end, alignment_mode="expand")
        following = [c for c in claims if c.cue_start is not None and quote.close_end <= c.cue_start < end]
        words = [t for t in after if not t.is_space and not t.is_punct] if after is not None else []
        if following and words:
            first = min(following, key=lambda c: c.cue_start)
            next_sent = sentence_of(words[0])  # the sentence right after the quotation names the speaker
            if next_sent.start_char <= first.cue_start < next_sent.end_char and is_actor(first.speaker):
                return first
        previous_end = start - 1
        while previous_end > 0 and self.text[previous_end - 1].isspace():
            previous_end -= 1
        previous_start = line_start(self.text, previous_end)
        before = [c for c in claims if c.content_end is not None and previous_start <= c.content_start < previous_end]
        if not before:
            return None
        last = max(before, key=lambda c: c.content_end)
        tail = self.text[last.content_end:previous_end]
        if (last.cue_start is None or last.cue_start < last.content_end) and tail.strip(" .,;:!?”\"’'") or \
                len(tail) > 80 or not is_actor(last.speaker):
            return None  # the previous paragraph goes on after its last claim
        return last

    def previous_quote(self, claims: list[Claim], quote: Quote) -> Optional[Claim]:
        """The quotation claim this one continues: it ends just before, with only its cue in between."""
        before = [c for c in claims if c.content_end <= quote.open_start]
        if not before:
            return None
        previous = max(before, key=lambda c: c.content_end)
        gap_start = max(previous.content_end, previous.end if previous.cue_start and
                        previous.cue_start >= previous.content_end else previous.content_end)
        gap = self.text[gap_start:quote.open_start]
        if gap.count("\n") > CONTINUATION_GAP or gap.strip(" \n\t”\"’'.,") != "":
            return None
        return previous

    # -- records -----------------------------------------------------------------------------
    def claim_of(self, c: Candidate) -> Claim:
        cue_end = getattr(c, "cue_end", c.verb.idx + len(c.verb.text))
        confidence = 0.9 if c.quote is not None else 0.8
        return self.make(sentence_of(c.verb), c.speaker, c.cue.cue, c.cue.stance, c.verb.idx, cue_end, c.start, c.end,
                         quote=c.quote is not None, confidence=confidence)

    def make(self, sent, speaker: Filler, cue: str, stance: str, cue_start: Optional[int],
             cue_end: Optional[int], start: int, end: int, *, quote: bool, confidence: float) -> Claim:
        start, end = trim(self.text, start, end)
        content = self.text[start:end]
        named = is_actor(speaker)
        claim = Claim(article=self.article, sentence=sent.text if hasattr(sent, "text") else sent.sentence,
                      start=sent.start_char if hasattr(sent, "start_char") else sent.start,
                      end=sent.end_char if hasattr(sent, "end_char") else sent.end,
                      speaker=speaker, cue=cue, content=content, stance=stance, quote=quote,
                      cue_start=cue_start, cue_end=cue_end, content_start=start, content_end=end,
                      confidence=round(confidence - (0.0 if named else 0.2), 2), published=self.published,
                      claim_key=claim_key(speaker.id, speaker.label, content))
        claim.assign_id()
        return claim


def link(claims: list[Claim], events: list[Event], resolver: ActorResolver) -> None:
    """Events read from a claim's content are claimed by its speaker; "we" in a quotation is the speaker.

    A denial's events are denied; a denial of "the reports" disputes the reported events before it.
    """
    located = sorted((e.verb_start, n) for n, e in enumerate(events) if e.verb_start is not None)
    starts = [s for s, _ in located]

    def inside(claim: Claim) -> list[Event]:
        lo = bisect.bisect_left(starts, claim.content_start)
        hi = bisect.bisect_left(starts, claim.content_end)
        return [events[n] for _, n in located[lo:hi]]

    contents = {claim.id: inside(claim) for claim in claims}
    for claim in claims:
        named = is_actor(claim.speaker) and claim.speaker.type != "Group"
        for event in contents[claim.id]:
            if claim.quote and event.subject.text and event.subject.text.lower() in ("we", "i", "us"):
                event.subject = Filler(label=claim.speaker.label, type=claim.speaker.type, id=claim.speaker.id,
                                       text=event.subject.text, start=event.subject.start, end=event.subject.end)
            if claim.stance == "deny":
                event.modality = "denied"
            elif event.modality in ("asserted", "planned"):
                event.modality = "claimed" if named else "reported"
            event.attributed_to = claim.speaker
    for event in events:
        event.assign_id()
    for claim in claims:
        about = contents[claim.id]
        if claim.stance == "deny" and not any(e.predicate not in ("deny",) for e in about):
            # "Tehran has denied the reports": the denial is about the reported events before it
            about = [e for e in events if e.modality == "reported" and e.end <= claim.start
                     and claim.start - e.end < 600]
        claim.about = sorted({e.id for e in about})
        if claim.stance == "deny":
            for event in about:
                event.disputed_by = sorted(set(event.disputed_by) | {claim.id})
