"""Build listingsmith/attributes/seller_colors.yaml: the colour names sellers use, how often, the
pixel colour each names and its lexicon colour (family). Names are the xkcd colour survey's
(CC0, matplotlib's XKCD_COLORS, which also gives each name's sRGB colour), counted where sellers
name a colour in the train splits: colour gold values, and the last part of a title after a
comma, dash or parenthesis ("..., Navy"); a name right before another only qualifies it
("heather grey"). A name is kept when sellers give it at least --min-count times and at least
once as a colour value. Every lexicon colour is kept. A name's family is the lexicon colour it
contains ("sky blue" -> blue, "tan" -> beige), else the palette's nearest (burgundy -> red).
Per category, how often its titles and colour values name each family (pendants: silver and
gold; rugs: beige and grey), for categories with at least --min-category-count mentions. The
train records carry no photos, so the pixel colour of a name is the survey's, not learned from
sellers' photos. Never reads the evaluation files.

    python -m evals.build_seller_colors TRAIN.jsonl... [--min-count 10] [--min-category-count 20]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from importlib import resources
from itertools import pairwise
from pathlib import Path

import yaml
from matplotlib.colors import XKCD_COLORS
from PIL import Image

from listingsmith.attributes.colornames import SELLER_COLORS_FILE, color_names, to_lab
from listingsmith.datasets import GoldRecord, read_dataset
from listingsmith.lexicons import load, surface_forms
from listingsmith.text.terms import find_terms, terms_pattern

COLOR_NAME_PART = "colo"
# Survey names that are a modifier alone, not a colour a seller names ("Dark", "Light").
MODIFIERS = frozenset({"dark", "light", "pale", "bright", "deep", "medium"})
# Spellings of one name: counted as the lexicon's canonical form.
SPELLINGS = {"gray": "grey"}
_SLOT = re.compile(r"[,(\-–|]")


def survey_colors() -> dict[str, str]:
    """Survey name -> sRGB hex."""
    return {key.removeprefix("xkcd:"): value for key, value in XKCD_COLORS.items()}


def color_values(record: GoldRecord) -> list[str]:
    """A record's gold values of its colour attributes ("Color", "Color(s)", "Frame Color")."""
    return [v for n, values in record.gold.items() if COLOR_NAME_PART in n.lower() for v in values]


def seller_texts(record: GoldRecord) -> tuple[list[str], str | None]:
    """A record's colour gold values, and its title's last part when it has several."""
    parts = _SLOT.split(record.title)
    return color_values(record), (parts[-1] if len(parts) > 1 else None)


def count_names(records: list[GoldRecord], names: list[str]) -> tuple[Counter, Counter]:
    """How often sellers give each name as a colour value, and in all (values and title slots);
    the longest name wins where names overlap ("navy blue" over "blue")."""
    pattern = terms_pattern([*names, *SPELLINGS])
    values, total = Counter(), Counter()
    for record in records:
        gold, slot = seller_texts(record)
        for text in gold:
            found = _named(pattern, text)
            values.update(found)
            total.update(found)
        if slot:
            total.update(_named(pattern, slot))
    return values, total


def _named(pattern: re.Pattern[str], text: str) -> list[str]:
    """The names in `text`, less those that only qualify the next one ("heather" in "heather
    grey", "rose" in "rose gold")."""
    found = list(pattern.finditer(text))
    qualifiers = {
        i for i, (m, n) in enumerate(pairwise(found)) if not text[m.end() : n.start()].strip()
    }
    return [
        SPELLINGS.get(m.group().lower(), m.group().lower())
        for i, m in enumerate(found)
        if i not in qualifiers
    ]


def category_families(
    records: list[GoldRecord], names: dict[str, dict[str, object]], min_count: int
) -> dict[str, dict[str, int]]:
    """Per category with at least `min_count` mentions, how often its titles and colour values
    name each family (by a kept name or a lexicon colour word), most often first."""
    forms = {**surface_forms("colors", "en"), **{n: str(e["family"]) for n, e in names.items()}}
    pattern = terms_pattern([*forms, *SPELLINGS])
    counts: dict[str, Counter] = defaultdict(Counter)
    for record in records:
        if record.category:
            for text in [record.title, *color_values(record)]:
                counts[record.category].update(forms[n] for n in _named(pattern, text))
    return {
        category: dict(found.most_common())
        for category, found in sorted(counts.items())
        if found.total() >= min_count
    }


def family(name: str, hex_value: str) -> str:
    """The lexicon colour a name contains (its last one), else the palette's nearest to it."""
    named = find_terms(name, "colors", "en")
    if named:
        return named[-1].canonical
    swatch = Image.new("RGB", (1, 1), hex_value)
    return color_names(to_lab(swatch)[0])[0]


def build(records: list[GoldRecord], min_count: int) -> dict[str, dict[str, object]]:
    """Kept names, most frequent first: sRGB hex, family and how often sellers gave it."""
    colors = survey_colors()
    values, total = count_names(records, sorted(colors))
    canonical = set(load("colors"))
    kept = {
        name
        for name, count in total.items()
        if count >= min_count and values[name] > 0 and name not in MODIFIERS
    }
    kept |= canonical & set(colors)
    ranked = sorted(kept, key=lambda name: (-total[name], name))
    return {
        name: {"hex": colors[name], "family": family(name, colors[name]), "count": total[name]}
        for name in ranked
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("train", type=Path, nargs="+")
    parser.add_argument("--min-count", type=int, default=10)
    parser.add_argument("--min-category-count", type=int, default=20)
    args = parser.parse_args()
    records = [r for path in args.train for r in read_dataset(path)]
    names = build(records, args.min_count)
    categories = category_families(records, names, args.min_category_count)
    header = (
        "# Built by evals/build_seller_colors.py from the train splits (its docstring says how)."
    )
    out = resources.files("listingsmith.attributes").joinpath(SELLER_COLORS_FILE)
    data = {"names": names, "categories": categories}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    Path(str(out)).write_text(f"{header}\n{body}", encoding="utf-8")
    print(f"{len(names)} names, {len(categories)} categories from {len(records)} records -> {out}")


if __name__ == "__main__":
    main()
