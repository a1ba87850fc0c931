"""Claims: quotations, reported speech, "according to" and denials, with their speakers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorResolver, is_actor
from kg.extract.syntax import child, subject_of
from kg.lexicon import Lexicon, ReportingVerb
from kg.model import Claim, Event, Filler

# A double quotation runs to its closing mark, or to the end of its paragraph when the
# writer left it open (the convention for a quotation that goes on in the next paragraph).
DOUBLE_QUOTE = re.compile(r"[“\"](?P<body>[^“”\"\n]+?)(?:[”\"]|(?=\n)|$)")
# A single quotation opens before a letter and closes after one, so apostrophes ("Putin’s") never match.
SINGLE_QUOTE = re.compile(r"(?<![\w’'])[‘'](?P<body>\w[^‘’'\n]*?[\w.,!?])[’'](?!\w)")
# cues whose direct object is what was said ("reported drone strikes", "denied the reports")
OBJECT_CONTENT_CUES = {"report", "deny", "confirm"}
MIN_QUOTE_WORDS = 4  # shorter quotations without a cue are scare quotes ("ultimatums"), not claims
QUANTIFIERS = {"NUM", "DET"}


@dataclass
class Quote:
    start: int  # offsets of the words inside the marks
    end: int
    consumed: bool = False  # part of a reported-speech claim already

    def words(self, text: str) -> int:
        return len(text[self.start:self.end].split())


def find_quotations(text: str) -> list[Quote]:
    """Every quotation of the text, straight or curly, double or single, in reading order."""
    quotes, taken = [], []
    for pattern in (DOUBLE_QUOTE, SINGLE_QUOTE):
        for match in pattern.finditer(text):
            start, end = match.span("body")
            body = text[start:end].strip()
            if not body or any(s <= start < e for s, e in taken):
                continue
            start += len(text[start:end]) - len(text[start:end].lstrip())
            end = start + len(body)
            quotes.append(Quote(start, end))
            taken.append((match.start(), match.end()))
    return sorted(quotes, key=lambda q: q.start)


def span_text(doc: Doc, start: int, end: int) -> str:
    return doc.text[start:end].strip()


class ClaimReader:
    """Reads the claims of one document and links the events read from their content."""

    def __init__(self, doc: Doc, lexicon: Lexicon, resolver: ActorResolver, article: str,
                 published: Optional[str], skip_sentences: set[int]):
        self.doc = doc
        self.lex = lexicon
        self.resolver = resolver
        self.article = article
        self.published = published
        self.skip = skip_sentences
        self.quotes = find_quotations(doc.text)

    def in_quote(self, i: int) -> Optional[Quote]:
        return next((q for q in self.quotes if q.start <= i < q.end), None)

    def cue_of(self, token: Token) -> Optional[ReportingVerb]:
        if token.pos_ not in ("VERB", "AUX") and token.lower_ != "according":
            return None
        if token.lower_ == "according":
            return self.lex.reporting.get("according to")
        return self.lex.reporting.get(token.lemma_.lower())

    # -- reading -------------------------------------------------------------------------
    def claims(self) -> list[Claim]:
        out: list[Claim] = []
        for sent in self.doc.sents:
            if sent.start_char in self.skip:
                continue
            for token in sent:
                cue = self.cue_of(token)
                if cue is None or self.in_quote(token.idx) or cue.quote_only:
                    continue
                claim = self.reported(token, cue, sent)
                if claim is not None and not any(c.content_start <= claim.cue_start < c.content_end for c in out):
                    out.append(claim)
        out += self.quotations(out)
        out.sort(key=lambda c: (c.content_start, c.cue_start or 0))
        return out

    def content_span(self, verb: Token, cue: ReportingVerb) -> Optional[tuple[int, int]]:
        """Character span of what the cue reports."""
        doc = self.doc
        if cue.cue == "according_to":
            root = verb.sent.root
            phrase = verb.subtree
            words = [t for t in root.sent if t not in set(phrase) and not t.is_punct]
            return (words[0].idx, words[-1].idx + len(words[-1])) if words else None
        ccomp = child(verb, "ccomp")
        if ccomp is not None and ccomp.i > verb.i:
            start, end = ccomp.left_edge, ccomp.right_edge
            mark = child(ccomp, "mark")
            if mark is not None and mark.i == start.i:
                start = doc[mark.i + 1]
            return start.idx, end.idx + len(end)
        if verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i and verb.head.dep_ == "ROOT":
            # "Air defense systems were responding to the threat, he said."
            clause = [t for t in verb.sent if t.i < verb.left_edge.i and not t.is_punct]
            return (clause[0].idx, clause[-1].idx + len(clause[-1])) if clause else None
        if cue.cue == "accuse":
            obj = child(verb, "dobj")
            of = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "for")), None)
            if obj is not None and of is not None:
                return obj.left_edge.idx, of.right_edge.idx + len(of.right_edge)
        if cue.cue in OBJECT_CONTENT_CUES:
            obj = child(verb, "dobj")
            if obj is not None:
                return obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)
        return None

    def speaker(self, verb: Token, cue: ReportingVerb) -> Optional[Filler]:
        if cue.cue == "according_to":
            source = child(child(verb, "prep") or verb, "pobj")
            return self.group_name(self.resolver.resolve(source), source) if source is not None else None
        subject, _ = subject_of(verb)
        if subject is None:
            return None
        return self.group_name(self.resolver.resolve(subject), subject)

    def group_name(self, filler: Filler, token: Token) -> Filler:
        """"two Western security sources" is a group called "Western security sources", not "two"."""
        if filler.type in ("Thing", "Group") and filler.id is None:
            words = [t for t in self.resolver.full_span(token) if t.i <= token.i]
            while words and (words[0].pos_ in QUANTIFIERS or words[0].dep_ in ("det", "nummod", "quantmod")):
                words = words[1:]
            if words:
                filler.label = self.doc[words[0].i:words[-1].i + 1].text
            filler.type = "Group" if token.tag_ in ("NNS", "NNPS") else filler.type
        return filler

    def reported(self, verb: Token, cue: ReportingVerb, sent: Span) -> Optional[Claim]:
        span = self.content_span(verb, cue)
        if span is None:
            return None
        start, end = span
        for quote in self.quotes:  # quotations inside reported speech belong to it
            if start <= quote.start < end or quote.start <= start < quote.end:
                if quote.start <= start and quote.end >= end and cue.cue != "according_to":
                    return None  # the whole content is a quotation: read as a quotation with this cue
                quote.consumed = True
                end = max(end, quote.end)
        speaker = self.speaker(verb, cue)
        if speaker is None:
            return None
        cue_end = verb.idx + len(verb.text) if cue.cue != "according_to" else verb.idx + len("according to")
        quoted = any(q.consumed and start <= q.start < end for q in self.quotes)
        return self.claim(sent, speaker, cue, verb.idx, cue_end, start, end, quote=False, quoted=quoted)

    def quotations(self, reported: list[Claim]) -> Iterator[Claim]:
        previous: Optional[Claim] = None
        for quote in self.quotes:
            if quote.consumed or any(c.content_start <= quote.start < c.content_end for c in reported):
                continue
            sent = self.doc.char_span(quote.start, quote.start + 1, alignment_mode="expand")
            if sent is None or sent.sent.start_char in self.skip:
                continue
            cue_token, cue = self.cue_near(quote)
            speaker = self.speaker(cue_token, cue) if cue_token is not None else None
            confidence = 0.9
            if speaker is None and previous is not None and self.continues(previous, quote):
                speaker, cue_name, cue_span = previous.speaker, previous.cue, (previous.cue_start, previous.cue_end)
                confidence = 0.7
            elif speaker is None:
                continue
            else:
                cue_name, cue_span = cue.cue, (cue_token.idx, cue_token.idx + len(cue_token.text))
            if speaker is None or quote.words(self.doc.text) < MIN_QUOTE_WORDS and cue_token is None:
                continue
            holder = cue_token.sent if cue_token is not None else sent.sent
            claim = self.claim(holder, speaker, None, *cue_span, quote.start, quote.end, quote=True,
                               cue_name=cue_name, confidence=confidence)
            previous = claim
            yield claim

    def cue_near(self, quote: Quote) -> tuple[Optional[Token], Optional[ReportingVerb]]:
        """The reporting verb outside a quotation that introduces or closes it."""
        doc = self.doc
        sents = []
        for at in (quote.start, max(0, quote.start - 3), min(len(doc.text) - 1, quote.end + 2)):
            span = doc.char_span(at, at + 1, alignment_mode="expand")
            if span is not None and span.sent not in sents:
                sents.append(span.sent)
        best, best_distance = (None, None), None
        for sent in sents:
            for token in sent:
                cue = self.cue_of(token)
                if cue is None or cue.cue == "according_to" or self.in_quote(token.idx):
                    continue
                if self.doc.text[min(token.idx, quote.end):max(token.idx, quote.start)].count("\n"):
                    continue  # a cue in another paragraph introduces something else
                distance = quote.start - token.idx if token.idx < quote.start else token.idx - quote.end
                if best_distance is None or distance < best_distance:
                    best, best_distance = (token, cue), distance
        return best

    def continues(self, previous: Claim, quote: Quote) -> bool:
        """A quotation with no cue right after another one goes on with the same speaker."""
        between = self.doc.text[previous.content_end:quote.start]
        return len(between) < 200 and between.count("\n") <= 2

    def claim(self, sent: Span, speaker: Filler, cue: Optional[ReportingVerb], cue_start: int, cue_end: int,
              start: int, end: int, *, quote: bool, quoted: bool = False, cue_name: str = "",
              confidence: float = 0.8) -> Claim:
        content = self.doc.text[start:end].strip().strip("“”\"‘’").strip()
        claim = Claim(article=self.article, sentence=sent.text, start=sent.start_char, end=sent.end_char,
                      speaker=speaker, cue=cue.cue if cue else cue_name, content=content,
                      stance=cue.stance if cue else "assert", quote=quote, cue_start=cue_start, cue_end=cue_end,
                      content_start=start, content_end=end,
                      confidence=round(confidence - (0.0 if is_actor(speaker) else 0.2), 2),
                      published=self.published)
        claim.assign_id()
        return claim


def link(claims: list[Claim], events: list[Event], resolver: ActorResolver) -> None:
    """Events read from a claim's content are claimed by its speaker; "we" in a quotation is the speaker."""
    for claim in claims:
        named = is_actor(claim.speaker) and claim.speaker.type != "Group"
        for event in events:
            if event.verb_start is None or not claim.content_start <= event.verb_start < claim.content_end:
                continue
            if event.subject.text and event.subject.text.lower() in ("we", "i", "us"):
                event.subject = Filler(label=claim.speaker.label, type=claim.speaker.type, id=claim.speaker.id,
                                       text=event.subject.text, start=event.subject.start, end=event.subject.end)
            if event.modality in ("asserted", "planned"):
                event.modality = "claimed" if named else "reported"
            if event.attributed_to is None:
                event.attributed_to = claim.speaker
    for event in events:
        event.assign_id()
    for claim in claims:
        claim.about = sorted({e.id for e in events if e.verb_start is not None
                              and claim.content_start <= e.verb_start < claim.content_end})
        if claim.stance == "deny" and not claim.about:
            # "Tehran has denied the reports": the denial is about the reported events before it
            disputed = [e for e in events if e.modality == "reported" and e.end <= claim.start
                        and claim.start - e.end < 600]
            claim.about = sorted({e.id for e in disputed})
            for event in disputed:
                event.disputed_by = sorted(set(event.disputed_by) | {claim.id})
