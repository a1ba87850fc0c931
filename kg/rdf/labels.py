"""Merged events' rdfs:label: an event as an English headline."""
from __future__ import annotations

from kg.merge import normalize_label, singularize
from kg.text import safe_text as clean_text


# verbs whose third person singular is not VERB+s / VERB+es / VERB-y+ies
_IRREGULAR_3SG = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def third_person(verb: str) -> str:
    """The present-tense form after "he/she/it": 'accuse' -> 'accuses', 'supply' -> 'supplies'."""
    if verb in _IRREGULAR_3SG:
        return _IRREGULAR_3SG[verb]
    if verb.endswith(("s", "x", "z", "ch", "sh", "o")):
        return verb + "es"
    if len(verb) > 1 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _plural_subject(filler: dict) -> bool:
    """A group, or a common noun in the plural ("officials", "the foreign ministers"): they propose."""
    if filler.get("type") == "Group" or filler.get("members"):
        return True
    words = str(filler.get("label") or "").split()
    return bool(words) and words[-1].islower() and singularize(words[-1]) != words[-1]


def event_label(record: dict) -> str:
    """An event as an English headline: 'Vladimir Putin proposes direct talks (Ukraine)',
    'Ukraine breaks off negotiations'. The target is left out where it repeats the object; an
    object that names the event itself ("attack" a "drone attack") stands alone after the actor."""
    subject, obj, target = (record.get(role) or {} for role in ("subject", "object", "target"))
    actor = clean_text(subject.get("label") or "")
    thing = clean_text(obj.get("label") or "")
    verb, *particles = (str(record.get("predicate") or "").replace("_", " ").split() or [""])
    if verb and not _plural_subject(subject):
        verb = third_person(verb)
    words = " ".join([verb, *particles]).strip()
    head = singularize(thing.split()[-1].lower()) if thing else ""
    # the object names the event itself: its head is the predicate ("a drone attack") or the noun the event
    # was read from ("criticism by UNESCO": the verb is "criticism")
    names_itself = head and head in (str(record.get("predicate") or "").partition("_")[0],
                                     singularize(str(record.get("verb") or "").lower()))
    if names_itself:
        label = f"{actor}: {thing}" if actor else thing
    else:
        label = " ".join(x for x in (actor, words, thing) if x)
    seen = {normalize_label(x) for x in (actor, thing) if x}
    if target.get("label") and normalize_label(clean_text(target["label"])) not in seen:
        label += f" ({clean_text(target['label'])})"
    return label

