"""Build listingsmith/taxonomy/noun_genders.yaml: the gender (m, f, n) of the German head
nouns that have words before them in the taxonomy's product nouns (taxonomy/nouns.py
head_index), from german-nouns' nouns.csv (Wiktionary-derived, CC BY-SA 4.0; an input of the
build, not a dependency of listingsmith). A noun the list does not hold takes its compound's
longest known last part's gender ("Nachschleifwerkzeug": "Werkzeug"); a noun (or part) with
more than one gender, or none known, is left out: its adjectives stay as written.

    pip install german-nouns  # or download its nouns.csv
    python -m evals.build_noun_genders [--csv nouns.csv]
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from importlib import resources
from pathlib import Path

from evals.generated import write_data
from listingsmith.taxonomy.catalog import categories
from listingsmith.taxonomy.nouns import head_index, product_noun, rules

GENDERS = frozenset({"m", "f", "n"})
GENUS_COLUMNS = ("genus", "genus 1", "genus 2", "genus 3", "genus 4")
# Entries of names, not common nouns: "Rohr" the place is feminine.
PROPER_NAMES = frozenset({"Toponym", "Nachname", "Vorname", "Eigenname"})
SOURCE = "german-nouns 1.2.5 (nouns.csv, from Wiktionary, CC BY-SA 4.0)"


def read_genders(path: Path) -> dict[str, set[str]]:
    """Noun lemma -> the genders its entries give (more than one: ambiguous)."""
    genders: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            kinds = set((row.get("pos") or "").split(","))
            if "Substantiv" not in kinds or kinds & PROPER_NAMES:
                continue
            said = {row.get(c) for c in GENUS_COLUMNS} & GENDERS
            genders[row["lemma"]] |= said
    return genders


def gender_of(noun: str, genders: dict[str, set[str]]) -> str | None:
    """The noun's gender, else its longest known last part's; None when unknown or more than
    one."""
    # The shortest last part taken (nouns.yaml compound_tail): "Gen" of "Stubenwagen" is not.
    shortest = rules()["compound_tail"]
    for cut in range(max(len(noun) - shortest + 1, 1)):
        part = noun[cut:]
        if cut:
            part = part.lstrip("-")
            part = part[:1].upper() + part[1:]
        said = genders.get(part)
        if said:
            return next(iter(said)) if len(said) == 1 else None
    return None


def head_nouns() -> list[str]:
    """The head words of the taxonomy's German product nouns that have words before them (the
    only ones whose gender a noun says: "Tragbare Scanner"), sorted."""
    heads = set()
    for category_id in categories():
        words = product_noun(category_id, "de").split()
        at = head_index(words, "de")
        if at and words[at][:1].isupper():
            heads.add(words[at])
    return sorted(heads)


def _default_csv() -> Path | None:
    try:
        return Path(str(resources.files("german_nouns").joinpath("nouns.csv")))
    except ModuleNotFoundError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=_default_csv())
    args = parser.parse_args()
    if args.csv is None:
        parser.error("german-nouns is not installed: give --csv nouns.csv")
    genders = read_genders(args.csv)
    heads = head_nouns()
    found = {h: g for h in heads if (g := gender_of(h, genders))}
    target = write_data(
        "listingsmith.taxonomy",
        "noun_genders.yaml",
        "build_noun_genders.py",
        SOURCE,
        {"genders": found},
    )
    print(f"{target}: {len(found)} of {len(heads)} head nouns")


if __name__ == "__main__":
    main()
