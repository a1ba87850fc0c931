"""The fact model: articles in, events, claims and entities out.

These records are the one interface between extraction and everything
downstream (merging, the RDF graph, every exporter). Their JSON form is the
record format of ``spec/facts.md``; fields that are ``None`` (or empty) are
left out of the JSON.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Optional

from kg.text import slugify  # noqa: F401  (entity ids are slugs; importers of kg.model keep finding it)

MODALITIES = ("asserted", "reported", "claimed", "denied", "negated", "hypothetical", "planned")
# events the text does not state as happening: they keep their event node (with the modality)
# but never become a direct actor -predicate-> object triple or a default network edge
NOT_HAPPENING = frozenset({"negated", "denied", "hypothetical"})
# entity attributes that say what a person is and for whom: "roles" (a list of {role,
# affiliation}, kg.resolve) or a single "role" and "affiliation"
ROLE_KEYS = frozenset({"roles", "role", "affiliation"})


def entity_roles(record: dict) -> list[dict]:
    """The roles of an entity record, each {"role": ..., "affiliation": ...} (either may be absent)."""
    attributes = record.get("attributes") or {}
    roles = [r for r in attributes.get("roles") or [] if isinstance(r, dict)]
    single = {k: attributes[k] for k in ("role", "affiliation") if attributes.get(k) and not isinstance(attributes[k], list)}
    lists = [{k: v} for k in ("role", "affiliation") if isinstance(attributes.get(k), list) for v in attributes[k]]
    return roles + ([single] if single else []) + lists


def plain_value(value: Any) -> str:
    """A value as a person writes it, never a Python repr: "a, b" for a list, "k=v, k=v" for a dict."""
    if isinstance(value, dict):
        return ", ".join(f"{k}={plain_value(v)}" for k, v in sorted(value.items()))
    if isinstance(value, (list, tuple, set)):
        return ", ".join(plain_value(v) for v in value)
    return str(value)
STANCES = ("assert", "deny")


def stable_hash(*parts: Any, length: int = 16) -> str:
    """A short hex digest of the parts: the same inputs give the same id, run after run."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def entity_id(label: str, type_: str = "") -> str:
    """Canonical entity id from the canonical label; readable where the label is ASCII."""
    slug = slugify(label)[:60]
    # a label that slugifies to nothing readable keeps its identity through a hash
    if slug == "x" or not label.isascii():
        slug = f"{slug}-{stable_hash(label, length=8)}"
    return f"actor:{slug}"


def _compact(value: Any) -> Any:
    """Drop None and empty containers, recursively, so the JSON holds only what was read."""
    if isinstance(value, dict):
        out = {k: _compact(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def plain(value: Any) -> Any:
    """``_compact(asdict(value))`` in one walk: asdict deep-copies every field first."""
    if type(value) in _ATOMIC:  # most values: nothing to walk
        return value
    names = _FIELD_NAMES.get(type(value))
    if names is None and is_dataclass(value):
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
    if names is not None:
        out = {}
        for name in names:
            item = plain(getattr(value, name))
            if item is not None and item != [] and item != {}:
                out[name] = item
        return out
    if isinstance(value, dict):
        return _compact({k: plain(v) for k, v in value.items()})
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_ATOMIC = frozenset({str, int, float, bool, type(None)})


# words that stand for someone only through coreference: never an alias, never a node of their own
PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself", "we", "i", "me", "my", "us",
                      "our", "ourselves", "myself", "they", "them", "their", "themselves", "it", "its", "itself",
                      "you", "your", "this", "that", "these", "those"})
# pronouns and pro-forms that name nobody until a resolver says whom ("it said", "those who fled")
UNRESOLVED_PRONOUNS = frozenset({"it", "they", "them", "this", "that", "these", "those", "which", "who", "one"})
# the filler types that act and speak; places, times and things do neither
ACTOR_TYPES = frozenset({"Person", "Organization", "Country", "Group"})
# words before a noun that do not name it: "The bill" is as common a noun as "a bill"
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "some", "any", "another", "his", "her",
                         "its", "their", "our", "my", "your"})
POSSESSIVE = re.compile(r"[’']s?$")  # "the Kremlin's", "the ministers'"


START_KEYS = frozenset({"start", "cue_start", "content_start", "verb_start"})
END_KEYS = frozenset({"end", "cue_end", "content_end", "verb_end"})


