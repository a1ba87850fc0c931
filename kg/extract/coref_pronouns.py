"""Who is who, the pronoun pass of the coreference sieve (kg/extract/coref.py), last and most
permissive: agreement in person, number, gender and animacy, then salience; "I"/"we" inside a
quotation is its speaker."""
from __future__ import annotations

import bisect
from typing import Optional

import numpy
from spacy.attrs import DEP, LOWER, POS, TAG
from spacy.tokens import Token

from kg.extract.coref_names import Cluster
from kg.extract.docindex import entity_at
from kg.extract.syntax import subject_of
from kg.model import ACTOR_TYPES, Filler, entity_id

MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
NEUTER_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
STANDALONE_PLURALS = {"both"}  # "Both received prison terms": a quantifier standing alone means the ones before
SPEAKER_PRONOUNS = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
REFLEXIVE_PRONOUNS = {"himself", "herself", "itself", "themselves", "myself", "ourselves"}
OBJECT_PRONOUNS = {"him", "her", "it", "them"}  # not bound by the subject of their own verb
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
OBJECT_DEPS = {"dobj", "iobj", "dative", "attr", "oprd"}
# the heads of the noun phrases a pronoun may mean when they name no entity ("a police officer")
MENTION_DEPS = SUBJECT_DEPS | OBJECT_DEPS | {"pobj", "conj", "poss"}
# "all leaders", "any country": a quantified phrase is no one in particular, and no pronoun's antecedent
QUANTIFIERS = {"all", "any", "every", "each", "no"}
# entities no pronoun means
NO_REFERENT_ENTS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"}
# the agreement class of a third-person pronoun: male, female, neuter, plural
PRONOUN_CLASS = {**{w: "m" for w in MALE_PRONOUNS}, **{w: "f" for w in FEMALE_PRONOUNS},
                 **{w: "n" for w in NEUTER_PRONOUNS}, **{w: "p" for w in PLURAL_PRONOUNS | STANDALONE_PLURALS}}
# the kinds of unnamed mention (PronounSieve.mention_kind) each class may mean
# (a body of people named by a singular noun is "it": "the court ... it", not "they raped me")
UNNAMED_KINDS = {"m": {"person"}, "f": {"person"}, "n": {"thing", "collective"}, "p": {"people", "things"}}
# salience weights (Lappin & Leass 1994, simplified): the role a mention has, and what each
# sentence back costs; a pronoun takes the best-scoring agreeing entity
ROLE_WEIGHT = {"subject": 80, "clause": 70, "object": 50, "other": 40}
PARALLEL = {"subject": "subject", "clause": "subject", "object": "object"}  # roles that parallel each other
SENTENCE_COST = 35
AGENT_REWARD = 20  # the subject of an act ("until it hears arguments") rather means someone than something
# a possessive rather means the subject of its own clause, an infinitive's controller included ("urged Russia
# to withdraw its troops": Russia's troops, not Germany's)
OWN_SUBJECT_REWARD = 60
PARALLEL_REWARD = 35  # an object pronoun rather means an object, a subject one a subject ("drew his pistol, pointed it")
SPEAKER_COST = 50  # the speaker of a quoted fragment is "he" in it only when no one else fits
UNKNOWN_GENDER_COST = 15
PERSON_WINDOW = 3  # sentences back a personal pronoun looks for its antecedent
THING_WINDOW = 2
# "said", "told": a quotation's speaker is the subject of the reporting verb next to it
QUOTE_REACH = 1  # sentences after a quotation's end where "…," she said may stand


def grammatical_role(i: int, dep: list[str], head: list[int]) -> str:
    """subject (of the sentence's main clause), clause (subject of another clause), object, other:
    the role of token i, read from the parse's columns (``dep``, ``head``: each token's label and head)."""
    while dep[i] == "conj" and head[i] != i:
        i = head[i]  # "Shoukry and his counterparts gathered": each conjunct is a subject
    if dep[i] in ("poss", "appos") and dep[head[i]] in SUBJECT_DEPS:
        i = head[i]  # "Putin's comments came …. He accused": the subject's owner (or name) is as salient
    if dep[i] in SUBJECT_DEPS:
        verb = head[i]
        while dep[verb] == "conj" and head[verb] != verb:
            verb = head[verb]
        return "subject" if dep[verb] == "ROOT" else "clause"
    if dep[i] in OBJECT_DEPS:
        return "object"
    return "other"


