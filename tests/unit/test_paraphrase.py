"""The learned paraphrase detector: the shipped model, its findings in check_listing, and its
trainer (composition, split, thresholds; a tiny end-to-end run in the trainer's own venv)."""

import json
import random
import re
from pathlib import Path

import pytest

from listingsmith.checks.listing import Checks, check_listing
from listingsmith.checks.verdict import listing_route
from listingsmith.config import Settings
from listingsmith.domain import Draft, Product, Severity
from listingsmith.policies import paraphrase
from listingsmith.training import claims
from tests.unit.trainer_venv import run_in_trainer, trainer_python

ROOT = Path(__file__).resolve().parents[2]
CLASSES = {"environmental-claim", "health-claim", "superlative-claim", "pesticide-claim"}

# One paraphrase per language that no pack phrase names (none of them is a training sentence).
LOCALES = {
    "en": "en-US",
    "de": "de-DE",
    "fr": "fr-FR",
    "es": "es-ES",
    "it": "it-IT",
    "nl": "nl-NL",
    "pl": "pl-PL",
    "sv": "sv-SE",
    "pt": "pt-PT",
    "ja": "ja-JP",
    "zh": "zh-CN",
}
PARAPHRASES = {
    "en": ("Our detergent is gentle on the earth", "environmental-claim"),
    "de": ("Diese Creme hält Infektionen fern", "health-claim"),
    "fr": ("Ce spray éloigne les moustiques toute la nuit", "pesticide-claim"),
    "es": ("Esta crema alivia el dolor de espalda en pocos días", "health-claim"),
    "it": ("Questa borraccia è gentile con il pianeta", "environmental-claim"),
    "nl": ("Deze spray doodt 99,9% van alle bacteriën", "pesticide-claim"),
    "pl": ("Ten krem leczy egzemę w kilka dni", "health-claim"),
    "sv": ("Den här väskan skonar planeten", "environmental-claim"),
    "pt": ("Este creme rejuvenesce a pele dez anos", "health-claim"),
    "ja": ("このクリームでお肌が若返る", "health-claim"),
    "zh": ("这款保健品让您远离疾病", "health-claim"),
}
HARD_NEGATIVES = [
    ("Durable stainless steel construction for daily use", "en-US"),
    ("6.1 inch organic LED display", "en-US"),
    ("Dog treats for small breeds, chicken flavour", "en-US"),
    ("Anti-slip rubber feet", "en-US"),
    ("Dishwasher safe", "en-US"),
    ("Best before date printed on the lid", "en-US"),
    ("No.1 Phillips screwdriver included", "en-US"),
    ("最佳工作温度为35℃", "zh-CN"),
    ("Spülmaschinenfest und robust", "de-DE"),
    ("有機ELディスプレイ搭載", "ja-JP"),
    ("Ciotola antiscivolo in acciaio, lavabile in lavastoviglie", "it-IT"),
    ("Halkfri matta i naturgummi", "sv-SE"),
    # The legal disclosures the packs append (a product identifier once read as a ranking).
    ("Produktkennung: BOTTLE-1", "de-DE"),
    ("Hersteller: Harrowgate Home & Kitchen Ltd.", "de-DE"),
]


def draft(text: str) -> Draft:
    return Draft(title="Item", bullets=[text], description="", keywords=[])


def product(attributes: dict[str, str] | None = None) -> Product:
    return Product(sku="p1", title="Item", attributes=attributes or {}, marketplace="amazon")


def learned(findings):
    return [f for f in findings if f.rule_id.startswith(paraphrase.RULE_PREFIX)]


def test_the_shipped_model_loads_offline_with_its_card() -> None:
    path = ROOT / "listingsmith" / "policies" / paraphrase.settings()["model"]
    assert path.suffix == ".ftz" and path.stat().st_size < 5_000_000
    assert set(paraphrase.card()["thresholds"]) == CLASSES
    label, prob = paraphrase.classify("Kind to the planet and to your skin")
    assert label in CLASSES | {"none"} and 0.0 <= prob <= 1.0


