"""Who is who, the pronoun pass of the coreference sieve (kg/extract/coref.py), last and most
permissive: agreement in person, number, gender and animacy, then salience; "I"/"we" inside a
quotation is its speaker."""
from __future__ import annotations

import bisect
from typing import Optional

from spacy.tokens import Token

from kg.extract.coref_names import Cluster
from kg.extract.docindex import entity_at
from kg.model import entity_id

MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
NEUTER_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
SPEAKER_PRONOUNS = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
OBJECT_PRONOUNS = {"him", "her", "it", "them"}  # not bound by the subject of their own verb
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
OBJECT_DEPS = {"dobj", "iobj", "dative", "attr", "oprd"}
# salience weights (Lappin & Leass 1994, simplified): the role a mention has, and what each
# sentence back costs; a pronoun takes the best-scoring agreeing entity
ROLE_WEIGHT = {"subject": 80, "object": 50, "other": 40}
SENTENCE_COST = 35
UNKNOWN_GENDER_COST = 15
PERSON_WINDOW = 3  # sentences back a personal pronoun looks for its antecedent
THING_WINDOW = 2
# "said", "told": a quotation's speaker is the subject of the reporting verb next to it
QUOTE_REACH = 1  # sentences after a quotation's end where "…," she said may stand


def grammatical_role(token: Token) -> str:
    if token.dep_ in SUBJECT_DEPS:
        return "subject"
    if token.dep_ in ("poss", "appos") and token.head.dep_ in SUBJECT_DEPS:
        return "subject"  # "Putin's comments came …. He accused": the subject's owner (or name) is as salient
    if token.dep_ in OBJECT_DEPS:
        return "object"
    return "other"



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
        if lower in PLURAL_PRONOUNS:
            return cluster.filler.type in ("Group", "Organization") or bool(cluster.filler.members)
        return False

    def pronoun(self, token: Token) -> Optional[Cluster]:
        """The most salient agreeing entity of the last few sentences, not across quotations."""
        lower = token.lower_
        here = self.sentence(token.i)
        window = PERSON_WINDOW if lower in MALE_PRONOUNS | FEMALE_PRONOUNS else THING_WINDOW
        first = self.starts[max(0, here - window)]
        quote = self.quote_of(token)
        speaker = self.quote_speaker_of(quote) if quote is not None else None
        bound = self.co_arguments(token) if lower in OBJECT_PRONOUNS else set()
        lo = bisect.bisect_left(self.subjects, (first, "", ""))
        hi = bisect.bisect_left(self.subjects, (token.i, "", ""))
        scores: dict[str, float] = {}
        for i, id_, role in self.subjects[lo:hi]:
            id_ = self.canonical(id_)
            cluster = self.clusters.get(id_)
            if cluster is None or i in bound or not self.agrees(cluster, lower):
                continue
            there = self.quote_of(self.doc[i])
            if there is not None and (quote is None or there.start != quote.start):
                continue  # no crossing into a quotation from outside it
            if speaker is not None and id_ == speaker and lower not in PLURAL_PRONOUNS:
                continue  # "he" in Smith's words is someone other than Smith
            score = ROLE_WEIGHT[role] - SENTENCE_COST * (here - self.sentence(i)) + i / 10000
            if cluster.person and cluster.gender is None:
                score -= UNKNOWN_GENDER_COST
            scores[id_] = max(scores.get(id_, score), score)
        if not scores:
            return None
        return self.clusters[max(scores, key=lambda k: (scores[k], k))]

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
        best = None
        for i in range(self.starts[s_first], end):
            t = doc[i]
            if t.dep_ not in SUBJECT_DEPS or t.head.lemma_.lower() not in self.reporting:
                continue
            if quote.open_start <= t.idx < quote.close_end:
                continue
            if best is None or abs(i - last) < abs(best.i - last):
                best = t
        found = None
        if best is not None:
            if best.pos_ == "PRON" and best.lower_ not in SPEAKER_PRONOUNS:
                cluster = self.pronoun(best)
                found = cluster.filler.id if cluster else None
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
