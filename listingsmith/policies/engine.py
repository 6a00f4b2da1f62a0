"""Apply the policy packs to a listing: findings with spans, and the deterministic fixes."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import islice

from listingsmith.domain import Draft, Finding, Origin, Severity
from listingsmith.policies.fibres import closed_claims
from listingsmith.policies.limits import field_max_chars
from listingsmith.policies.linear import PatternSet, pattern_set
from listingsmith.policies.matching import PhraseMatcher, phrase_matcher, phrases_for
from listingsmith.policies.packs import Pack, Rule, load_packs, scope_key
from listingsmith.policies.pairs import joined
from listingsmith.policies.rules import Hit, RuleContext, index_phrases
from listingsmith.policies.runner import RuleRunner
from listingsmith.policies.settle import settle
from listingsmith.policies.title_scope import TitleNoun, title_noun
from listingsmith.text.languages import language_of
from listingsmith.text.reader import READ_CACHE_CHARS, READ_CACHE_ENTRIES, read

# Rule kinds that can only fire where one of their phrases occurs in the text.
PHRASE_KINDS = ("banned_phrases", "evidence_claim", "fibre_claims", "paired_claim")
# Phrase rule kinds that read their phrases' hits from the shared index (rules._phrase_hits).
INDEX_READ_KINDS = ("banned_phrases", "evidence_claim")
# Marks the index's tags of a rule's phrases of other languages than the listing's (rule ids
# hold no NUL).
ELSEWHERE = "\x00elsewhere"
TOO_LONG = "policies.field-too-long"
# A rule's gate: the bits of what must occur in a field before it runs there.
ON_PHRASE = 1
ON_PATTERN = 2


@dataclasses.dataclass(frozen=True)
class FieldPlan:
    """The rules of one field in their order, by position: those that always run, and those
    that run where one of their phrases (by rule id) or patterns occurs."""

    entries: tuple[tuple[Rule, RuleRunner], ...]
    always: tuple[int, ...]  # in order
    on_phrase: dict[str, int]
    on_pattern: dict[str, int]

    def chosen(self, present: set[str], matched: set[str]) -> Sequence[int]:
        """Positions of the rules to run, in order, given the rule ids whose phrases are
        `present` and whose patterns `matched` in the field (the others cannot fire); most
        fields open no gated rule and get `always` as it is."""
        gated = [self.on_phrase[i] for i in present if i in self.on_phrase]
        gated += [self.on_pattern[i] for i in matched if i in self.on_pattern]
        return sorted({*self.always, *gated}) if gated else self.always


@dataclasses.dataclass(frozen=True)
class RuleSet:
    """The packs and rules in scope for one kind of listing, with their runners, the phrase
    index over their phrases, and the rules of each field (resolved once per field name)."""

    packs: tuple[Pack, ...]
    rules: tuple[tuple[Rule, RuleRunner], ...]
    triggered: frozenset[str]
    patterns: PatternSet
    pattern_rules: tuple[str, ...]
    patterned_only: frozenset[str]
    # Phrase rules with patterns as well: they can fire only where a phrase or a pattern does.
    phrased_and_patterned: frozenset[str]
    by_field: dict[str, tuple[tuple[Rule, RuleRunner, int], ...]] = dataclasses.field(
        default_factory=dict
    )
    indexes: dict[str, PhraseMatcher] = dataclasses.field(default_factory=dict)
    plans: dict[str, FieldPlan] = dataclasses.field(default_factory=dict)

    def phrase_index(self, language: str) -> PhraseMatcher:
        """One matcher over the phrases of every rule that fires only on them (or on them and
        its patterns), in a language, tagged with the rule id: a field is read once to know
        which of those rules can fire. The matcher is every pack's (shared_phrase_index): a
        rule's phrases are found whatever other phrases it holds, and the tags of rules
        outside this set pick none of its rules (FieldPlan.chosen)."""
        found = self.indexes.get(language)
        if found is None:
            found = self.indexes[language] = shared_phrase_index(language)
        return found

    def for_field(self, name: str) -> tuple[tuple[Rule, RuleRunner, int], ...]:
        """The rules (with runners and gates) that check a field; bullets[2] is checked as
        bullets."""
        base = name.split("[", 1)[0]
        if base not in self.by_field:
            self.by_field[base] = tuple(
                (r, v, self.gate(r.id)) for r, v in self.rules if r.scope.covers_field(base)
            )
        return self.by_field[base]

    def field_plan(self, name: str) -> FieldPlan:
        """The rules of a field as positions to pick from (resolved once per field name): a
        field then costs a look-up per phrase or pattern found, not a test per rule."""
        base = name.split("[", 1)[0]
        found = self.plans.get(base)
        if found is None:
            entries = self.for_field(base)
            found = FieldPlan(
                tuple((rule, runner) for rule, runner, _ in entries),
                tuple(at for at, (_, _, gate) in enumerate(entries) if not gate),
                {r.id: at for at, (r, _, gate) in enumerate(entries) if gate & ON_PHRASE},
                {r.id: at for at, (r, _, gate) in enumerate(entries) if gate & ON_PATTERN},
            )
            self.plans[base] = found
        return found

    def gate(self, rule_id: str) -> int:
        """What must occur in a field for a rule to run there: one of its phrases (ON_PHRASE),
        of its patterns (ON_PATTERN), either (both bits), or nothing (0: it always runs)."""
        if rule_id in self.triggered:
            return ON_PHRASE
        if rule_id in self.patterned_only:
            return ON_PATTERN
        return ON_PHRASE | ON_PATTERN if rule_id in self.phrased_and_patterned else 0


# The shared phrase index per language, with the packs it was built from.
_INDEXES: dict[str, tuple[tuple[Pack, ...], PhraseMatcher]] = {}


def shared_phrase_index(language: str) -> PhraseMatcher:
    """The phrase index of every pack's phrase rules in a language, built once per language:
    rule sets of other scopes share it, so a new scope builds no matcher and a new word of the
    language is looked up once, not once per scope's matcher. Its tags name the rule (see
    rules_tagged); the phrase rules of INDEX_READ_KINDS take their hits from it."""
    packs = load_packs()
    found = _INDEXES.get(language)
    if found is None or found[0] is not packs:
        entries = tuple(
            entry
            for pack in packs
            for rule in pack.rules
            if rule.kind in PHRASE_KINDS and rule.params.get("phrases")
            for entry in _index_entries(rule, language)
        )
        found = _INDEXES[language] = (packs, phrase_matcher(entries, language))
        index_phrases(language, _reading_from_index(packs, language), found[1])
        settle()  # the packs, this index and its dictionaries: never garbage
    return found[1]


def rules_tagged(tags: set[str]) -> set[str]:
    """The rule ids of the phrase index's tags (a rule's phrases of other languages are tagged
    apart, see _index_entries)."""
    if not any(ELSEWHERE in tag for tag in tags):
        return tags
    return {tag.split(ELSEWHERE, 1)[0] for tag in tags}


def _index_entries(rule: Rule, language: str) -> list[tuple[str, str, str]]:
    """A phrase rule's entries in the index: every phrase of its params (all languages: the
    rule runs where any occurs), tagged with its id. A rule that reads its hits from the index
    has exactly its matcher's phrases (those of the listing's language, in their order) under
    its id, the others under its id and ELSEWHERE; a paired claim has its closed compounds."""
    mode = rule.params.get("match", "word")
    phrases = phrases_for(rule.params.get("phrases"), language)
    if rule.kind not in INDEX_READ_KINDS:
        found = (*phrases, *_closed_compounds(rule, language))
        return [(phrase, mode, rule.id) for phrase in found]
    own = phrases_for(rule.localized_params(language).get("phrases"), language)
    kept = set(own)
    elsewhere = rule.id + ELSEWHERE
    return [(phrase, mode, rule.id) for phrase in own] + [
        (phrase, mode, elsewhere) for phrase in phrases if phrase not in kept
    ]


def _reading_from_index(packs: tuple[Pack, ...], language: str) -> list[tuple[dict, str]]:
    """The phrase rules that take their hits from the shared index (rules.index_phrases): those
    of the kinds rules._phrase_hits matches, under a tag no other rule has, with their params in
    the language (the index holds exactly their phrases under their id, _index_entries)."""
    ids = Counter(rule.id for pack in packs for rule in pack.rules)
    return [
        (rule.localized_params(language), rule.id)
        for pack in packs
        for rule in pack.rules
        if rule.kind in INDEX_READ_KINDS and rule.params.get("phrases") and ids[rule.id] == 1
    ]


def _closed_compounds(rule: Rule, language: str) -> tuple[str, ...]:
    """Words beyond a rule's phrases that open it: a paired claim's object and agent closed up
    ("germresistant", see policies.pairs), a fibre purity rule's qualifier and fibre name
    ("reinseide", see policies.fibres)."""
    if rule.kind == "fibre_claims":
        return closed_claims(rule.localized_params(language), language)
    if rule.kind != "paired_claim":
        return ()
    return joined(rule.localized_params(language), language)


# Rule sets by scope key: a finite key (which of the packs' scope pattern lists a listing
# matches), never the seller's text, so the cache cannot grow with distinct categories.
_RULE_SETS: dict[tuple[bool, ...], RuleSet] = {}


def rule_set(
    locale: str, marketplace: str, category: str | None, noun: TitleNoun | None = None
) -> RuleSet:
    """The rule set of a listing in (locale, marketplace, category), `noun` the product noun
    its title names (policies.title_scope), built once per scope key."""
    key = scope_key(locale, marketplace, category, noun)
    found = _RULE_SETS.get(key)
    if found is None:
        found = _RULE_SETS.setdefault(key, _build_rule_set(locale, marketplace, category, noun))
    return found


def _build_rule_set(
    locale: str, marketplace: str, category: str | None, noun: TitleNoun | None
) -> RuleSet:
    packs = tuple(p for p in load_packs() if p.applies(locale, marketplace, category, noun))
    rules = tuple(
        (rule, RuleRunner(rule))
        for pack in packs
        for rule in pack.applies(locale, marketplace, category, noun)
    )
    triggered = frozenset(
        rule.id
        for rule, _ in rules
        if rule.kind in PHRASE_KINDS
        and rule.params.get("phrases")
        and not rule.params.get("patterns")
    )
    patterned = [(p, rule.id) for rule, _ in rules for p in rule.params.get("patterns", [])]
    return RuleSet(
        packs,
        rules,
        triggered,
        pattern_set(tuple(p for p, _ in patterned)),
        tuple(rule_id for _, rule_id in patterned),
        frozenset(
            rule.id
            for rule, _ in rules
            if rule.kind in ("regex", *PHRASE_KINDS)
            and rule.params.get("patterns")
            and not rule.params.get("phrases")
        ),
        frozenset(
            rule.id
            for rule, _ in rules
            if rule.kind in PHRASE_KINDS
            and rule.params.get("phrases")
            and rule.params.get("patterns")
        ),
    )


def applicable_packs(locale: str, marketplace: str, category: str | None) -> list[Pack]:
    """The packs with at least one rule in scope for a listing."""
    return list(rule_set(locale, marketplace, category).packs)


def rule_findings(
    rule: Rule, runner: RuleRunner, field: str, hits: list[Hit], locale: str
) -> list[Finding]:
    """Findings of one rule's hits on one field: those its guardrails validator reports
    (`validate`'s, without guardrails' result objects). Built without validation: every value
    is of its field's type already (the pack's validated rule, the rule's spans as tuples of
    offsets, its messages and appended lines as text); tests.unit.test_policy_fast_paths
    validates the findings of the policy corpus against the model."""
    findings = []
    construct = Finding.model_construct
    for (span, values), message in zip(hits, runner.messages(hits), strict=True):
        fix = rule.fix if values.get("_fixable", True) else "none"
        findings.append(
            construct(
                rule_id=rule.id,
                severity=rule.severity,
                locale=locale,
                field=field,
                span=span if type(span) is tuple else tuple(span),
                message=message,
                fix=fix,
                suggested_fix=values.get("_append"),
            )
        )
    return findings


def check_policies(
    draft: Draft,
    locale: str,
    marketplace: str,
    category: str | None,
    context: RuleContext | None = None,
) -> tuple[list[Finding], list[str]]:
    """Every finding of every rule in scope, and the pack@version refs applied. The listing's
    language is the locale's unless the context names one."""
    context = context or RuleContext(language=language_of(locale))
    rules = rule_set(
        locale, marketplace, category, title_noun(draft.title, context.brand, context.language)
    )
    index = rules.phrase_index(context.language)
    limit = field_max_chars()
    # The fields a buyer reads, as checked (a field over the limit is not read).
    seen = [t for t in (draft.title, *draft.bullets, draft.description) if len(t) <= limit]
    context = dataclasses.replace(context, offer="\n".join(seen))
    findings: list[Finding] = []
    for field, text in draft.fields().items():
        if len(text) > limit:
            findings.append(too_long(field, text, locale, limit))
            continue
        reading = read(text, context.language)
        present = rules_tagged(index.tags(reading))
        matched = {rules.pattern_rules[i] for i in rules.patterns.matching(reading.text)}
        if reading.words is not reading.text:  # leetspeak, for rules that read it as words
            matched.update(rules.pattern_rules[i] for i in rules.patterns.matching(reading.words))
        plan = rules.field_plan(field)
        # The others cannot fire: none of the phrases or patterns they fire on occur.
        for at in plan.chosen(present, matched):
            rule, runner = plan.entries[at]
            hits = runner.hits(text, context)
            if hits:
                findings += rule_findings(rule, runner, field, hits, locale)
    return findings, [p.ref for p in rules.packs]