@pytest.mark.parametrize("language", sorted(PARAPHRASES))
def test_a_paraphrase_in_each_language_fires(language: str) -> None:
    text, label = PARAPHRASES[language]
    found = learned(paraphrase.paraphrase_findings(draft(text), LOCALES[language], {}))
    assert [f.rule_id for f in found] == [f"learned.{label}"], paraphrase.classify(text)


@pytest.mark.parametrize(("text", "locale"), HARD_NEGATIVES)
def test_hard_negatives_do_not_fire(text: str, locale: str) -> None:
    assert not paraphrase.paraphrase_findings(draft(text), locale, {}), paraphrase.classify(text)


def test_the_finding_holds_the_listing_for_a_person_with_its_evidence() -> None:
    text = PARAPHRASES["en"][0]
    (finding,) = paraphrase.paraphrase_findings(draft(text), "en-US", {})
    assert finding.rule_id == "learned.environmental-claim"
    assert finding.severity is Severity.BLOCK and finding.fix == "none" and not finding.fixable
    assert finding.field == "bullets[0]" and finding.span == (0, len(text))
    assert text in finding.message and "p=" in finding.message
    assert listing_route([finding], 0, 3, reviewed=False) == "human_review"


def test_a_brand_name_alone_makes_no_claim_but_a_claim_beside_it_still_fires() -> None:
    # A composed ja description of a "Nature Made" vitamin read as an environmental claim and
    # held the listing; the packs' phrase rules already leave a brand name's words alone.
    brand_only = "Nature Made のビタミンサプリ。"
    assert learned(paraphrase.paraphrase_findings(draft(brand_only), "ja-JP", {}))
    assert not paraphrase.paraphrase_findings(draft(brand_only), "ja-JP", {}, brand="Nature Made")
    claim = f"Nature Made: {PARAPHRASES['en'][0]}"
    (finding,) = paraphrase.paraphrase_findings(draft(claim), "en-US", {}, brand="nature made")
    assert finding.rule_id == "learned.environmental-claim"


def test_a_claim_the_model_wrote_is_written_again_or_replaced_by_data_not_held() -> None:
    # On 40 dev records the small model's own loops ("品味品味品味") read as claims and held
    # listings whose text composed from data would have shipped.
    text = PARAPHRASES["en"][0]
    (finding,) = paraphrase.paraphrase_findings(draft(text), "en-US", {}, (), ["bullets[0]"])
    assert finding.severity is Severity.FIX and finding.fix == "fallback" and finding.fixable
    assert text in finding.message and "the model wrote it" in finding.message
    # Only the graph's drafts say which fields the model wrote: a seller's text is held.
    text = "This soap treats the planet kindly"  # no pack names it
    seller = check_listing(draft(text), product(), [], "en-US", Settings(), checks=Checks.POLICIES)
    graph = check_listing(
        draft(text), product(), [], "en-US", Settings(), checks=Checks.POLICIES, drafted=True
    )
    assert [f.severity for f in learned(seller.findings)] == [Severity.BLOCK]
    assert [f.severity for f in learned(graph.findings)] == [Severity.FIX]
    reviewed = draft(text).model_copy(update={"origins": {"bullets[0]": "reviewer"}})
    kept = check_listing(
        reviewed, product(), [], "en-US", Settings(), checks=Checks.POLICIES, drafted=True
    )
    assert [f.severity for f in learned(kept.findings)] == [Severity.BLOCK]


def test_a_substantiating_attribute_suppresses_its_class_only() -> None:
    text = PARAPHRASES["en"][0]
    assert not paraphrase.paraphrase_findings(draft(text), "en-US", {"eu_ecolabel": "FR/1"})
    assert paraphrase.paraphrase_findings(draft(text), "en-US", {"ranking source": "x"})


def test_check_listing_runs_it_behind_the_switch() -> None:
    # A paraphrase no pack names ("gentle on the earth" is a Green Guides general benefit now).
    text = "This soap treats the planet kindly"
    on = check_listing(draft(text), product(), [], "en-US", Settings(), checks=Checks.POLICIES)
    off = check_listing(
        draft(text),
        product(),
        [],
        "en-US",
        Settings(paraphrase_claims=False),
        checks=Checks.POLICIES,
    )
    assert learned(on.findings) and not learned(off.findings)


