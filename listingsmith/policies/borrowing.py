"""Rules one pack takes from another by id, with its own id, citation, scope and notes.

A jurisdiction whose law has the same rule body as another's (Great Britain's retained EU
texts: the same fibre names, the same food particulars) writes the rule once. In the pack YAML:

    - from: eu-textile.non-names          # a rule written out in another pack
      id: gb-textile.non-names            # its own id, title, citation, ...
      citation: "SI 2012/1102 ..."
      params: {evidence: [...]}           # optional: params replaced key by key

The borrowed rule is the named rule with the borrowing entry's keys over it: `params` key by key
(the named rule's other params kept), every other key whole (`scope`, `except`, `examples`,
`message`, ...). The named rule's pack-level scope does not come along: the borrowing pack's
own applies. Examples grouped by a language the borrowing pack does not list (`languages`) are
left out (they judge text no listing of that pack is written in); a rule left with no example
that fires must give its own. Only rules written out may be borrowed (no chains).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

BORROW = "from"
# Keys merged key by key into the named rule's; every other key replaces the named rule's.
MERGED = ("params",)


class BorrowError(ValueError):
    """A borrowing that names no rule written out, or leaves a rule without examples."""


def rules_by_id(packs: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """Every rule written out (no borrowing itself) of the raw packs, by id."""
    found: dict[str, dict[str, Any]] = {}
    for raw in packs:
        rules = raw.get("rules") if isinstance(raw, dict) else None
        for rule in rules if isinstance(rules, list) else []:
            if isinstance(rule, dict) and BORROW not in rule and isinstance(rule.get("id"), str):
                found.setdefault(rule["id"], rule)
    return found


def with_borrowed(raw: Any, written: dict[str, dict[str, Any]]) -> Any:
    """The raw pack with each borrowing entry as the rule it names, its own keys over it."""
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        return raw
    if not any(isinstance(rule, dict) and BORROW in rule for rule in raw["rules"]):
        return raw
    languages = raw.get("languages") or []
    rules = [
        _borrowed(rule, written, languages) if isinstance(rule, dict) and BORROW in rule else rule
        for rule in raw["rules"]
    ]
    return {**raw, "rules": rules}


def _borrowed(
    entry: dict[str, Any], written: dict[str, dict[str, Any]], languages: list[str]
) -> dict[str, Any]:
    named = entry[BORROW]
    if named not in written:
        where = entry.get("id", named)
        raise BorrowError(f"rule {where}, field from: no rule {named!r} written out")
    rule = copy.deepcopy(written[named])
    if languages and "examples" not in entry:
        rule["examples"] = _examples_in(rule.get("examples"), languages)
        if not rule["examples"].get("fire"):
            raise BorrowError(
                f"rule {entry.get('id', named)}, field examples: {named!r} has no example that "
                f"fires in {languages}: give the rule its own"
            )
    for key, value in entry.items():
        if key == BORROW:
            continue
        if key in MERGED and isinstance(value, dict) and isinstance(rule.get(key), dict):
            rule[key] = {**rule[key], **value}
        else:
            rule[key] = value
    return rule


def _examples_in(examples: Any, languages: list[str]) -> Any:
    """Examples without those grouped by (or naming) a language outside `languages`."""
    if not isinstance(examples, dict):
        return examples
    return {key: _kept(value, languages) for key, value in examples.items()}


def _kept(value: Any, languages: list[str]) -> Any:
    if isinstance(value, dict):
        return {language: items for language, items in value.items() if language in languages}
    if isinstance(value, list):
        return [
            e
            for e in value
            if not (isinstance(e, dict) and e.get("language") not in (None, *languages))
        ]
    return value
