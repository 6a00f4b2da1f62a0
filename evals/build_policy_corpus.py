"""Build the labelled policy corpus (evals/data/policies/{dev,test}.jsonl) from its hand-written
seed (evals/data/policies/seed/*.yaml): claims put into carrier listings, evasions applied by
code to the plain claims, controls and ordinary listings; split by case family, about 40/60 (a
family with `split: dev` is kept in dev, outside that share, to tune on).
Run: python -m evals.build_policy_corpus [evals/data/policies]"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evals.policy_evasions import evade, kinds_for

HERE = Path(__file__).parent / "data" / "policies"
DEV_SHARE = 0.4
EVASIONS_PER_CLAIM = 3
MARKETPLACE = "amazon"
EU_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pl", "sv", "pt")
# Default locales of a language (EU markets; the regime's seed may name others).
LOCALES = {
    "en": ["en-IE"],
    "de": ["de-DE", "de-AT"],
    "fr": ["fr-FR", "fr-BE"],
    "es": ["es-ES"],
    "it": ["it-IT"],
    "nl": ["nl-NL", "nl-BE"],
    "pl": ["pl-PL"],
    "sv": ["sv-SE"],
    "pt": ["pt-PT"],
    "ja": ["ja-JP"],
    "zh": ["zh-CN"],
}
# Regime -> the languages its cases must cover (the helpers' contract).
EXPECTED = {
    "amazon": ("en", "de", "fr", "es", "it", "nl", "pl", "sv", "ja", "zh"),
    "amazon-pesticide": ("en", "es"),
    "claims-evidence": (*EU_LANGUAGES, "ja", "zh"),
    "cn-adlaw": ("zh",),
    "eu-2024-825": EU_LANGUAGES,
    "eu-gpsr": EU_LANGUAGES,
    "eu-textile-1007-2011": EU_LANGUAGES,
    "jp-keihyo": ("ja",),
    "jp-yakki": ("ja",),
    "us-ftc": ("en", "es"),
    "us-green-guides": ("en",),
    "us-textile": ("en",),
    "gb-textile-2012-1102": ("en",),
    "gb-food-1169": ("en",),
    "gb-toys-2011-1881": ("en",),
    "gb-dmcc-2024": ("en",),
}
# Kinds taken whenever they apply: the script's own evasion, and the kinds that need a character
# few claims have (an apostrophe, an accent or dakuten), at most one of the latter per claim.
ALWAYS = ("traditional", "halfwidth")
RARE = ("apostrophe", "decomposed")
VIOLATING = {"plain": True, "inflected": True, "evasion": True, "paraphrase": True}
CONTROLS = {"near_miss": False, "ordinary": False}
SPAN = re.compile(r"\[([^\[\]]+)\]")
IDENTIFIERS = ("gtin", "ean", "mpn", "model number")
RP_FIELDS = (
    "eu responsible person",
    "responsible person address",
    "responsible person electronic address",
)


@dataclass
class Seed:
    """Every seed file, read once."""

    carriers: dict[str, dict[str, list[dict[str, Any]]]]
    gpsr: dict[str, Any]
    regimes: list[dict[str, Any]]
    counters: Counter = field(default_factory=Counter)


def read_seed(folder: Path) -> Seed:
    """The carriers, the GPSR operators and every regime file of the seed folder."""
    seed = folder / "seed"

    def load(name: str) -> Any:
        return yaml.safe_load((seed / name).read_text(encoding="utf-8"))

    regimes = [
        load(p.name)
        for p in sorted(seed.glob("*.yaml"))
        if p.name not in ("carriers.yaml", "gpsr.yaml")
    ]
    return Seed(load("carriers.yaml"), load("gpsr.yaml"), regimes)


def _stable(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:12], 16)


def _spans(text: str | None) -> list[str]:
    return SPAN.findall(text or "")


def _plain(text: str | None) -> str | None:
    return SPAN.sub(r"\1", text) if text is not None else None


def _evaded(text: str | None, kind: str, language: str) -> tuple[str | None, bool]:
    """text with every [span] rewritten by kind; whether any span changed."""
    if text is None:
        return None, False
    changed = False

    def swap(match: re.Match[str]) -> str:
        nonlocal changed
        out = evade(kind, match.group(1), language)
        if out is None:
            return match.group(1)
        changed = True
        return out

    return SPAN.sub(swap, text), changed


def _locale(regime: dict[str, Any], language: str, n: int, entry: dict[str, Any]) -> str:
    if entry.get("locale"):
        return entry["locale"]
    options = (regime.get("locales") or {}).get(language) or LOCALES[language]
    return options[n % len(options)]


def _is_eu(seed: Seed, locale: str) -> bool:
    return locale.rsplit("-", 1)[-1] in seed.gpsr["eu_countries"]


def _carrier(
    seed: Seed, language: str, key: str, pick: int, title: str | None = None
) -> dict[str, Any]:
    """A carrier of the category; for a new title, one whose brand the title starts with."""
    try:
        options = seed.carriers[language][key]
    except KeyError as error:
        raise ValueError(f"no {key} carrier in {language}") from error
    if title:
        folded = title.casefold()
        brands = [c for c in options if folded.startswith((c.get("brand") or "\0").casefold())]
        options = brands or options
    return copy.deepcopy(options[pick % len(options)])


def _gpsr_attributes(
    seed: Seed, language: str, category: str, operator: str, pick: int
) -> dict[str, Any]:
    """Full GPSR data for an EU-locale listing: an EU or non-EU manufacturer (with its
    responsible person), a GTIN, and the warnings its category needs, in its language."""
    makers = seed.gpsr["manufacturers"]
    pool = {"eu": makers["eu"], "non_eu": makers["non_eu"]}.get(operator) or (
        makers["eu"] if pick % 2 == 0 else makers["non_eu"]
    )
    attributes = dict(pool[pick % len(pool)])
    attributes["gtin"] = seed.gpsr["gtins"][pick % len(seed.gpsr["gtins"])]
    warnings = seed.gpsr["warnings"][language]
    if category in ("toy", "electronics"):
        attributes["warnings"] = warnings[category]
    return attributes


def _strip_composition(listing: dict[str, Any]) -> None:
    listing["bullets"] = [b for b in listing["bullets"] if "%" not in b]


def compose(
    seed: Seed,
    regime: dict[str, Any],
    family: dict[str, Any],
    language: str,
    entry: dict[str, Any],
    n: int,
) -> dict[str, Any]:
    """One case's batch line: the entry's claim put into a carrier listing of its category."""
    key = entry.get("category") or family.get("category", "kitchen")
    literal = " > " in key
    carrier_key = family.get("category", "kitchen") if literal else key
    pick = _stable(f"{regime['regime']}/{family['id']}/{language}/{n}")
    field_name = family.get("field", "bullets")
    retitled = entry.get("title") if field_name == "title" else None
    carrier = _carrier(seed, language, carrier_key, pick, retitled)
    text = entry.get("text")
    listing = {
        "title": carrier["title"],
        "bullets": list(carrier["bullets"]),
        "description": carrier["description"],
        "keywords": [],
    }
    category = key if literal else carrier["category"]
    # An entry with its own title and category (or a title outside a title family) is
    # another product: its title, the entry's text as its bullet and description.
    standalone = bool(entry.get("title")) and (field_name != "title" or "category" in entry)
    if standalone:
        if text is None and not entry.get("bullets"):
            raise ValueError(f"{regime['regime']}/{family['id']}: a product of its own needs text")
        listing = {
            "title": entry["title"],
            "bullets": list(entry.get("bullets") or [text]),
            "description": entry.get("description", text if text is not None else ""),
            "keywords": [],
        }
    elif field_name == "title":
        listing["title"] = entry.get("title") or f"{carrier['title']} {text}"
    elif text is not None and field_name == "description":
        listing["description"] = f"{listing['description']} {text}"
    elif text is not None:
        listing["bullets"].append(text)
    if entry.get("strip_composition"):
        _strip_composition(listing)
    if entry.get("strip_origin"):
        listing["description"] = re.sub(r"\s*Imported\.", "", listing["description"])
    locale = _locale(regime, language, n, entry)
    attributes: dict[str, Any] = {}
    if _is_eu(seed, locale):
        attributes |= _gpsr_attributes(
            seed, language, carrier_key, entry.get("operator", "any"), pick
        )
    if not standalone:
        attributes |= carrier.get("attributes", {})
    attributes |= entry.get("attributes") or {}
    for name in entry.get("drop") or []:
        attributes.pop(name, None)
    attributes |= entry.get("set") or {}
    brand = entry["brand"] if "brand" in entry else carrier.get("brand")
    line = {
        "locale": locale,
        "marketplace": MARKETPLACE,
        "brand": brand,
        "category": category,
        "listing": listing,
        "attributes": attributes,
    }
    # The taxonomy category a run adds after categorize (food, medicines: outside the GPSR).
    if entry.get("category_id"):
        line["category_id"] = entry["category_id"]
    return line


def _entries(value: Any) -> list[dict[str, Any]]:
    return [item if isinstance(item, dict) else {"text": item} for item in (value or [])]


def _spanned(line: dict[str, Any]) -> list[str]:
    listing = line["listing"]
    return [listing["title"], *listing["bullets"], listing["description"]]


def _unbracket(line: dict[str, Any]) -> dict[str, Any]:
    listing = line["listing"]
    listing["title"] = _plain(listing["title"])
    listing["bullets"] = [_plain(b) for b in listing["bullets"]]
    listing["description"] = _plain(listing["description"])
    return line


def _evasions(
    seed: Seed, regime: str, language: str, line: dict[str, Any], allowed: list[str] | None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """EVASIONS_PER_CLAIM evasions of one bracketed plain case, rotating through the kinds that
    apply to it (Traditional characters always on Chinese, half-width always on katakana)."""
    kinds = [k for k in kinds_for(language) if allowed is None or k in allowed]
    usable = []
    for kind in kinds:
        evaded = copy.deepcopy(line)
        listing = evaded["listing"]
        changed = False
        listing["title"], c = _evaded(listing["title"], kind, language)
        changed |= c
        bullets = []
        for bullet in listing["bullets"]:
            out, c = _evaded(bullet, kind, language)
            bullets.append(out)
            changed |= c
        listing["bullets"] = bullets
        listing["description"], c = _evaded(listing["description"], kind, language)
        changed |= c
        if changed:
            usable.append((kind, evaded))
    if not usable:
        return
    first = [u for u in usable if u[0] in ALWAYS]
    first += [u for u in usable if u[0] in RARE][:1]
    rest = [u for u in usable if u not in first]
    start = seed.counters[(regime, language)]
    seed.counters[(regime, language)] += EVASIONS_PER_CLAIM
    chosen = first + [
        rest[(start + i) % len(rest)]
        for i in range(min(len(rest), EVASIONS_PER_CLAIM - len(first)))
    ]
    if any(kind == "traditional" for kind, _ in chosen):
        chosen = [(k, _whole_traditional(e) if k == "traditional" else e) for k, e in chosen]
    yield from chosen


def _whole_traditional(line: dict[str, Any]) -> dict[str, Any]:
    """A zh-CN listing written wholly in Traditional characters."""
    listing = line["listing"]
    for key in ("title", "description"):
        listing[key] = evade("traditional", _plain(listing[key]), "zh") or _plain(listing[key])
    listing["bullets"] = [
        evade("traditional", _plain(b), "zh") or _plain(b) for b in listing["bullets"]
    ]
    return line


def _case(
    line: dict[str, Any],
    regime: str,
    language: str,
    variant: str,
    source: str,
    case_id: str,
    unit: str,
    **extra: Any,
) -> dict[str, Any]:
    out = {
        "id": case_id,
        **_unbracket(line),
        "regime": regime,
        "language": language,
        "variant": variant,
    }
    out["violation"] = VIOLATING.get(variant, CONTROLS.get(variant, False))
    out["source"] = source
    out.update({k: v for k, v in extra.items() if v is not None})
    out["_unit"] = unit
    return out


def _pinned(case: dict[str, Any], family: dict[str, Any]) -> dict[str, Any]:
    """The case kept in the split its family names, outside the seeded share: `split: dev`,
    cases written to tune on; `split: test`, a regime's test cases written and committed before
    its pack existed (the Great Britain regimes). Either leaves every other family's split as
    it was."""
    if family.get("split"):
        case["_split"] = family["split"]
    return case


def _written_evasions(
    seed: Seed,
    regime: dict[str, Any],
    family: dict[str, Any],
    language: str,
    entry: dict[str, Any],
    n: int,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The evasions a plain entry writes out itself (`evaded: {kind: {attribute: value}}`), each
    kind with its line: an attribute's value disguised as a text evasion disguises a claim (a
    placeholder with zero-width or full-width letters), on the same carrier as its plain case."""
    for kind, values in (entry.get("evaded") or {}).items():
        evaded = {**entry, "set": {**(entry.get("set") or {}), **values}}
        yield kind, compose(seed, regime, family, language, evaded, n)