def test_no_second_finding_where_a_phrase_rule_fired() -> None:
    listing = draft("Umweltfreundliche Trinkflasche, gut für die Umwelt und das Klima")
    findings = check_listing(listing, product(), [], "de-DE", Settings(), checks=Checks.POLICIES)
    assert any(f.rule_id == "eu-2024-825.generic-environmental-claim" for f in findings.findings)
    assert not learned(findings.findings)


def test_sentences_keep_their_spans() -> None:
    text = "Steel bottle. Keeps drinks cold!  Made in Italy;最佳品质。结实耐用"
    spans = paraphrase.sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Steel bottle",
        "Keeps drinks cold",
        "Made in Italy",
        "最佳品质",
        "结实耐用",
    ]
    assert paraphrase.sentences("Capacity 1.5 l, No.1 seller") == [(0, 27)]


def test_sentence_ends_are_the_stops_not_after_a_digit() -> None:
    """The boundary scan finds what its plain reading finds: a stop not after a digit before a
    space or the end, a semicolon, CJK stops, line breaks and bullet marks, a spaced dash."""
    plain = re.compile(r"(?<!\d)[.!?](?=\s|$)|;|[。！？；\n•·|]+|\s[–—-]\s")
    rng = random.Random(16)
    alphabet = "a1 .!?;。！？；\n•·|–—-\t"
    texts = ["No.1 seller. 2. Step 3! Done?", "5!", ".x", "!. 9.", "a.\nb", "Cap 1.5 l - ok"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(3000)]
    for text in texts:
        spans = [m.span() for m in paraphrase._BOUNDARY.finditer(text)]
        assert spans == [m.span() for m in plain.finditer(text)], text
    text = "Holds 1.5 l. Fits 2! Ok. Wow! Yes"
    spans = [(0, 11), (13, 23), (25, 28), (30, 33)]
    assert paraphrase.sentences(text) == spans


def test_a_units_model_input_is_its_tokens_whether_read_once_or_twice() -> None:
    """field_claims takes an ASCII sentence's tokens from the scan that counted them (no second
    read); every other unit (non-ASCII, a clause of a long sentence, past max_chars) is read by
    tokens(). Either way the model's input is tokens() of the unit."""
    long_sentence = ", ".join(f"part {n} of steel" for n in range(12))
    text = (
        "Kind to the planet. Café crème, ＥＣＯ ﬁlter; お肌が若返る. "
        f"{long_sentence}. {'word ' * 20}{'x' * 400}. Keeps drinks COLD"
    )
    lines = paraphrase._unit_lines(text)
    assert [span for span, _ in lines] == paraphrase.units(text)
    read_once = [text[a:b] for (a, b), line in lines if line is not None]
    assert read_once == ["Kind to the planet", "Keeps drinks COLD"]
    assert "Café crème, ＥＣＯ ﬁlter" in [text[a:b] for (a, b), line in lines if line is None]
    for (a, b), line in lines:
        assert line is None or line == paraphrase.tokens(text[a:b][:400])


def test_tokens_split_cjk_into_characters() -> None:
    assert (
        paraphrase.tokens("お肌が若返る ECO-Friendly 99,9 %")
        == "お 肌 が 若 返 る eco friendly 99 9 %"
    )


def test_composition_is_seeded_and_holds_out_each_familys_last_template() -> None:
    first = claims.composed_samples(["en"], 1)
    assert first == claims.composed_samples(["en"], 1)
    assert {s.label for s in first} == CLASSES | {"none"}
    last = claims.family_spec("en")["classes"]["health-claim"][0]["templates"][-1]
    frame = re.compile(re.sub(r"\\\{\w+\\\}", "(.+)", re.escape(last)), re.IGNORECASE)
    family = [s for s in first if s.source == "en/health-claim/0"]
    held = [s.text for s in family if s.heldout]
    kept = [s.text for s in family if not s.heldout]
    assert held and kept
    assert all(frame.search(text) for text in held)
    assert not any(frame.search(text) for text in kept)


