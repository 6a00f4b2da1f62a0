"""The translate adapter's data, its prompt choice, and `eval --task translate`'s metrics."""

import gzip
import json
from contextlib import contextmanager
from pathlib import Path

import pytest

import evals.translate
from evals.run import run_eval
from evals.translate import numbers_kept, read_parallel, translate_all, translate_metrics
from listingsmith.config import Settings, TrainingSettings
from listingsmith.locale.glossary import mask
from listingsmith.locale.translation import adapter_prompt, translate_adapter
from listingsmith.nodes.writing import line_prompt, translation_prompt
from listingsmith.prompts import load_prompt
from listingsmith.serving.client import ModelClient
from listingsmith.training.card import data_files
from listingsmith.training.translation import fill, simplified, translate_examples
from tests.unit.fakes import fake_model

LONG = "The little shop on the corner sells fresh bread every morning."


def write_gz(path: Path, records: list[dict]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    return path


@pytest.fixture
def training_files(tmp_path: Path) -> list[Path]:
    german = [
        {"id": "de:1", "en": "Hi.", "de": "Hallo."},
        {"id": "de:2", "en": LONG, "de": "Der kleine Laden an der Ecke verkauft frisches Brot."},
        {"id": "de:3", "en": LONG, "de": "Der Laden an der Ecke verkauft jeden Morgen Brot."},
    ]
    chinese = [
        {
            "id": "zh:1",
            "en": "My father drives to work in the city every day.",
            "zh": "我父親每天開車去城裡上班。",
        },
        {
            "id": "zh:2",
            "en": "My mother walks to work in the city every day.",
            "zh": "我妈妈每天走路去城里上班。",
        },
    ]
    taxonomy = tmp_path / "taxonomy.jsonl"
    names = {"en": "Water Bottles", "de": "Trinkflaschen", "fr": "Gourdes", "es": "Botellas"}
    names |= {"it": "Borracce", "ja": "水筒", "zh-CN": "水瓶"}
    taxonomy.write_text(json.dumps({"id": "a", "names": names}, ensure_ascii=False) + "\n")
    return [
        write_gz(tmp_path / "tatoeba-en-de.jsonl.gz", german),
        write_gz(tmp_path / "tatoeba-en-zh.jsonl.gz", chinese),
        taxonomy,
    ]


def test_translate_examples_mix_sentences_names_and_templates(training_files: list[Path]) -> None:
    examples, counted = translate_examples(training_files)
    sentences = [e for e in examples if e.source.startswith("sentences:")]
    # Greetings are too short, an English sentence is used once, Traditional Chinese is left out.
    assert [(e.source, e.target) for e in sentences] == [
        ("sentences:de", " Der kleine Laden an der Ecke verkauft frisches Brot."),
        ("sentences:zh", " 我妈妈每天走路去城里上班。"),
    ]
    assert sentences[0].prompt == adapter_prompt("de", LONG)
    assert counted["Chinese not in Simplified script"] == 1
    for name in load_prompt("translate")["languages"].values():  # Italian too: names, templates
        assert any(e.prompt.endswith(f"\n{name}:") for e in examples)
    masked = [e for e in examples if "⟦" in e.prompt]
    assert masked and all(e.prompt.count("⟦") == e.target.count("⟦") for e in masked)
    assert all(e.target.startswith(" ") and e.target.strip() for e in examples)


def test_fill_capitalises_a_capitalised_slot() -> None:
    assert (
        fill("Aus {Material}, {n} g", {"material": "baumwolle", "n": "20"}) == "Aus Baumwolle, 20 g"
    )


def test_simplified_script_check() -> None:
    assert simplified("我妈妈每天去城里。") and not simplified("我父親每天開車。")


def test_card_counts_records_of_gzip_files(training_files: list[Path]) -> None:
    assert data_files(training_files[:1])[0]["records"] == 3


def test_translate_has_its_own_training_settings() -> None:
    hp = TrainingSettings().for_task("translate")
    assert hp.batch_size == 16 and hp.max_examples is None
    assert TrainingSettings().for_task("extract") == TrainingSettings()


def test_the_adapter_gets_its_own_prompt_and_any_other_model_the_few_shot_one() -> None:
    assert translation_prompt("it", "Pack of 2", translate_adapter()) == (
        "Translate from English to Italian.\nEnglish: Pack of 2\nItalian:"
    )
    assert translation_prompt("it", "Pack of 2", "gemma3-270m") == line_prompt("it", "Pack of 2")
    with pytest.raises(ValueError, match="klingon"):
        adapter_prompt("klingon", "Pack of 2")


def test_numbers_match_by_value_in_any_notation() -> None:
    assert numbers_kept("1,000 bottles of 0.75 l", "1.000 Flaschen zu 0,75 l")
    assert numbers_kept("12 pieces", "１２個")
    assert not numbers_kept("Pack of 15", "Lot de 1,5")
    assert numbers_kept("Red shoes", "Rote Schuhe") is None


RECORDS = [
    {"id": "n1", "en": "The HT2510PR12X holds 750 ml.", "de": "Der HT2510PR12X fasst 750 ml."},
    {"id": "n2", "en": "Wash the shirt by hand.", "de": "Waschen Sie das Hemd von Hand."},
]
ANSWERS = {  # as the model sees the lines: the model number behind its placeholder
    "The ⟦1⟧ holds 750 ml.": ["Der ⟦1⟧ fasst 75 ml."],
    "Wash the shirt by hand.": ["Waschen Sie das Hemd von Hand."],
}


def fake_client(adapters: dict[str, str]) -> ModelClient:
    return ModelClient(fake_model([], ANSWERS), "gemma3-270m", 2, adapters)


async def test_translations_are_masked_and_scored_per_locale() -> None:
    client = fake_client({"localize": "translate"})
    rows = await translate_all(client, Settings(), RECORDS, ["de-DE", "it-IT"])
    assert [r["translation"] for r in rows] == [  # it-IT: no reference, not asked
        "Der HT2510PR12X fasst 75 ml.",
        "Waschen Sie das Hemd von Hand.",
    ]
    assert mask(RECORDS[0]["en"], rows[0]["terms"])[0] in ANSWERS
    metrics = translate_metrics(rows, "translate")["de-DE"]
    assert 80 < metrics["chrf"] < 100
    assert metrics["langid_pass"] == 1.0
    assert metrics["numbers_kept"] == 0.0  # 750 became 75
    assert metrics["protected_terms_kept"] == 1.0
    assert (metrics["lines"], metrics["lines_with_numbers"], metrics["lines_with_terms"]) == (
        2,
        1,
        1,
    )


def test_perfect_translations_score_100_and_an_empty_one_fails_language_id() -> None:
    rows = [
        {
            "locale": "de-DE",
            "en": "Red shoes",
            "reference": "Rote Schuhe",
            "translation": "Rote Schuhe",
            "terms": [],
        },
        {
            "locale": "ja-JP",
            "en": "Red shoes",
            "reference": "赤い靴",
            "translation": "",
            "terms": [],
        },
    ]
    metrics = translate_metrics(rows, "base")
    assert metrics["de-DE"]["chrf"] == 100.0 and metrics["de-DE"]["numbers_kept"] is None
    assert metrics["ja-JP"]["chrf"] == 0.0 and metrics["ja-JP"]["langid_pass"] == 0.0


def test_eval_task_translate_writes_per_locale_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "parallel.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in RECORDS), encoding="utf-8")

    @contextmanager
    def connected(settings: Settings):
        yield fake_client(dict(settings.adapters or {}))

    monkeypatch.setattr(evals.translate, "connect", connected)
    settings = Settings(adapters={})
    metrics = run_eval([data], "translate", tmp_path / "out", None, settings, ["de-DE"])
    written = json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))
    assert written["per_locale"]["de-DE"]["arm"] == "base" == metrics["arm"]
    assert written["per_locale"]["de-DE"]["lines"] == 2
    assert (tmp_path / "out" / "translations.jsonl").read_text().count("\n") == 2


def test_a_record_without_english_is_a_one_line_error(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"de": "Hallo"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:1: .*field en"):
        read_parallel(data)
