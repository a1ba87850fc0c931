"""Quotations: direct quotations cued before or after them, block quotations with a byline,
and quotations going on with the previous speaker.

Read as methods of :class:`kg.extract.claims.ClaimReader` (which mixes this class in).
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Token

from kg.extract.docindex import sentence_of
from kg.extract.actors import PERSON_PRONOUNS, is_actor
from kg.extract.speech import QUOTE_CHARS, Quote, trim
from kg.extract.claim_speakers import appositive_name
from kg.extract.syntax import child, subject_of
from kg.lexicon import ReportingVerb
from kg.model import Claim, Filler

NAME_PHRASE_POS = {"PROPN", "NOUN", "ADP", "DET", "ADJ", "PART", "NUM", "CCONJ", "PUNCT"}
MAX_CUE_GAP = 12  # tokens between a quotation and the speaker-and-verb that close it: "…,” the Russian leader said"
MAX_INTRO_GAP = 14  # tokens between a verb and the quotation it introduces: "wrote in a statement on Sunday: “…”"
CONTINUATION_GAP = 3  # line breaks a quotation may skip and still go on with the previous speaker
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


class Quotations:
    """ "“…,” the minister said", "She said: “…”", "“…” — Jane Doe": claims a quotation makes."""

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
                return self.named(appositive_name(c))
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