def family_cases(seed: Seed, regime: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every case of a regime's claim families: plain (and their evasions), inflected,
    paraphrase, near-miss and ordinary (listings of their own, kept only by a family pinned to
    dev, so that the carriers and the seeded split stay as they are), in every language the
    family has."""
    name = regime["regime"]
    for family in regime.get("families", []):
        source = regime["sources"][family["source"]]
        pinned = family.get("split")
        if pinned not in (None, "dev", "test"):
            raise ValueError(f"{name}/{family['id']}: split is dev or test")
        if pinned and (pinned == "dev") != family["id"].startswith("dev-"):
            raise ValueError(f"{name}/{family['id']}: a pinned family starts with dev- if in dev")
        if family.get("ordinary") and not pinned:
            raise ValueError(f"{name}/{family['id']}: ordinary listings only in a pinned family")
        for variant in ("plain", "inflected", "paraphrase", "near_miss", "ordinary"):
            for language, entries in (family.get(variant) or {}).items():
                for n, entry in enumerate(_entries(entries)):
                    # A case family: one plain claim with its evasions, or the inflections,
                    # paraphrases or controls of a claim family in one language.
                    unit = f"{name}/{family['id']}/{language}/{variant}"
                    unit += f"/{n}" if variant == "plain" else ""
                    line = compose(seed, regime, family, language, entry, n)
                    case_id = f"{name}.{language}.{family['id']}.{variant}.{n}"
                    yield _pinned(
                        _case(
                            copy.deepcopy(line),
                            name,
                            language,
                            variant,
                            source,
                            case_id,
                            unit,
                            note=entry.get("note"),
                        ),
                        family,
                    )
                    if variant != "plain":
                        continue
                    evasions = list(_written_evasions(seed, regime, family, language, entry, n))
                    if family.get("evade") is not False:
                        if not any(_spans(text) for text in _spanned(line)):
                            raise ValueError(f"{case_id}: a plain claim needs a [span] to evade")
                        evasions += _evasions(seed, name, language, line, family.get("evasions"))
                    for kind, evaded in evasions:
                        yield _pinned(
                            _case(
                                evaded,
                                name,
                                language,
                                "evasion",
                                source,
                                f"{case_id}.{kind}",
                                unit,
                                evasion=kind,
                                note=entry.get("note"),
                            ),
                            family,
                        )


def gpsr_cases(seed: Seed, regime: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """GPSR Art. 19 cases: for every language and listed category, full data with exactly one
    item left out (violations) or an exception the Regulation makes (controls)."""
    name = regime["regime"]
    for spec in regime.get("cases", []):
        for language in regime["languages"]:
            if spec.get("warnings_from") == language:
                continue
            for n, category in enumerate(spec["categories"]):
                entry = {
                    "category": category,
                    "operator": spec["operator"],
                    "drop": list(spec.get("drop", [])),
                    "set": spec.get("set"),
                }
                family = {"id": spec["id"], "category": category}
                line = compose(seed, regime, family, language, entry, n)
                attributes = line["attributes"]
                if spec["operator"] == "eu":
                    for key in RP_FIELDS:
                        attributes.pop(key, None)
                for target, origin in (spec.get("copy") or {}).items():
                    attributes[target] = attributes[origin]
                if spec.get("warnings_from"):
                    attributes["warnings"] = seed.gpsr["warnings"][spec["warnings_from"]][category]
                if spec.get("underscore"):
                    line["attributes"] = {k.replace(" ", "_"): v for k, v in attributes.items()}
                case_id = f"{name}.{language}.{spec['id']}.{spec['variant']}.{n}"
                yield _case(
                    line,
                    name,
                    language,
                    spec["variant"],
                    regime["sources"][spec["source"]],
                    case_id,
                    f"{name}/{spec['id']}/{language}",
                    note=spec.get("note"),
                    evasion=spec.get("evasion"),
                )


def ordinary_cases(seed: Seed, regime: dict[str, Any], language: str) -> Iterator[dict[str, Any]]:
    """Every carrier of a language as an ordinary listing of the regime (no violation)."""
    name = regime["regime"]
    source = next(iter(regime["sources"].values()))
    for key, carriers in seed.carriers.get(language, {}).items():
        for pick in range(len(carriers)):
            family = {"id": f"ordinary-{key}", "category": key}
            line = compose(seed, regime, family, language, {"operator": "any"}, pick)
            line["listing"] = {
                **{
                    k: v
                    for k, v in carriers[pick].items()
                    if k in ("title", "bullets", "description")
                },
                "keywords": [],
            }
            line["attributes"] |= carriers[pick].get("attributes", {})
            line["brand"] = carriers[pick].get("brand")
            case_id = f"{name}.{language}.ordinary.{key}.{pick}"
            unit = f"{name}/ordinary-{key}-{pick}/{language}"
            if language == "zh":
                traditional = _whole_traditional(copy.deepcopy(line))
                note = "the listing in Traditional characters on zh-CN"
                yield _case(
                    traditional,
                    name,
                    language,
                    "ordinary",
                    source,
                    f"{case_id}.hant",
                    unit,
                    note=note,
                )
            yield _case(line, name, language, "ordinary", source, case_id, unit)


def all_cases(seed: Seed) -> list[dict[str, Any]]:
    """Every case of every regime, in seed order."""
    out: list[dict[str, Any]] = []
    for regime in seed.regimes:
        out += family_cases(seed, regime)
        out += gpsr_cases(seed, regime)
        for language in EXPECTED[regime["regime"]]:
            out += ordinary_cases(seed, regime, language)
    ids = Counter(case["id"] for case in out)
    duplicates = [i for i, count in ids.items() if count > 1]
    if duplicates:
        raise ValueError(f"duplicate case ids: {duplicates[:5]}")
    return out


def split(cases: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """dev and test: within each regime and language, whole case families in a seeded order,
    dev filled until it holds DEV_SHARE of the cases (a family goes to dev while at least half
    of it fits); a family the seed pins to a split goes there, outside the count."""
    out: dict[str, list[dict[str, Any]]] = {"dev": [], "test": []}
    groups: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}
    for case in cases:
        if case.get("_split"):
            out[case["_split"]].append(case)
            continue
        groups.setdefault((case["regime"], case["language"]), {}).setdefault(
            case["_unit"], []
        ).append(case)
    for units in groups.values():
        total = sum(len(members) for members in units.values())
        taken = 0
        for unit in sorted(units, key=lambda u: _stable(f"split/{u}")):
            members = units[unit]
            goes = "dev" if taken + len(members) / 2 <= DEV_SHARE * total else "test"
            if goes == "dev":
                taken += len(members)
            out[goes] += members
    return out


def counts_table(cases: list[dict[str, Any]]) -> str:
    """Markdown table of the cases per regime and language, by variant (SOURCES.md shows it)."""
    variants = ("plain", "inflected", "evasion", "paraphrase", "near_miss", "ordinary")
    counts = Counter((c["regime"], c["language"], c["variant"]) for c in cases)
    rows = sorted({(c["regime"], c["language"]) for c in cases})
    lines = [
        "| regime | language | " + " | ".join(variants) + " | total |",
        "|---|---|" + "---:|" * (len(variants) + 1),
    ]
    for regime, language in rows:
        numbers = [counts[(regime, language, v)] for v in variants]
        cells = " | ".join(str(n) for n in numbers)
        lines.append(f"| {regime} | {language} | {cells} | {sum(numbers)} |")
    totals = [sum(n for (_, _, v), n in counts.items() if v == variant) for variant in variants]
    cells = " | ".join(str(n) for n in totals)
    lines.append(f"| **all** | | {cells} | {sum(totals)} |")
    return "\n".join(lines)


def write(folder: Path) -> dict[str, int]:
    """Build and write dev.jsonl and test.jsonl; returns the number of cases of each."""
    parts = split(all_cases(read_seed(folder)))
    counts = {}
    for name, cases in parts.items():
        with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for case in sorted(cases, key=lambda c: c["id"]):
                handle.write(
                    json.dumps(
                        {k: v for k, v in case.items() if not k.startswith("_")},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        counts[name] = len(cases)
    return counts


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    print(write(target))
    print(counts_table(all_cases(read_seed(target))))