def emphatic(token: Token) -> bool:
    """ "they are willing themselves", "I will raise it myself": a reflexive that is no verb's or
    preposition's argument only stresses its antecedent, and names no one of its own."""
    return token.lower_ in REFLEXIVE_PRONOUNS and (token.dep_ not in OBJECT_DEPS | {"pobj"} or
                                                   token.head.pos_ not in ("VERB", "AUX", "ADP"))


def acts(token: Token) -> bool:
    """Whether a pronoun is the subject of an act: "it hears", "they are to pay", not "it is" or "it was sold"."""
    if token.dep_ != "nsubj":
        return False
    verb = token.head
    return verb.lemma_ != "be" or any(c.dep_ == "xcomp" for c in verb.children)



def counted_two(noun: Token) -> bool:
    """A noun phrase that counts two: "two police officers", "the two sides"."""
    return any(c.dep_ == "nummod" and c.lower_ in ("two", "2") for c in noun.children)


def clause_subject(possessive: Token) -> Optional[Token]:
    """The subject of the clause a possessive stands in: "Germany withdrew its troops" (Germany), "urged Russia
    to withdraw its troops" (Russia, the object that controls "to withdraw")."""
    verb = possessive.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subject, _ = subject_of(verb)
    return subject if subject is not None and subject.i != possessive.i else None

