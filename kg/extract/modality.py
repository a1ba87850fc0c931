"""The modality of an event reading: negated, denied, hypothetical, planned, reported, claimed."""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.docindex import sentence_of
from kg.extract.readings import CONTENT_PREDICATES, FORWARD_PREDICATES, Reading
from kg.extract.syntax import AUX_DEPS, VERB_POS, child, is_infinitive, subject_of


class Modality:
    """How sure the text is that the act happened (mixed into ``EventReader``)."""

    def looks_forward(self, reading: Reading, anchor: Token) -> bool:
        """Whether the event's time lies ahead of the article: future, planned or proposed."""
        if anchor != reading.head and anchor.pos_ in VERB_POS and anchor.tag_ == "VBD":
            # "on Wednesday he pledged converting it", "on Thursday she spoke, calling for": the day of the
            # past verb the time hangs on
            return False
        if reading.modalities & {"planned", "hypothetical"}:
            return True
        if reading.predicate in FORWARD_PREDICATES and anchor != reading.head:
            return True  # "proposes talks on Thursday": the talks' day
        head = reading.head
        if head.pos_ == "NOUN":
            return True
        if head.tag_ in ("VBD", "VBN"):
            return False
        return head.tag_ in ("VBP", "VBZ", "VB") or (head.tag_ == "VBG" and reading.predicate in FORWARD_PREDICATES)

    def modalities(self, reading: Reading) -> None:
        tokens = [reading.head] + reading.chain
        for verb in tokens:
            control = self.lex.control.get(verb.lemma_.lower()) if verb != reading.head else None
            if control and control != "asserted":
                reading.modalities.add(control)
            for c in verb.children:
                word = c.lower_
                if c.dep_ == "neg" or (c.dep_ == "advmod" and word == "never"):
                    reading.modalities.add("negated")
                elif c.dep_ == "advmod" and ("adverb", word) in self.lex.modality_cues:
                    reading.modalities.add(self.lex.modality_cues[("adverb", word)])
                elif c.dep_ in AUX_DEPS and ("aux", word) in self.lex.modality_cues and c.ent_type_ != "PERSON":
                    # "after Anna May quit": a name the tagger took for a modal hedges nothing
                    reading.modalities.add(self.lex.modality_cues[("aux", word)])
                elif c.dep_ == "prep" and word == "according":
                    reading.modalities.add("reported")
                    reading.attributed_to = child(child(c, "prep") or c, "pobj")
        # a condition anywhere above the verb: "if Russia refuses ..."; or the content of a proposal or demand
        token = reading.head
        while token.head != token:
            if any(c.dep_ == "mark" and ("mark", c.lower_) in self.lex.modality_cues for c in token.children):
                reading.modalities.add(self.lex.modality_cues[("mark", next(
                    c.lower_ for c in token.children if c.dep_ == "mark" and ("mark", c.lower_) in self.lex.modality_cues))])
                break
            if token.dep_ == "ccomp" and self.predicate_of(token.head)[0] in CONTENT_PREDICATES - {"accuse"}:
                reading.modalities.add("hypothetical")  # "proposing that Kyiv resume talks": not (yet) a fact
                break
            if token.dep_ not in ("conj", "xcomp", "advcl", "ccomp"):
                break
            token = token.head
        # "urged Russia to withdraw", "advised citizens to leave": asked of someone, not done
        if reading.head.dep_ == "xcomp" and is_infinitive(reading.head) and child(reading.head.head, "dobj") is not None \
                and not reading.chain:
            reading.modalities.add("hypothetical")
        # "he believes Harris does not qualify": what someone states or thinks is their claim
        holder = self.statement_of(reading.head)
        if holder is not None:
            reading.modalities.add("claimed")
            reading.attributed_to = reading.attributed_to or holder
        # "Iran has denied sending missiles": the sending is denied
        if reading.head.dep_ in ("xcomp", "ccomp", "pcomp", "dobj") and self.denies(reading.head.head):
            reading.modalities.add("denied")
        # "accused Belarus of sending migrants": the sending is the accuser's claim
        accuser = self.accusation_of(reading.head)
        if accuser is not None:
            reading.modalities.add("claimed")
            reading.attributed_to = reading.attributed_to or subject_of(accuser)[0]
        # "according to X" on the sentence's main verb colours every event of the sentence
        root = sentence_of(reading.head).root
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ == "according" and reading.attributed_to is None:
                reading.modalities.add("reported")
                reading.attributed_to = child(child(c, "prep") or c, "pobj")