class Offsets:
    """Where the characters that reading deleted stood (a zero-width space, a control, the \\r of \\r\\n):
    maps an offset in the cleaned text that extraction reads to the same place in the text as given.

    ``cuts`` holds, for each deleted character, the cleaned offset of the character that followed it.
    """

    __slots__ = ("cuts",)

    def __init__(self, cuts: tuple[int, ...] = ()):
        self.cuts = tuple(cuts)

    @classmethod
    def of_deletions(cls, deleted: list[int]) -> "Offsets":
        """From the offsets, in the given text, of the deleted characters (sorted)."""
        return cls(tuple(p - n for n, p in enumerate(deleted)))

    def __bool__(self) -> bool:
        return bool(self.cuts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Offsets) and other.cuts == self.cuts

    def __repr__(self) -> str:
        return f"Offsets({self.cuts!r})"

    def start(self, i: int) -> int:
        """A span's first character: deleted characters before it shift it right."""
        return i + bisect.bisect_right(self.cuts, i)

    def end(self, i: int) -> int:
        """A span's end (exclusive): just after its last character, not after a deleted one that follows."""
        return i + bisect.bisect_right(self.cuts, i - 1) if i > 0 else 0

    def original(self, record: Any) -> Any:
        """The record (plain JSON data) with every character offset in it moved to the given text."""
        if not self.cuts:
            return record
        if isinstance(record, list):
            return [self.original(v) for v in record]
        if not isinstance(record, dict):
            return record
        out = {}
        for key, value in record.items():
            if type(value) is int and key in START_KEYS:
                out[key] = self.start(value)
            elif type(value) is int and key in END_KEYS:
                out[key] = self.end(value)
            else:
                out[key] = self.original(value) if isinstance(value, (dict, list)) else value
        return out


@dataclass
class Article:
    """One news article as read from disk."""

    id: str
    text: str
    title: Optional[str] = None
    published: Optional[str] = None  # ISO date, YYYY-MM-DD
    source: Optional[str] = None
    url: Optional[str] = None
    author: Optional[str] = None
    origin: Optional[str] = None  # "path" or "path:line" it was read from
    # the characters reading took out of the text; records' offsets are given in the text as it came
    offsets: Offsets = field(default_factory=Offsets, compare=False, repr=False)

    def meta(self) -> dict:
        return _compact({f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("text", "offsets")})


@dataclass
class Filler:
    """A role filler: who acts, on what, to whom, where, when, who says so."""

    label: str
    text: Optional[str] = None
    type: str = "Thing"
    id: Optional[str] = None
    members: list["Filler"] = field(default_factory=list)
    value: Optional[str] = None  # ISO 8601 for times
    start: Optional[int] = None  # character offsets of ``text`` in the article
    end: Optional[int] = None
    scope: Optional[str] = None  # the article a thing without a name is the thing of (common_thing)

    def to_dict(self) -> dict:
        return plain(self)

    @classmethod
    def from_dict(cls, d: Optional[dict]) -> Optional["Filler"]:
        if not d:
            return None
        d = dict(d)
        d["members"] = [cls.from_dict(m) for m in d.get("members") or []]
        return cls(**{k: v for k, v in d.items() if k in _FILLER_FIELDS})


_FILLER_FIELDS = {f.name for f in fields(Filler)}


def _record_from_dict(cls: type, d: dict, fillers: tuple[str, ...]) -> Any:
    """A record read back from its JSON (facts.jsonl, the cache): its fillers typed again. A key the
    class does not know is an error, not dropped: a record that lost data would be written back short."""
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(d) - names)
    if unknown:
        raise ValueError(f"a {cls.__name__.lower()} record has unknown field(s): {', '.join(unknown)}")
    values = dict(d)
    for name in fillers:
        if name in values:
            values[name] = Filler.from_dict(values[name])
    return cls(**values)


@dataclass
class Event:
    article: str
    sentence: str
    start: int
    end: int
    subject: Filler
    predicate: str
    verb: str
    event_type: Optional[str] = None
    plover: Optional[str] = None
    cameo: Optional[str] = None
    object: Optional[Filler] = None
    target: Optional[Filler] = None
    location: Optional[Filler] = None
    time: Optional[Filler] = None
    modality: str = "asserted"
    attributed_to: Optional[Filler] = None
    confidence: float = 0.5
    verb_start: Optional[int] = None  # offsets of the predicate's head word in the article
    verb_end: Optional[int] = None
    published: Optional[str] = None  # the article's date, for merging and timelines
    sources: list[str] = field(default_factory=list)
    disputed_by: list[str] = field(default_factory=list)  # ids of the claims that deny it
    id: str = ""
    kind: str = "event"
    event_key: Optional[str] = None  # the merged event's cluster (kg.merge), in facts.jsonl

    @classmethod
    def from_dict(cls, d: dict) -> "Event":
        return _record_from_dict(cls, d, ("subject", "object", "target", "location", "time", "attributed_to"))

    def assign_id(self) -> None:
        self.id = "ev:" + stable_hash(self.article, self.verb_start, self.predicate,
                                      self.subject.label, self.object.label if self.object else "")

    def to_dict(self) -> dict:
        d = plain(self)
        return {"kind": d.pop("kind"), "id": d.pop("id"), **d}


