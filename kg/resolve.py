"""Entities across articles: one id per actor, with every alias it was called by."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable, Optional

from kg.extract.names import company_form, first_name, surname
from kg.model import POSSESSIVE, PRONOUNS, Entity

LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


def is_pronoun(text: str) -> bool:
    """ "us", "We", "I" are pronouns; "US" in capitals is the country's acronym, a name."""
    return text.lower() in PRONOUNS and not (len(text) > 1 and text.isupper())


def alias_form(text: str) -> str:
    """An alias as people would look it up: no leading article, possessive or line breaks."""
    text = " ".join(text.split())
    text = LEADING_ARTICLE.sub("", text)
    text = POSSESSIVE.sub("", text).strip(" ,;:—–-\"“”‘’")
    # a full stop ends the alias unless it ends an abbreviation ("U.S.", "Jr.")
    abbreviation = re.search(r"(\b\w\.){2,}$|\b[A-Z][a-z]?\.$", text) or (text and company_form(text.split()[-1]))
    return text[:-1] if text.endswith(".") and not abbreviation else text


_INITIAL = re.compile(r"^[A-Z]\.$")


def without_initials(label: str) -> str:
    """ "Brian T. Carroll" -> "Brian Carroll": a middle initial is no other person."""
    words = label.split()
    if len(words) < 3:
        return label
    return " ".join([words[0]] + [w for w in words[1:-1] if not _INITIAL.match(w)] + [words[-1]])


class EntityRegistry:
    """Collects entity mentions from every article; merges surname-only persons into full names.

    Lookups go through dicts keyed by id and by surname: no pairwise comparison of entities.
    """

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.types: dict[str, Counter] = {}  # entity id -> how often each type was given it

    def observe(self, filler: Optional[dict], article: str) -> None:
        if not filler:
            return
        for member in filler.get("members") or []:
            self.observe(member, article)
        if not filler.get("id"):
            return
        entity = self.entities.get(filler["id"])
        if entity is None:
            entity = self.entities[filler["id"]] = Entity(filler["id"], filler["label"], filler.get("type", "Thing"))
        entity.mentions += 1
        self.types.setdefault(filler["id"], Counter())[filler.get("type", "Thing")] += 1
        if article not in entity.articles:
            entity.articles.append(article)
        for name in (filler.get("label"), filler.get("text")):
            alias = alias_form(name or "")
            if alias and not is_pronoun(alias) and alias not in entity.aliases:
                entity.aliases.append(alias)

    def add_alias(self, id_: str, alias: str, description: bool = False) -> None:
        """A name of the entity; a description ("the president") also keeps its article, the
        way the article called it (a description is no name without it)."""
        entity = self.entities.get(id_)
        if entity is None:
            return
        forms = [alias_form(alias)]
        if description and LEADING_ARTICLE.match(alias.strip()):
            forms.append("the " + forms[0])
        for form in forms:
            if form and form not in entity.aliases:
                entity.aliases.append(form)

    def add_role(self, id_: str, role: dict) -> None:
        """A role read from a title ("president" of "Russia"), kept as a fact of the entity."""
        entity = self.entities.get(id_)
        if entity is not None:
            roles = entity.attributes.setdefault("roles", [])
            if role not in roles:
                roles.append(role)
                roles.sort(key=lambda r: (r.get("role", ""), r.get("affiliation", "")))

    def vote_types(self) -> None:
        """One type per entity, the one most of its mentions gave it: a person named Biden is a
        Person though the tagger once took "Biden" for an organisation. Ties: the first given."""
        for id_, entity in self.entities.items():
            counts = self.types.get(id_)
            if counts:
                entity.type = max(counts, key=lambda t: (counts[t], t == entity.type))

    def merge_surnames(self) -> dict[str, str]:
        """Map the ids of one-word person names to the one full name that ends with them, if unique.

        Across articles a bare surname ("Biden") joins a full name only when no other person of
        the corpus has that surname, or when its roles tell which one ("President Trump": the
        Trump who is president); accents do not count ("Erdogan" is "Recep Tayyip Erdoğan").
        Looked up by surname: no pairwise comparison.
        """
        self.vote_types()
        remap = {}
        by_label = {e.label: e.id for e in self.entities.values() if e.type == "Person"}
        for entity in self.entities.values():
            plain = without_initials(entity.label) if entity.type == "Person" else entity.label
            if plain != entity.label and by_label.get(plain):
                remap[entity.id] = by_label[plain]  # "Brian T. Carroll" is "Brian Carroll" of another article
        full_by_surname: dict[str, set[str]] = defaultdict(set)
        for entity in self.entities.values():
            words = entity.label.split()
            if entity.type == "Person" and len(words) > 1 and first_name(entity.label) != surname(entity.label) \
                    and entity.id not in remap:
                full_by_surname[surname(entity.label)].add(entity.id)
        for entity in list(self.entities.values()):
            words = entity.label.split()
            if entity.type == "Person" and len(words) == 1:
                candidates = full_by_surname.get(surname(entity.label), set())
                if len(candidates) > 1:
                    candidates = self.fitting_roles(entity, candidates)
                if len(candidates) == 1:
                    remap[entity.id] = next(iter(candidates))
        for old, new in remap.items():
            gone = self.entities.pop(old)
            target = self.entities[new]
            target.mentions += gone.mentions
            for alias in gone.aliases:
                if alias not in target.aliases:
                    target.aliases.append(alias)
            target.articles = sorted(set(target.articles) | set(gone.articles))
        # a person is called by the surname alone: make it an alias of the full name
        for entity in self.entities.values():
            words = entity.label.split()
            if entity.type == "Person" and len(words) > 1 and words[-1] not in entity.aliases:
                entity.aliases.append(words[-1])
        return remap

    def fitting_roles(self, entity: Entity, candidates: set[str]) -> set[str]:
        """The candidates holding one of the roles the surname was given ("President Trump")."""
        roles = {r.get("role") for r in entity.attributes.get("roles", [])}
        if not roles:
            return candidates
        return {c for c in candidates
                if roles & {r.get("role") for r in self.entities[c].attributes.get("roles", [])}}

    def records(self) -> list[dict]:
        out = []
        for id_ in sorted(self.entities):
            entity = self.entities[id_]
            entity.aliases = sorted(set(entity.aliases), key=lambda a: (a.lower(), a))
            entity.articles = sorted(set(entity.articles))
            out.append(entity.to_dict())
        return out


def remap_filler(filler: Optional[dict], remap: dict[str, str], labels: dict[str, str]) -> None:
    """Point a filler (and its members) at the merged entity."""
    if not filler:
        return
    if filler.get("id") in remap:
        filler["id"] = remap[filler["id"]]
        filler["label"] = labels.get(filler["id"], filler["label"])
    for member in filler.get("members") or []:
        remap_filler(member, remap, labels)


def fillers_of(record: dict) -> Iterable[dict]:
    for role in ("subject", "object", "target", "location", "attributed_to", "speaker"):
        if record.get(role):
            yield record[role]