def read_ahead(fields: Iterable[tuple[str, str]]) -> None:
    """What check_policies first reads of each field, (text, language) each, for many fields
    one after another ahead of their checks: the reading (text.reader's cache) and the shared
    phrase index's hits in it (kept on the reading). A batch of listings read so keeps the
    reader's and the index's data in the processor's caches; the checks then find both done.
    Only fields the reader's cache keeps (at most half its entries, none longer than it keeps
    or than the rules scan), so none is gone before its check; the findings are the same."""
    limit = min(field_max_chars(), READ_CACHE_CHARS)
    for text, language in islice(fields, READ_CACHE_ENTRIES // 2):
        if len(text) <= limit:
            shared_phrase_index(language).layers(read(text, language))


def too_long(field: str, text: str, locale: str, limit: int) -> Finding:
    """The finding for a field past the limit: blocked for a person, nothing scanned."""
    return Finding(
        rule_id=TOO_LONG,
        severity=Severity.BLOCK,
        locale=locale,
        field=field,
        span=(limit, len(text)),
        message=f"field too long to check: {len(text)} characters, limit {limit}",
        fix="none",
    )


def apply_fixes(draft: Draft, findings: list[Finding]) -> tuple[Draft, list[Finding]]:
    """Apply delete / truncate / append fixes; returns the draft and the findings, the applied
    ones marked fixed. Keywords are a list, so only the model rewrites them."""
    fields = draft.fields()
    edits: dict[str, list[tuple[int, int, str, str | None]]] = {}
    out = []
    for finding in findings:
        safe = finding.fix in ("delete", "truncate", "append") and finding.span is not None
        if safe and finding.field in fields and finding.field != "keywords":
            start, end = finding.span
            edits.setdefault(finding.field, []).append(
                (start, end, finding.fix, finding.suggested_fix)
            )
            out.append(finding.model_copy(update={"fixed": True}))
        else:
            out.append(finding)
    for field, spans in edits.items():
        fields[field] = _edit(fields[field], spans)
    kept = [i for i in range(len(draft.bullets)) if fields[f"bullets[{i}]"]]
    fixed = Draft(
        title=fields["title"],
        description=fields["description"],
        bullets=[fields[f"bullets[{i}]"] for i in kept],
        keywords=draft.keywords,
        origins=_kept_origins(draft.origins, kept),
    )
    return fixed, out


def _kept_origins(origins: dict[str, Origin], kept: list[int]) -> dict[str, Origin]:
    """Who wrote each field after a fix: unchanged, the bullets renumbered past deleted ones."""
    out = {name: who for name, who in origins.items() if not name.startswith("bullets[")}
    for new, old in enumerate(kept):
        if f"bullets[{old}]" in origins:
            out[f"bullets[{new}]"] = origins[f"bullets[{old}]"]
    return out


def _edit(text: str, spans: list[tuple[int, int, str, str | None]]) -> str:
    """Apply the edits from the end backwards so earlier spans stay valid."""
    appended = []
    for start, end, how, addition in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
        if how == "append":
            appended.append(addition or "")
        elif how == "truncate":
            head = text[:start]
            if start < len(text) and not text[start].isspace() and " " in head:
                head = head.rsplit(" ", 1)[0]
            text = head
        else:
            text = text[:start] + text[end:]
    text = " ".join(text.split()).strip(" ,;:-")
    if appended and text and text[-1] not in ".!?。":
        text += "."
    return " ".join([text, *(a for a in appended if a)]).strip()