class PronounSieve:
    """The pronoun pass of ``Coreference`` (kg/extract/coref.py), which holds the clusters it reads."""

    def nearest(self, candidates: list[Cluster], at: int) -> Optional[Cluster]:
        """The candidate mentioned last before ``at``; else the only one there is."""
        best, best_at = None, -1
        for cluster in candidates:
            k = bisect.bisect_left(cluster.positions, at)
            if k and cluster.positions[k - 1] > best_at:
                best, best_at = cluster, cluster.positions[k - 1]
        if best is None and len(candidates) == 1:
            return candidates[0]
        return best

    def agrees(self, cluster: Cluster, lower: str) -> bool:
        if lower in MALE_PRONOUNS | FEMALE_PRONOUNS:
            want = "m" if lower in MALE_PRONOUNS else "f"
            return cluster.person and cluster.gender in (None, want)
        if lower in NEUTER_PRONOUNS:
            return cluster.filler.type in ("Organization", "Country") and not cluster.person
        if lower in STANDALONE_PLURALS:
            return len(cluster.filler.members) == 2  # "both": a pair, "Ivan Petrov and Ana Lopez"
        if lower in PLURAL_PRONOUNS:
            return cluster.filler.type in ("Group", "Organization") or bool(cluster.filler.members)
        return False

    def pronoun(self, token: Token) -> Optional[str]:
        """The most salient agreeing mention of the last few sentences, not across into another
        speaker's quotation: an entity's id, or "@i" for the unnamed noun phrase headed by token i
        ("a police officer ... he drew": the officer, not the last person named)."""
        lower = token.lower_
        cls = PRONOUN_CLASS.get(lower)
        if cls is None:
            return None  # "which said": a relative pronoun is its clause's noun, not a mention before
        here = self.sentence(token.i)
        window = PERSON_WINDOW if cls in "mf" else THING_WINDOW
        first = self.starts[max(0, here - window)]
        quote = self.quote_of(token)
        speaker = self.quote_speaker_of(quote) if quote is not None else None
        # 'she said "that she had no plans to leave"': in a quoted clause of reported speech "she" may be the speaker
        fragment = speaker is not None and self.text[quote.start:quote.start + 1].islower()
        bound = self.co_arguments(token) if lower in OBJECT_PRONOUNS else set()
        doc = self.doc
        # "Later Rask thanked him": not Rask, under any of the names he was mentioned by
        bound = {id_ for i in bound for id_ in self.ids_at(i)}
        own = self.role(token.i)
        agent = cls in "np" and acts(token)
        own_subject = clause_subject(token) if token.dep_ == "poss" else None
        scores: dict[str, float] = {}
        for i, id_, role in self.candidates(first, token.i):
            if id_[0] in "@&":
                kind, gender = self.unnamed[id_]
                if id_ in bound or kind not in UNNAMED_KINDS[cls] or (gender and cls in "mf" and gender != cls):
                    continue
                if lower in STANDALONE_PLURALS and not counted_two(doc[i]):
                    continue  # "both" means a pair: "two police officers", "the two sides"
                unknown = kind == "person" and gender is None
                actor = kind not in ("thing", "things")
            else:
                id_ = self.canonical(id_)
                cluster = self.clusters.get(id_)
                if cluster is None or id_ in bound or not self.agrees(cluster, lower):
                    continue
                unknown = cluster.person and cluster.gender is None
                actor = cluster.filler.type in ACTOR_TYPES
            there = self.quotes.at(self.offsets[i])
            if there is not None and (quote is None or there.start != quote.start) and \
                    not self.same_voice(there, quote):
                continue  # no crossing into a quotation from outside it, or into another speaker's
            score = ROLE_WEIGHT[role] - SENTENCE_COST * (here - self.sentence(i)) + i / 10000
            if speaker is not None and id_ == speaker and cls != "p":
                if not fragment:
                    continue  # "he" in Smith's words is someone other than Smith
                score -= SPEAKER_COST
            if PARALLEL.get(role) == PARALLEL.get(own, "-"):
                score += PARALLEL_REWARD
            if unknown:
                score -= UNKNOWN_GENDER_COST
            if own_subject is not None and i == own_subject.i:
                score += OWN_SUBJECT_REWARD
            if agent and actor:
                score += AGENT_REWARD
            scores[id_] = max(scores.get(id_, score), score)
        if not scores:
            return None
        return max(scores, key=lambda k: (scores[k], k))

    def ids_at(self, i: int) -> list[str]:
        """The entities (or unnamed mentions) the mention at token i was linked to."""
        return [self.canonical(key) for _, key, _ in self.candidates(i, i + 1)]

    def same_voice(self, one, other) -> bool:
        """Two quotations of one speaker are one discourse: a pronoun in the second may mean a
        mention in the first."""
        if other is None:
            return False
        speaker = self.quote_speaker_of(other)
        return speaker is not None and self.quote_speaker_of(one) == speaker

    def mentions_at(self, i: int) -> list[tuple[str, str]]:
        """(key, role) of what the noun at token i may be to a later pronoun, read once: "@i" for a
        noun phrase that names no entity ("a police officer", "the aircraft", "the Radical Left
        Democrats"), "&i" for the coordination it heads, an entity's id for a surname the tagger
        missed. Nothing for a named mention or a description the sieve linked (both in ``subjects``)."""
        found = self._mentions.get(i)
        if found is None:
            found = self._mentions[i] = self._read_mentions(i) if i not in self.referents else []
        return found

    def _read_mentions(self, i: int) -> list[tuple[str, str]]:
        col = self.columns
        dep = col.dep[i]
        if i in self._quantified or (dep == "pobj" and col.lower(col.head[i]) == "as"):
            return []  # "all leaders" is no one in particular; "Sacoolas as a suspect": her role, no one else
        ent = entity_at(self.doc[i]) if col.ent_type[i] else None
        role = self.role(i)
        out = []
        if i in self._coordinating and dep in SUBJECT_DEPS | OBJECT_DEPS and (ent is None or ent.root.i == i):
            self.unnamed[f"&{i}"] = ("people", None)  # "Shoukry and his counterparts ... They"
            out.append((f"&{i}", role))
        if ent is not None and (ent.root.i != i or ent.label_ in NO_REFERENT_ENTS or ent.start in self.name_ids):
            return out
        lemma = col.lemma(i).lower()
        propn = col.pos[i] == "PROPN" and ent is None
        if propn:
            person = self.resolver.index.person(col.token_text(i))  # "Later Rask thanked him": a surname the tagger missed
            id_ = self.canonical(entity_id(person)) if person else None
            if id_ in self.clusters:
                return out + [(id_, role)]
        key = f"@{i}"
        kind, gender = self.mention_kind(lemma, i in self._plurals, ent), self.gender.nouns.get(lemma) or None
        if propn and kind == "thing":
            name = [c for c in col.lefts(i) if col.dep[c] == "compound"] + [i]
            words = [col.token_text(c) for c in name]
            gender = self.gender.of_name(" ".join(w for w in words if not self.gaz.title(w))) or None
            if gender or any(self.gaz.title(w) for w in words[:-1]):
                kind = "person"  # "praised General Ivo Laks", untagged: a titled name or a known first name
        self.unnamed[key] = (kind, gender)
        return out + [(key, role)]

    def _read_nouns(self) -> None:
        """The nouns heading an argument (an unnamed mention is among them), those after "all" or
        "every", those heading a coordination of nouns, and the plurals: from one array of the Doc."""
        doc, strings = self.doc, self.doc.vocab.strings
        pos, dep, tag, lower = doc.to_array([POS, DEP, TAG, LOWER]).reshape(len(doc), 4).T

        def among(column, values):
            return numpy.isin(column, [strings[v] for v in values])

        nouns = among(pos, ("NOUN", "PROPN"))
        self.mention_nouns = numpy.flatnonzero(nouns & among(dep, MENTION_DEPS)).tolist()
        head = self.columns.head
        self._quantified = {head[j] for j in numpy.flatnonzero(among(dep, ("det", "predet")) & among(lower, QUANTIFIERS))}
        self._coordinating = {head[j] for j in numpy.flatnonzero(nouns & among(dep, ("conj",)))}
        self._plurals = set(numpy.flatnonzero(among(tag, ("NNS", "NNPS"))).tolist())

    def candidates(self, first: int, last: int):
        """(token, key, role) of every mention from token ``first`` to before ``last``: the linked ones
        (names, descriptions, pronouns) and the unnamed noun phrases."""
        lo = bisect.bisect_left(self.subjects, (first, "", ""))
        hi = bisect.bisect_left(self.subjects, (last, "", ""))
        yield from self.subjects[lo:hi]
        if self.mention_nouns is None:
            self._read_nouns()
        nouns = self.mention_nouns
        for k in range(bisect.bisect_left(nouns, first), bisect.bisect_left(nouns, last)):
            for key, role in self.mentions_at(nouns[k]):
                yield nouns[k], key, role

    def mention_kind(self, lemma: str, plural: bool, ent) -> str:
        """person / people, collective (a body of people), thing / things."""
        label = ent.label_ if ent is not None else ""
        if not plural and (label == "ORG" or lemma in self.gender.collectives):
            return "collective"
        if label == "PERSON" or (label == "NORP" and plural) or lemma in self.gender.people or \
                lemma in self.gender.collectives or (not label and self.title_word(lemma)):
            return "people" if plural else "person"
        return "things" if plural else "thing"

    def title_word(self, lemma: str) -> bool:
        """Whether a noun is a title ("the president"), asked once per word and article."""
        found = self._titles.get(lemma)
        if found is None:
            found = self._titles[lemma] = bool(self.gaz.title(lemma))
        return found

    def described(self, key: str):
        """The filler of an unnamed mention, read once: "@i" the noun phrase headed by token i,
        "&i" the coordination it heads (a group of what each conjunct names)."""
        if key not in self._described:
            token = self.doc[int(key[1:])]
            if key[0] == "@":
                self._described[key] = self.resolver.resolve(token)
            else:
                self._described[key] = self.coordination(token)
        return self._described[key]

    def coordination(self, token: Token) -> Filler:
        members = [self.resolver.resolve(t) for t in (token, *token.conjuncts)]
        actors = [m for m in members if m.type in ACTOR_TYPES]
        span = self.doc[token.left_edge.i:max(t.right_edge.i for t in token.conjuncts) + 1]
        return Filler(label=" and ".join(m.label for m in members), type="Group" if actors else "Thing",
                      text=span.text, start=span.start_char, end=span.end_char, members=actors)

    def co_arguments(self, token: Token) -> set[int]:
        """ "Putin met him": the subject of the pronoun's own verb is not its antecedent."""
        verb = token.head
        return {c.i for c in verb.children if c.dep_ in SUBJECT_DEPS}

    def speaker_pronoun(self, token: Token) -> Optional[Cluster]:
        """ "I" and "we" inside a quotation are its speaker; outside one they name no one."""
        quote = self.quote_of(token)
        if quote is None:
            return None
        return self.clusters.get(self.canonical(self.quote_speaker_of(quote)) or "")

    def quote_speaker_of(self, quote) -> Optional[str]:
        """The subject of the reporting verb beside a quotation: "…," she said / X said: "…"."""
        if quote.start in self.quote_speaker:
            return self.quote_speaker[quote.start]
        self.quote_speaker[quote.start] = None  # no recursion through a speaker pronoun in a quotation
        doc = self.doc
        first = self._token_at(quote.open_start)
        last = self._token_at(max(quote.open_start, quote.close_end - 1))
        s_first, s_last = self.sentence(first), self.sentence(last)
        end = self.starts[s_last + 1 + QUOTE_REACH] if s_last + 1 + QUOTE_REACH < len(self.starts) else len(doc)
        best, best_key = None, None
        for i in range(self.starts[s_first], end):
            t = doc[i]
            if t.dep_ not in SUBJECT_DEPS or t.head.lemma_.lower() not in self.reporting:
                continue
            if quote.open_start <= t.idx < quote.close_end or quote.open_start <= t.head.idx < quote.close_end:
                continue  # 'Rusk "has said he is open"': a verb inside the quotation does not say it
            key = (self.sentence(i) > s_last, abs(i - last))  # its own sentence's "said" first, then the next one's
            if best is None or key < best_key:
                best, best_key = t, key
        found = None
        if best is None or best_key[0]:
            introducer = self.colon_subject(first)
            if introducer is not None:
                best, best_key = introducer, (False, 0)
        if best is None or best_key[0]:
            found = self.continued_speaker(quote, s_first)
            if found is not None:
                best = None
        if best is not None:
            if best.pos_ == "PRON" and best.lower_ not in SPEAKER_PRONOUNS:
                found = self.pronoun(best)
            elif self.referents.get(best.i):
                found = self.canonical(self.referents[best.i])  # "Dunn's mother, Charlotte Charles, said"
            else:
                ent = entity_at(best)
                filler = self.resolver.resolve(ent.root if ent is not None else best)
                found = self.canonical(filler.id)
                if found not in self.clusters and best.pos_ == "PROPN":
                    person = self.resolver.index.person(best.text)  # a surname the tagger did not tag
                    found = self.canonical(entity_id(person)) if person else None
                if found not in self.clusters and best.pos_ == "NOUN":
                    cluster = self.nominal(best) if self.definite(best) else None
                    found = cluster.filler.id if cluster else None
        self.quote_speaker[quote.start] = found if found in self.clusters else None
        return self.quote_speaker[quote.start]

    def colon_subject(self, first: int) -> Optional[Token]:
        """ "In his message, he praised the general: "…"": a quotation after a colon is the words of
        the subject of the clause the colon ends, whatever its verb."""
        j = first - 1
        while j >= 0 and self.doc[j].is_space:
            j -= 1
        if j < 0 or self.doc[j].text != ":":
            return None
        verb = self.doc[j].head
        return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < j), None)

    def continued_speaker(self, quote, s_first: int) -> Optional[str]:
        """ "…," said Becerra. "He knows …": a quotation with no speaker of its own, right after
        another one, goes on in that one's voice."""
        k = bisect.bisect_left(self.quotes.starts, quote.open_start) - 1
        if k < 0:
            return None
        previous = self.quotes.quotes[k]
        if self.sentence(self._token_at(max(previous.open_start, previous.close_end - 1))) < s_first - 1:
            return None
        return self.quote_speaker_of(previous)

    def _token_at(self, offset: int) -> int:
        doc = self.doc
        lo, hi = 0, len(doc) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if doc[mid].idx <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo
