"""The linguistic lexicons of ``ontology/``, loaded once into lookup tables.

Every table is a TSV file with a header line; ``#`` starts a comment line. A user
extends kg by editing these files (or pointing ``kg build --ontology`` at a copy), not code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from kg.ontology import OntologyError, directory, read_table

@dataclass(frozen=True)
class PredicateClass:
    """An event class of the vocabulary, with its PLOVER type and CAMEO code."""

    predicate: str
    event_class: str
    plover: Optional[str]
    cameo: Optional[str]


@dataclass(frozen=True)
class CameoPattern:
    """One pattern of the CAMEO verb dictionary: the words around a verb that select its code."""

    code: str  # "" is the dictionary's null code: this use of the verb is no event
    subject: frozenset[str] = frozenset()  # head words the subject may have (a synonym set expanded)
    particle: str = ""
    object: frozenset[str] = frozenset()
    modifiers: tuple[frozenset[str], ...] = ()  # words before the object's head ("{FINANCIAL AID}")
    preps: tuple[tuple[str, frozenset[str]], ...] = ()  # (preposition, its object's heads or empty: any)
    source: str = ""  # the verb the pattern was written for
    specificity: int = 0  # how many words it constrains: the most specific matching pattern wins


@dataclass
class Cameo:
    """PETRARCH2's CAMEO verb dictionary and the CAMEO->PLOVER table (scripts/make_cameo.py), as lookups."""

    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "raped" -> ("rape",)
    verbs: set[str] = field(default_factory=set)
    codes: dict[tuple[str, str], str] = field(default_factory=dict)  # (verb, particle) -> code of the bare verb
    # (verb, particle) -> the patterns of the blocks listing it so: "draw back" retreats, "draw" does not
    patterns: dict[tuple[str, str], tuple[CameoPattern, ...]] = field(default_factory=dict)
    # (verb, particle) -> (positions of the patterns naming no object, object word -> positions of its patterns):
    # a verb's hundred patterns are narrowed to the few its object can match, in file order
    index: dict[tuple[str, str], tuple[tuple[int, ...], dict[str, tuple[int, ...]]]] = field(default_factory=dict)
    plover: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (PLOVER type, mode)
    predicates: dict[str, Optional[str]] = field(default_factory=dict)  # code prefix -> kg predicate, None: lemma
    # (code prefix, object class) -> (code or None, whether only for verbs outside kg's own forms)
    senses: dict[tuple[str, str], tuple[Optional[str], bool]] = field(default_factory=dict)
    object_classes: dict[str, str] = field(default_factory=dict)  # "statement" -> verbal
    media: frozenset[str] = frozenset()  # the agent nouns of the press ("reporter", "newspaper"), coded MED
    # code prefix or verb lemma -> ((subject nouns, code), ...): "protesters gathered" is a demonstration
    subject_senses: dict[str, tuple[tuple[frozenset[str], str], ...]] = field(default_factory=dict)

    def candidates(self, key: tuple[str, str], objects: frozenset[str]) -> list[CameoPattern]:
        """The patterns of ``key`` that an object with these words may match, in the dictionary's order."""
        patterns = self.patterns.get(key, ())
        if not patterns:
            return []
        free, by_object = self.index[key]
        positions = set(free)
        for word in objects:
            positions.update(by_object.get(word, ()))
        return [patterns[i] for i in sorted(positions)]

    @staticmethod
    def _prefixes(code: str) -> list[str]:
        return [code[:n] for n in range(len(code), 1, -1)]

    def predicate(self, code: Optional[str]) -> Optional[str]:
        """The kg predicate of a CAMEO code (longest prefix with a row), None for the lemma."""
        for prefix in self._prefixes(code or ""):
            if prefix in self.predicates:
                return self.predicates[prefix]
        return None

    def plover_of(self, code: Optional[str]) -> tuple[Optional[str], Optional[str]]:
        """(PLOVER type, mode) of a code: its own row, else its parent's."""
        for prefix in self._prefixes(code or ""):
            if prefix in self.plover:
                return self.plover[prefix]
        return None, None

    def sense(self, code: str, object_class: str, dictionary_verb: bool) -> tuple[Optional[str], bool]:
        """(code, whether a rule decided it) for a verb of ``code`` with an object of ``object_class``.

        A rule's "=" keeps the code and confirms the sense ("shot the soldiers" is force on people)."""
        for prefix in self._prefixes(code):
            rule = self.senses.get((prefix, object_class))
            if rule is not None and (dictionary_verb or not rule[1]):
                return (code if rule[0] == "=" else rule[0]), True
        return code, False

    def subject_sense(self, code: Optional[str], lemma: str, subjects: frozenset[str]) -> Optional[str]:
        """The code a verb takes from who does it (subject_senses.tsv), None when no row names its subject."""
        if not subjects:
            return None
        for key in [lemma] + self._prefixes(code or ""):
            for nouns, sense in self.subject_senses.get(key, ()):
                if nouns & subjects:
                    return sense
        return None


@dataclass(frozen=True)
class ReportingVerb:
    lemma: str
    cue: str
    stance: str
    event: Optional[str]
    quote_only: bool
    frame: str = "clause"  # where the verb keeps what was said (kg.extract.speech.FRAMES)
    acts: frozenset = frozenset()  # object lemmas that make the verb an act, not speech ("denied funding")


PHRASAL_NEEDS = frozenset({"person", "object"})  # the conditions of phrasal_conditions.tsv


@dataclass(frozen=True)
class StopPhrase:
    pattern_head: str  # the phrase's words before any "*", lower case
    regex: re.Pattern


@dataclass
class Lexicon:
    predicates: dict[str, PredicateClass] = field(default_factory=dict)
    verbs: dict[str, str] = field(default_factory=dict)  # "send" -> supply
    phrasals: dict[tuple[str, str], str] = field(default_factory=dict)  # ("call", "for") -> demand
    idioms: dict[tuple[str, str], str] = field(default_factory=dict)  # ("impose", "sanction") -> sanction
    nouns: dict[str, str] = field(default_factory=dict)  # "strike" -> attack
    light_verbs: set[str] = field(default_factory=set)
    reporting: dict[str, ReportingVerb] = field(default_factory=dict)
    control: dict[str, str] = field(default_factory=dict)  # "prepare" -> planned
    non_event_verbs: set[str] = field(default_factory=set)
    motion_verbs: frozenset[str] = frozenset()  # "travelled to Canada": the goal is a place, not a party
    appraisal: dict[str, str] = field(default_factory=dict)  # "call" -> verb, "illegal" -> negative (appraisal*.tsv)
    group_nouns: frozenset[str] = frozenset()  # nouns naming people who act together ("officials")
    document_nouns: frozenset[str] = frozenset()  # texts someone issued ("statement", "report")
    reporting_nouns: dict[str, tuple[str, str]] = field(default_factory=dict)  # "claim" -> (cue, stance)
    partitive_nouns: frozenset[str] = frozenset()  # "a number of", "dozens of": the "of" phrase acts
    modality_cues: dict[tuple[str, str], str] = field(default_factory=dict)  # ("adverb", "reportedly") -> reported
    stop_patterns: list[StopPhrase] = field(default_factory=list)
    # ("speak", "with") -> "person": a meeting only with a person; ("take", "over") -> "object" (phrasal_conditions.tsv)
    phrasal_needs: dict[tuple[str, str], str] = field(default_factory=dict)
    cameo: Cameo = field(default_factory=Cameo)

    def predicate_class(self, predicate: str) -> Optional[PredicateClass]:
        return self.predicates.get(predicate)

    def is_boilerplate(self, line: str) -> bool:
        lowered = line.lower()
        # a plain substring test on the phrase's first words rules out almost every line cheaply
        return any(p.pattern_head in lowered and p.regex.search(line) for p in self.stop_patterns)


def _phrase_pattern(phrase: str) -> StopPhrase:
    """A stop phrase as a case-insensitive regex; ``*`` stands for any words."""
    words = [p.strip() for p in phrase.lower().split("*")]
    parts = [re.escape(p) for p in words]
    regex = re.compile(r"(?<!\w)" + r"(?:\s+\S+){0,6}\s+".join(parts) if len(parts) > 1
                       else r"(?<!\w)" + parts[0], re.IGNORECASE)
    return StopPhrase(words[0], regex)


def load_lexicon(ontology_dir: Optional[Path] = None) -> Lexicon:
    """Every lexicon table of ``ontology_dir`` (default: the ontology folder in use), read once."""
    return _load_lexicon(_resolved(directory(ontology_dir)))


@lru_cache(maxsize=8)
def _resolved(base: Path) -> Path:
    # asked for once per event of a build (an event's RDF class): resolving walks the file system each time
    return base.resolve()


@lru_cache(maxsize=8)
def _load_lexicon(base: Path) -> Lexicon:
    lex = Lexicon()
    for row in read_table(base / "predicates.tsv"):
        lex.predicates[row["predicate"]] = PredicateClass(
            row["predicate"], row["event_class"], row.get("plover") or None, row.get("cameo") or None)
    for row in read_table(base / "predicate_forms.tsv"):
        form, predicate, kind = row["form"].lower(), row["predicate"], row["kind"]
        words = form.split()
        if kind == "verb":
            lex.verbs[form] = predicate
        elif kind == "phrasal":
            lex.phrasals[(" ".join(words[:-1]), words[-1])] = predicate
        elif kind == "idiom":
            lex.idioms[(" ".join(words[:-1]), words[-1])] = predicate
        elif kind == "noun":
            lex.nouns[form] = predicate
        elif kind == "light":
            lex.light_verbs.add(form)
        else:
            raise ValueError(f"{base / 'predicate_forms.tsv'}: unknown kind {kind!r} for {form!r}")
    for row in read_table(base / "reporting_verbs.tsv"):
        event = row["event"] if row["event"] not in ("", "-") else None
        lex.reporting[row["lemma"]] = ReportingVerb(row["lemma"], row["cue"], row["stance"], event,
                                                    row["quote_only"] == "yes", row.get("frame") or "clause",
                                                    frozenset(a for a in (row.get("acts") or "").split(",")
                                                              if a and a != "-"))
    lex.control = {row["lemma"]: row["modality"] for row in read_table(base / "control_verbs.tsv")}
    lex.non_event_verbs = {row["lemma"] for row in read_table(base / "light_and_copula_verbs.tsv")}
    lex.group_nouns = frozenset(row["lemma"] for row in read_table(base / "group_nouns.tsv"))
    lex.motion_verbs = frozenset(row["lemma"] for row in read_table(base / "motion_verbs.tsv"))
    # the polarity of words from VADER's lexicon, then kg's own appraising verbs and words over it
    lex.appraisal = {row["word"]: row["polarity"] for row in read_table(base / "appraisal_words.tsv")}
    lex.appraisal.update((row["word"], row["kind"]) for row in read_table(base / "appraisal.tsv"))
    lex.document_nouns = frozenset(row["lemma"] for row in read_table(base / "document_nouns.tsv"))
    lex.reporting_nouns = {row["lemma"]: (row["cue"], row["stance"])
                           for row in read_table(base / "reporting_nouns.tsv")}
    lex.partitive_nouns = frozenset(row["lemma"] for row in read_table(base / "partitive_nouns.tsv"))
    lex.modality_cues = {(row["kind"], row["word"].lower()): row["modality"]
                         for row in read_table(base / "modality_cues.tsv")}
    lex.stop_patterns = [_phrase_pattern(row["pattern"]) for row in read_table(base / "stop_phrases.tsv")]
    lex.cameo = _load_cameo(base)
    for row in read_table(base / "phrasal_conditions.tsv", ("form", "needs")):
        if row["needs"] not in PHRASAL_NEEDS:
            raise OntologyError(f"{base / 'phrasal_conditions.tsv'}: needs is one of {sorted(PHRASAL_NEEDS)}, "
                                f"not {row['needs']!r}")
        verb, _, particle = row["form"].lower().rpartition(" ")
        lex.phrasal_needs[(verb, particle)] = row["needs"]
    return lex


def _singular(word: str) -> str:
    """A naive singular for the dictionary's plural pattern words ("prisoners", "rallies")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _load_cameo(base: Path) -> Cameo:
    """The CAMEO tables of ``base``, with every pattern's words expanded once (synonym sets, plurals)."""
    cameo = Cameo()
    synsets: dict[str, set[str]] = {}
    for row in read_table(base / "cameo_synsets.tsv", ("synset", "phrase")):
        if " " not in row["phrase"]:  # "stealth fighter" is no "fighter": a phrase's head alone says too little
            synsets.setdefault(row["synset"], set()).add(row["phrase"])

    def words(item: str) -> frozenset[str]:
        heads = synsets.get(item, set()) if item.startswith("&") else {item} if item else set()
        return frozenset(heads | {_singular(h) for h in heads})

    blocks: dict[tuple[str, str], list[str]] = {}
    for row in read_table(base / "cameo_verbs.tsv", ("form", "verb", "particle", "block", "code")):
        verb, particle = row["verb"], row["particle"]
        cameo.verbs.add(verb)
        forms = cameo.forms.get(row["form"], ())
        if verb not in forms:
            cameo.forms[row["form"]] = forms + (verb,)
        if row["code"] and (verb, particle) not in cameo.codes:
            cameo.codes[(verb, particle)] = row["code"]
        if row["block"] not in blocks.setdefault((verb, particle), []):
            blocks[(verb, particle)].append(row["block"])
    by_block: dict[str, list[CameoPattern]] = {}
    for row in read_table(base / "cameo_patterns.tsv", ("block", "subject", "particle", "object", "modifiers",
                                                        "preps", "code", "verb")):
        preps = []
        for item in row["preps"].split():
            prep, _, noun = item.partition("=")
            preps.append((prep, words(noun)))
        modifiers = tuple(words(m) for m in row["modifiers"].split())
        specificity = (bool(row["subject"]) + bool(row["particle"]) + bool(row["object"]) + len(modifiers)
                       + sum(1 + bool(n) for _, n in preps))
        by_block.setdefault(row["block"], []).append(CameoPattern(
            row["code"], words(row["subject"]), row["particle"], words(row["object"]), modifiers, tuple(preps),
            row["verb"], specificity))
    for (verb, particle), names in blocks.items():
        # a verb's own patterns first: of equal patterns, the one written for this verb wins
        patterns = [p for b in names for p in by_block.get(b, [])]
        ordered = tuple([p for p in patterns if p.source == verb] + [p for p in patterns if p.source != verb])
        cameo.patterns[(verb, particle)] = ordered
        by_object: dict[str, list[int]] = {}
        for i, pattern in enumerate(ordered):
            for word in pattern.object:
                by_object.setdefault(word, []).append(i)
        cameo.index[(verb, particle)] = (tuple(i for i, p in enumerate(ordered) if not p.object),
                                         {w: tuple(v) for w, v in by_object.items()})
    for row in read_table(base / "cameo_overrides.tsv", ("verb", "particle", "code")):  # kg's own word last
        cameo.codes[(row["verb"], row["particle"])] = "" if row["code"] == "-" else row["code"]
    for row in read_table(base / "cameo_plover.tsv", ("cameo", "plover", "mode")):
        cameo.plover[row["cameo"]] = (row["plover"] or None, row["mode"] or None)
    for row in read_table(base / "cameo_predicates.tsv", ("cameo", "predicate")):
        cameo.predicates[row["cameo"]] = None if row["predicate"] == "-" else row["predicate"]
    for row in read_table(base / "cameo_senses.tsv", ("cameo", "object", "sense", "verbs")):
        if row["verbs"] not in ("all", "dictionary"):
            raise OntologyError(f"{base / 'cameo_senses.tsv'}: verbs is 'all' or 'dictionary', not {row['verbs']!r}")
        cameo.senses[(row["cameo"], row["object"])] = (None if row["sense"] == "-" else row["sense"],
                                                       row["verbs"] == "dictionary")
    senses: dict[str, list[tuple[frozenset[str], str]]] = {}
    for row in read_table(base / "subject_senses.tsv", ("verb", "subjects", "sense")):
        nouns = frozenset(n.strip().lower() for n in row["subjects"].split(",") if n.strip())
        senses.setdefault(row["verb"].lower(), []).append((nouns, row["sense"]))
    cameo.subject_senses = {key: tuple(rows) for key, rows in senses.items()}
    for row in read_table(base / "object_senses.tsv", ("noun", "class")):
        for noun in sorted(words(row["noun"])):
            cameo.object_classes.setdefault(noun, row["class"])
    media = set()
    for row in read_table(base / "cameo_agents.tsv", ("noun", "agent")):  # the field's agent nouns are people
        if row["agent"] == "MED":
            media |= words(row["noun"])
        for noun in sorted(words(row["noun"])):
            cameo.object_classes.setdefault(noun, "person")
    cameo.media = frozenset(media)
    return cameo
