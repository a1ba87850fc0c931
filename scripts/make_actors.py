"""Regenerate ontology/phoenix_actors.tsv from the Phoenix actor dictionaries (PETRARCH2, MIT).

    python scripts/make_actors.py [LEXICON_DIR]   (default: ../shared/lexicons/petrarch2)

Phoenix codes actors, not entities: one block may list a group with its leaders under one code.
What kg can use as names of one entity is kept: intergovernmental organisations, NGOs and armed
groups (International and MilNonState files; the armed groups of the Countries file), and of
each block only the names that are an organisation's (they hold a word such as "Front" or
"Organization", or are a short acronym), so a leader never becomes a name of his group.
Multinational companies, media, states and office holders are left out. kg's own tables
(organizations.tsv, countries.tsv) override these rows when the gazetteer reads them.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kg.gazetteer import name_key  # noqa: E402  (the keys the gazetteer looks names up by)

OUT = ROOT / "ontology" / "phoenix_actors.tsv"
FILES = ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt", "Phoenix.Countries.actors.txt")
# the codes kept, by file: IGOs and NGOs, armed groups (rebels, militant groups, insurgents)
KEEP = {"Phoenix.International.actors.txt": re.compile(r"^(IGO|NGO)"),
        "Phoenix.MilNonState.actors.txt": re.compile(r"."),
        "Phoenix.Countries.actors.txt": re.compile(r"^[A-Z]{3}(REB|INS)|^IMG")}
# words only an organisation's name holds
ORG_WORDS = set("""organization organisation front army brigade brigades council movement party force forces
group union league committee association fund bank agency commission institute foundation network alliance
corps court programme program centre center society federation watch office tribunal authority assembly
secretariat mission community conference parliament jihad jamaat jama'at mujahideen mujahidin militia
resistance liberation revolutionary legion battalion battalions cell cells faction brotherhood hezbollah
hizbollah taliban qaeda shabaab tigers guard guards red crescent cross unesco unicef state emirate""".split())
SMALL = {"of", "the", "and", "for", "in", "on", "to", "de", "du", "des", "la", "le", "el", "et", "a", "an", "at",
         "by", "with", "from", "against"}
CODE = re.compile(r"\[([A-Z]{3,})")


def blocks(path: Path):
    """(names, code) of each entry: a name line, its "+" variants, the code in brackets."""
    names, code = [], None
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith(("\t", " ")) or line.lstrip().startswith("["):
            found = CODE.search(line)
            code = code or (found.group(1) if found else None)
            continue
        if line.startswith("+"):
            names.append(line[1:])
            continue
        if names:
            yield names, code
        found = CODE.search(line)
        names, code = [line.split("[", 1)[0]], (found.group(1) if found else None)
    if names:
        yield names, code


def words_of(name: str) -> list[str]:
    name = name.replace("_", " ").strip(" +")
    name = re.sub(r"\s*\(.*?\)\s*", " ", name)  # "(AAIA)": an acronym written after the name
    words = [w for w in name.split() if w]
    return words[1:] if len(words) > 1 and words[0] == "THE" else words


def cased(words: list[str], acronyms: set[str]) -> str:
    """ "ISLAMIC STATE OF IRAQ AND THE LEVANT" -> "Islamic State of Iraq and the Levant"."""
    out = []
    for n, word in enumerate(words):
        lower = word.lower()
        if re.search(r"\d", word):
            out.append(word.lower())  # "1920S", "20TH"
        elif word in acronyms or not re.search(r"[AEIOUY]", word.upper()):
            out.append(word.upper())
        elif lower in SMALL and n:
            out.append(lower)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


# words that with an organisation word make a common phrase, not a name: "red line", "Islamic party"
GENERIC = set("""red black green white blue national islamic revolutionary popular social socialist aid action
line flag bill left right struggle justice defense defence base memory perspective conspiracy universal
partisans anti-state autonomous friendship child population people's peoples patriots mountaineer
nucleus nuclei proletarian internet world international un message""".split())


def _demonyms() -> set[str]:
    """ "Syrian Mujahideen", "Palestinian Resistance": a demonym is generic too (countries.tsv)."""
    out = set()
    for line in (ROOT / "ontology" / "countries.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) >= 6 and not line.startswith("#"):
            out.update(d.lower() for d in cols[5].split("|") if d)
    return out


DEMONYMS = _demonyms()


def organisation_name(words: list[str]) -> bool:
    if len(words) == 1:
        return len(words[0]) <= 6 and words[0].isalpha()  # an acronym
    parts = [p for w in words for p in w.lower().replace("'s", "").split("-")]
    if not any(p in ORG_WORDS for p in parts):
        return False
    # a short name needs a word of its own ("Polisario Front"), not only common ones ("Red Line")
    return len(words) > 2 or any(p not in ORG_WORDS | GENERIC | DEMONYMS | SMALL for p in parts)


def rows(directory: Path) -> list[tuple[str, str, str]]:
    entries = []
    for name in FILES:
        keep = KEEP[name]
        for names, code in blocks(directory / name):
            if code and keep.search(code):
                entries.append(([words_of(n) for n in names], code))
    # a word written alone as a name somewhere is an acronym everywhere ("UN" in "UN Security Council")
    acronyms = {ws[0] for names, _ in entries for ws in names if len(ws) == 1 and len(ws[0]) <= 6}
    out, seen = [], set()
    for names, code in entries:
        kept = [cased(ws, acronyms) for ws in names if ws and organisation_name(ws)]
        kept = list(dict.fromkeys(k for k in kept if k.casefold() not in seen))
        if not kept or len(kept[0].split()) == 1 and len(kept) == 1:
            continue  # an acronym alone tells nothing of what it stands for
        seen.update(k.casefold() for k in kept)
        out.append((kept[0], "|".join(kept[1:]), code))
    return out


def main(argv: list[str]) -> None:
    directory = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "lexicons" / "petrarch2"
    table = rows(directory)
    lines = ["# Organisations from the Phoenix actor dictionaries (PETRARCH2, github.com/openeventdata/petrarch2",
             "# at 676801cd, MIT, (c) 2014 Open Event Data; see ontology/LICENSES.md): IGOs, NGOs, armed groups.",
             "# Regenerate: python scripts/make_actors.py. kg's organizations.tsv and countries.tsv override it.",
             "# keys: the gazetteer's lookup key of each name (kg.gazetteer.name_key), so loading folds nothing.",
             "label\taliases\tcode\tkeys"]
    for label, aliases, code in sorted(table):
        names = [label, *aliases.split("|")] if aliases else [label]
        lines.append(f"{label}\t{aliases}\t{code}\t{'|'.join(name_key(n) for n in names)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(table)} organisations")


if __name__ == "__main__":
    main(sys.argv)