def test_the_packs_disclosure_labels_are_ordinary_sentences() -> None:
    samples = claims.disclosure_samples(["de", "nl"], 1)
    assert any(s.text.startswith("Produktkennung: ") for s in samples)
    assert {s.label for s in samples} == {"none"} and {s.language for s in samples} <= {"de", "nl"}
    assert any(s.heldout for s in samples) and not all(s.heldout for s in samples)


def test_thresholds_reach_the_target_precision() -> None:
    rng = random.Random(0)
    samples, predicted = [], []
    for _ in range(200):
        positive = rng.random() < 0.5
        prob = rng.uniform(0.7, 1.0) if positive else rng.uniform(0.5, 0.8)
        label = "health-claim" if positive else "none"
        samples.append(claims.Sample(label, "en", "x", "t", True))
        predicted.append(("health-claim", prob))
    cuts = claims.thresholds(samples, predicted, 0.95)
    scored = claims.scores(samples, predicted, cuts)["health-claim"]["all"]
    assert cuts["health-claim"]["en"] == cuts["health-claim"]["all"]
    assert 0.7 < cuts["health-claim"]["all"] <= 0.81 and scored["precision"] >= 0.95


@pytest.mark.skipif(trainer_python() is None, reason="no fastText trainer venv ($VENV-claims)")
def test_training_on_a_tiny_dataset_writes_a_model_that_loads(tmp_path: Path) -> None:
    data = tmp_path / "products.jsonl"
    lines = [
        {"title": f"Steel bottle {n} cm, blue lid. Fits most cup holders", "lang": "en"}
        for n in range(40)
    ]
    data.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    code = (
        "import sys, json; from pathlib import Path; from listingsmith.training import claims;"
        "claims.spec()['sampling']['per_family'] = 12; claims.spec()['fasttext']['epoch'] = 3;"
        "card = claims.train_claims([Path(sys.argv[1])], Path(sys.argv[2]), ['en']);"
        "print(json.dumps(card['thresholds']))"
    )
    done = run_in_trainer(code, str(data), str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    assert set(json.loads(done.stdout.strip().splitlines()[-1])) == CLASSES
    card = json.loads((out / "claims.json").read_text(encoding="utf-8"))
    assert card["examples"]["by_class_language"]["none/en"] > 0 and card["heldout"]["none"]
    import fasttext

    model = fasttext.load_model(str(out / "claims.ftz"))
    assert model.predict(paraphrase.tokens("kills 99.9% of germs"))[0][0].startswith("__label__")


@pytest.mark.skipif(trainer_python() is None, reason="no fastText trainer venv ($VENV-claims)")
def test_training_twice_on_the_same_samples_gives_the_same_model(tmp_path: Path) -> None:
    """The shipped model is reproducible by its command: fastText trains on claims.yaml's one
    thread (on two, the lock-free updates interleave differently and every run differs)."""
    code = (
        "import sys; from pathlib import Path; from listingsmith.training import claims;"
        "claims.spec()['sampling']['per_family'] = 12; claims.spec()['fasttext']['epoch'] = 5;"
        "samples = claims.composed_samples(['en'], 1);"
        "runs = [claims.fit(samples, Path(sys.argv[1]), n, quantize=False) for n in 'ab'];"
        "print([claims.predictions(m, samples) for m in runs].count(claims.predictions(runs[0],"
        " samples)))"
    )
    done = run_in_trainer(code, str(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "2"


def test_a_unit_said_again_in_another_field_is_classified_as_when_first_said() -> None:
    """The model's verdicts are remembered per tokenised unit: a sentence repeated in another
    field, or inside a longer field, gets the same class and probability as alone, and a
    different sentence between them is classified on its own."""
    claim_text, _ = PARAPHRASES["en"]
    plain = "A sturdy steel bottle with a screw cap and a carry loop"
    alone = paraphrase.field_claims(claim_text, "en")
    other = paraphrase.field_claims(plain, "en")
    combined = paraphrase.field_claims(f"{plain}. {claim_text}.", "en")
    assert alone and not other
    assert [(label, prob) for _, label, prob in combined] == [(alone[0][1], alone[0][2])]
    assert paraphrase.classify(claim_text) == (alone[0][1], alone[0][2])
