"""How sure kg is of a fact: one place for every score that events and claims carry.

A reading starts from what its construction guarantees and loses for each guess on the way: a subject
found across clause boundaries, a verb outside the vocabulary, an actor taken from a rule of thumb, a
nominal event, an actor that is no named entity, a member acting through its group.
"""
from __future__ import annotations

EVENT_BASE = 0.9
PER_HOP = 0.1  # each clause boundary crossed to find the subject
MAX_HOPS = 4
UNCLASSIFIED = 0.15  # a verb outside the vocabulary: its lemma is the predicate
GUESSED = 0.1  # the actor came from a rule of thumb (an implicit agent, a frame)
NOMINAL = 0.05  # a nominal event ("the arrest of X") says less about who acted than a verb
UNNAMED_ACTOR = 0.15  # an actor that is a description, not a named entity
PRONOUN_ACTOR = 0.4
THROUGH_GROUP = 0.1  # a member of a coordinated subject acts through its group: one step removed
FLOOR = 0.05


def event_confidence(hops: int, classified: bool, guessed: bool, nominal: bool) -> float:
    """The score of a reading before its actor is known."""
    return EVENT_BASE - PER_HOP * min(hops, MAX_HOPS) - (0.0 if classified else UNCLASSIFIED) - \
        (GUESSED if guessed else 0.0) - (NOMINAL if nominal else 0.0)


def actor_confidence(reading_score: float, named: bool, pronoun: bool, through_group: bool) -> float:
    """The score of one event: the reading's, less what its actor leaves open."""
    score = reading_score
    if not named:
        score -= PRONOUN_ACTOR if pronoun else UNNAMED_ACTOR
    if through_group:
        score -= THROUGH_GROUP
    return round(max(FLOOR, min(1.0, score)), 2)

# open relations: what the construction itself guarantees, less an unnamed subject
RELATION_BASE = {"copula": 0.8, "role": 0.8, "apposition": 0.75, "possessive": 0.6, "clause": 0.6}
RELATION_UNNAMED = 0.1


def relation_confidence(kind: str, named: bool) -> float:
    """The score of an open relation: its construction's, less a subject that is no named entity."""
    return round(max(FLOOR, RELATION_BASE.get(kind, 0.5) - (0.0 if named else RELATION_UNNAMED)), 2)