@dataclass
class Claim:
    article: str
    sentence: str
    start: int
    end: int
    speaker: Filler
    cue: str
    content: str
    stance: str = "assert"
    quote: bool = False
    cue_start: Optional[int] = None
    cue_end: Optional[int] = None
    content_start: Optional[int] = None
    content_end: Optional[int] = None
    about: list[str] = field(default_factory=list)
    confidence: float = 0.5
    published: Optional[str] = None
    claim_key: str = ""  # the same words by the same speaker share it across articles
    id: str = ""
    kind: str = "claim"

    @classmethod
    def from_dict(cls, d: dict) -> "Claim":
        return _record_from_dict(cls, d, ("speaker",))

    def assign_id(self) -> None:
        self.id = "cl:" + stable_hash(self.article, self.content_start, self.content_end, self.speaker.label)

    def to_dict(self) -> dict:
        d = plain(self)
        d["quote"] = self.quote  # false is information here, keep it
        return {"kind": d.pop("kind"), "id": d.pop("id"), **d}


@dataclass
class Relation:
    """An open relation: what a sentence states that is not an act ("X is the party's candidate",
    "Adil Abdul-Mahdi, Iraq's caretaker prime minister", "Iran's Quds Force", any other clause).

    ``relation`` names the construction (copula, role, apposition, possessive, clause); ``verb`` is
    the relation phrase as written ("was elected in", "is the candidate of")."""

    article: str
    sentence: str
    start: int
    end: int
    subject: Filler
    relation: str
    verb: str
    object: Optional[Filler] = None
    complements: list[Filler] = field(default_factory=list)  # further objects and prepositional phrases
    location: Optional[Filler] = None
    time: Optional[Filler] = None
    confidence: float = 0.5
    verb_start: Optional[int] = None  # offsets of the relation's head word (verb, apposition, possessor)
    verb_end: Optional[int] = None
    published: Optional[str] = None
    id: str = ""
    kind: str = "relation"

    @classmethod
    def from_dict(cls, d: dict) -> "Relation":
        record = _record_from_dict(cls, d, ("subject", "object", "location", "time"))
        record.complements = [Filler.from_dict(c) for c in record.complements]
        return record

    def assign_id(self) -> None:
        self.id = "rel:" + stable_hash(self.article, self.verb_start, self.relation, self.subject.start,
                                       self.verb, self.object.start if self.object else "")

    def to_dict(self) -> dict:
        d = plain(self)
        return {"kind": d.pop("kind"), "id": d.pop("id"), **d}


@dataclass
class Entity:
    id: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    articles: list[str] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)  # role, affiliation, ... kept as facts of the entity
    kind: str = "entity"

    @classmethod
    def from_dict(cls, d: dict) -> "Entity":
        return _record_from_dict(cls, d, ())

    def to_dict(self) -> dict:
        d = plain(self)
        return {"kind": d.pop("kind"), "id": d.pop("id"), **d}


RECORD_KINDS: dict[str, type] = {"event": Event, "claim": Claim, "relation": Relation, "entity": Entity}


def from_record(d: dict) -> Any:
    """The typed record (Event, Claim, Relation, Entity) of one facts.jsonl line."""
    kind = d.get("kind")
    if kind not in RECORD_KINDS:
        raise ValueError(f"a record of unknown kind {kind!r}")
    return RECORD_KINDS[kind].from_dict(d)


def common_thing(filler: Optional[dict]) -> bool:
    """A thing named by common nouns only ("a statement", "his death", "people"): what it means is
    its article's own (another article's "a statement" is another statement), unlike a named thing
    ("the Hagia Sophia") or an entity."""
    if not filler or filler.get("id") or (filler.get("type") or "Thing") != "Thing":
        return False
    words = str(filler.get("label") or "").split()
    if words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return bool(words) and not any(c.isupper() for word in words for c in word)
