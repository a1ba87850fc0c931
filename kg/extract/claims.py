"""Claims: quotations, reported speech, "according to" and denials, with their speakers.

A claim is read in three steps. Reporting verbs (ontology/reporting_verbs.tsv) give reported speech:
the verb's frame says where the content is (a clause, an object, "X of Y", "X a 'Y'"). Quotations
then join the claim whose content they are part of (a partial quotation is part of reported speech),
or become direct-quotation claims when a cue stands right before or after them, or go on the
previous quotation's claim when they follow it with no cue. Any other quotation is a scare quote.

Each construction has its module, mixed into :class:`ClaimReader`: reported speech and "according to"
(``claim_reported``), speakers (``claim_speakers``), quotations (``claim_quotes``).
"""
from __future__ import annotations

import bisect
from pathlib import Path
from typing import Optional

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from kg.extract.docindex import doc_text, lemmas_of, sentence_of, sentence_starts, span_text, tokens_with, tokens_within
from kg.extract.actors import ActorResolver, is_actor
from kg.extract.speech import QuoteIndex, claim_key, find_quotations, load_frames, trim
from kg.extract.syntax import child
from kg.lexicon import Lexicon, ReportingVerb
from kg.model import Claim, Event, Filler
from kg.extract.claim_quotes import Quotations
from kg.extract.claim_reported import Candidate, ReportedSpeech
from kg.extract.claim_speakers import Speakers, appositive_name


class ClaimReader(ReportedSpeech, Speakers, Quotations):
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
        # from the sentence starts kg's readers share, not a Span per sentence
        self.sent_starts = sorted(doc.to_array(IDX)[sentence_starts(doc)].tolist()) if len(doc) else []
        self.phrasal = {lemma.split()[0] for lemma in lexicon.reporting if " " in lemma}
        # the first word of each reporting lemma: a verb with any other lemma is no cue (see cue_of)
        self.cue_words = {lemma.split(" ", 1)[0] for lemma in lexicon.reporting}

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
        cues = self.possible_cues()
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

    def possible_cues(self) -> list[int]:
        """The tokens ``cue_of`` may answer for: "according", and the verbs whose lemma is the first word of
        a reporting lemma, found from the doc's arrays (no Token for the others)."""
        verbs = tokens_with(self.doc, pos=("VERB", "AUX"))
        lemmas = lemmas_of(self.doc, verbs)
        # a lemma with a space in it is never ruled out here: cue_of's lookups are not by first word
        verbs = [i for i, lemma in zip(verbs, lemmas) if " " in lemma or lemma.lower() in self.cue_words]
        return sorted({*verbs, *tokens_with(self.doc, lower=("according",))})

    def nominal(self) -> list[Candidate]:
        """ "his claim that the vote was fair", "the mayor's allegation that …": a reporting noun with a
        that-clause; its possessor (or "by X") says the clause."""
        out = []
        nouns = tokens_with(self.doc, pos=("NOUN",))
        for i, lemma in zip(nouns, lemmas_of(self.doc, nouns)):
            found = self.lex.reporting_nouns.get(lemma.lower())
            if found is None:
                continue
            noun = self.doc[i]
            if self.in_quote(noun.idx) or self.noisy(noun.idx):
                continue
            clause = next((c for c in noun.rights if c.dep_ in ("acl", "ccomp") and c.left_edge.lower_ == "that"
                           and c.left_edge.dep_ == "mark"), None)
            if clause is None:
                continue
            by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            holder = child(noun, "poss") or (child(by, "pobj") if by is not None else None)
            speaker = self.named(appositive_name(holder)) if holder is not None else None
            if speaker is None or not is_actor(speaker):
                continue
            first = self.doc[clause.left_edge.i + 1]
            start, end = trim(self.text, first.idx, clause.right_edge.idx + len(clause.right_edge.text))
            cue = ReportingVerb(noun.lemma_.lower(), found[0], found[1], None, False, "clause")
            out.append(Candidate(noun, cue, "nominal", start, end, speaker))
        return out
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
        if isinstance(sent, Span):  # Span.text joins the words again on every call
            sentence, sent_start, sent_end = span_text(sent), sent.start_char, sent.end_char
        else:
            sentence = sent.text if hasattr(sent, "text") else sent.sentence
            sent_start = sent.start_char if hasattr(sent, "start_char") else sent.start
            sent_end = sent.end_char if hasattr(sent, "end_char") else sent.end
        claim = Claim(article=self.article, sentence=sentence, start=sent_start, end=sent_end,
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