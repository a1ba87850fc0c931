"""Speakers: who a reporting verb's subject, a document's author or a name phrase is, as a filler.

Read as methods of :class:`kg.extract.claims.ClaimReader` (which mixes this class in).
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Token

from kg.extract.actors import PERSON_PRONOUNS, SPEAKER_PRONOUNS, is_actor
from kg.extract.speech import group_antecedent, shared_subject_cue
from kg.extract.syntax import child, subject_of
from kg.model import UNRESOLVED_PRONOUNS, Filler, entity_id

SOURCE_PREPS = ("of", "from", "by")
# quantifiers name nobody either: "some said"; written in capitals, a pronoun's letters are a name ("the WHO said")
UNRESOLVED = UNRESOLVED_PRONOUNS | {"some", "others"}
COREF_SPEAKERS = {"it", "they"}  # the pronouns of UNRESOLVED that speak when coreference names who they are
PARTITIVES = {"number", "majority", "minority", "handful", "couple", "dozen", "dozens", "lot", "group", "host",
              "series", "pair", "score", "scores", "hundreds", "thousands"}  # "a number of senators" speak


def strip_description(text: str) -> str:
    """A description without its article: "the spokeswoman" -> "spokeswoman"."""
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)


def issued(document: Token) -> bool:
    """ "X issued a statement": a document that is the object of a verb with a subject."""
    return document.dep_ == "dobj" and document.head.pos_ == "VERB" and \
        subject_of(document.head)[0] is not None


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


def salient_subject(noun: Token, pronoun: Token) -> bool:
    """The subject of its sentence's main clause, the most salient mention of a sentence ("The officers … are
    back to work. They indicated …"), or of the clause the pronoun's verb reports ("State prosecutors charged
    the suspect, they said"); not "(listed) as having members from the site were: …"."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    clause = noun.head
    return clause.dep_ == "ROOT" and clause.sent != pronoun.sent or clause.dep_ == "ccomp" and clause.head == pronoun.head


def absolute_subject(verb: Token) -> Optional[Token]:
    """Who reports in a "with" absolute ("…, with local media reporting no one was hurt"): the noun the
    participle goes with, whether the parser hangs the participle on the noun or the noun on it."""
    if verb.tag_ != "VBG":
        return None
    if verb.dep_ == "acl" and verb.head.dep_ == "pobj" and verb.head.head.lower_ == "with":
        return verb.head
    if verb.dep_ == "pcomp" and verb.head.lower_ == "with":
        return child(verb, "nsubj")
    return None


class Speakers:
    """ "the minister said", "a statement issued by the ministry", "Ms Li, the spokeswoman, said": the speaker."""

    # -- speakers --------------------------------------------------------------------------
    def speaker(self, verb: Token) -> Optional[Filler]:
        outer = shared_subject_cue(verb, self.cue_of)
        subject, _ = subject_of(outer if outer is not None else verb)
        subject = absolute_subject(verb) or subject
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
        subject = appositive_name(subject)
        if subject.lower_ in PERSON_PRONOUNS:
            earlier = self.earlier_speaker(verb)
            if earlier is not None:
                return earlier
        if subject.lemma_.lower() in self.lex.document_nouns:
            author = self.author_of(subject)
            if author is not None or issued(subject):
                return author  # "they released a statement which said": whoever "they" are, not "statement"
        return self.named(subject)

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
                named = self.named(appositive_name(author))
                if named is not None and is_actor(named):
                    return named
        if document.dep_ in ("dobj", "nsubjpass") and document.head.pos_ == "VERB":  # "X issued a statement"
            issuer, _ = subject_of(document.head) if document.dep_ == "dobj" else (None, 0)
            if issuer is not None and issuer.i != document.i and issuer.lemma_.lower() not in self.lex.document_nouns:
                named = self.named(appositive_name(issuer))
                if named is not None and is_actor(named):
                    return named
        return None

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
        if token.lower_ in UNRESOLVED and not token.text.isupper() and not self.referred(token) or \
                (token.lower_ in PERSON_PRONOUNS and filler is None):
            return None
        return self.group_name(filler, token) if filler is not None else None

    def referred(self, token: Token) -> bool:
        """ "The league met on Monday. They said …": a subject pronoun the coreference sieve gave an actor
        speaks as that actor when the actor's last mention was a salient subject (a pronoun's speaker is
        the one the text was about, not an object or a name in passing: "they claimed" after "the
        Solar System" is the astronomers); "@i" is the unnamed noun phrase headed by token i."""
        coref = self.resolver.coref
        if token.pos_ != "PRON" or token.lower_ not in COREF_SPEAKERS or coref is None:
            return False
        key = coref.referents.get(token.i) or ""
        if not key or not is_actor(coref.referent(token)):
            return False
        if any(t.lower_ in SPEAKER_PRONOUNS for t in token.sent):
            return False  # "they told me …": someone's own account, whose "they" the text does not name
        if key.startswith("@"):
            last = int(key[1:])
        else:
            first = self.doc[max(0, token.sent.start - 1)].sent.start  # this sentence and the one before
            last = max((i for i, id_, _ in coref.candidates(first, token.i) if coref.canonical(id_) == key),
                       default=None)
            if last is None:
                return False
        return salient_subject(self.doc[last], token)

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
