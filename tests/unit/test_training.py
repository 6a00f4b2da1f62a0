"""Training data (prompts, masked labels, targets) and a tiny real LoRA training run."""

import json
from pathlib import Path

import jsonschema
import pytest
import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM

from listingsmith.attributes.model_extract import (
    category_names,
    extraction_prompt,
    extraction_schema,
)
from listingsmith.config import Settings, TrainingSettings
from listingsmith.datasets import GoldRecord
from listingsmith.domain import Draft, Product, draft_schema
from listingsmith.facts.verify import fact_findings
from listingsmith.training.card import CARD
from listingsmith.training.examples import (
    draft_examples,
    extract_examples,
    title_evidence,
    voice_examples,
)
from listingsmith.training.trainer import (
    IGNORE,
    Example,
    collate,
    encode,
    train_adapter,
)

SETTINGS = Settings()


def load_adapter(base: Path, adapter: Path) -> PeftModel:
    """The base model with a saved adapter applied."""
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    return PeftModel.from_pretrained(model, adapter)


def read_card(out: Path) -> dict:
    return json.loads((out / CARD).read_text(encoding="utf-8"))


def record(
    title: str, gold: dict[str, list[str]], description: str = "", category: str = "Shoes"
) -> GoldRecord:
    return GoldRecord("r1", "unit", title, description, category, gold, None)


SHOE = record(
    "Crocs Women's Jayna Ballet Flat, Navy, 4 M US",
    {"Brand": ["Crocs"], "Color": ["Navy", "Nautical Navy"], "Size": ["4 M US"]},
)


def test_extract_target_follows_the_schema_in_name_order_with_nulls() -> None:
    (example,), skipped = extract_examples([SHOE], SETTINGS)
    names = category_names("Shoes")
    schema = extraction_schema(names, SETTINGS.extraction_limits)
    answer = json.loads(example.target)
    jsonschema.validate(answer, schema)
    assert list(answer) == list(schema["properties"])
    assert answer["Brand"] == "Crocs" and answer["Color"] == "Navy"
    assert all(answer[n] is None for n in names if n not in SHOE.gold)
    assert example.target == json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
    text = f"{SHOE.title}"
    assert example.prompt == extraction_prompt(text, "Shoes", names, SETTINGS.extraction_limits)
    assert not skipped


def test_extract_skips_records_without_gold_among_the_names() -> None:
    examples, skipped = extract_examples([record("A thing", {"Voltage": ["5 V"]})], SETTINGS)
    assert examples == [] and sum(skipped.values()) == 1


def test_draft_target_keeps_only_supported_sentences() -> None:
    gold = {"Brand": ["Aqualo"], "Capacity": ["750 ml"], "Material": ["steel"]}
    description = (
        "The Aqualo bottle is made of steel. It holds 750 ml. It is made in Italy and BPA free."
    )
    rec = record("Aqualo Steel Bottle 750 ml", gold, description, "Bottles")
    (example,), skipped = draft_examples([rec], SETTINGS)
    target = json.loads(example.target)
    jsonschema.validate(target, draft_schema(**SETTINGS.listing_limits.model_dump()))
    assert "Italy" not in target["description"] and "750 ml" in target["description"]
    assert skipped["description sentences dropped as unsupported"] == 1
    assert "- details: The Aqualo bottle" in example.prompt
    product = Product(sku="r1", title=rec.title, attributes={k: v[0] for k, v in gold.items()})
    assert not fact_findings(Draft(**target), title_evidence(product), "en-US", 0.02, "en")


def test_voice_prompt_hides_the_sellers_text_and_targets_it() -> None:
    product = Product(
        sku="v1",
        title="Aqualo Steel Bottle",
        description="A bottle for every day. Made of steel.",
        bullets=["Everyday steel bottle"],
        attributes={"material": "steel"},
        category="Bottles",
    )
    (example,), _ = voice_examples([product], SETTINGS)
    assert "A bottle for every day" not in example.prompt
    assert json.loads(example.target)["bullets"] == ["Everyday steel bottle"]


def test_labels_mask_the_prompt_and_collate_aligns_answers(tiny_model: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    short, long = (
        encode(Example("size of the shoe:", '{"a":1}'), tokenizer),
        encode(
            Example("what is the brand of this white leather shoe:", '{"brand":"x"}'), tokenizer
        ),
    )
    prompt_ids = tokenizer("size of the shoe:").input_ids
    assert short["input_ids"][: len(prompt_ids)] == prompt_ids
    assert short["labels"][: len(prompt_ids)] == [IGNORE] * len(prompt_ids)
    assert short["labels"][-1] == tokenizer.eos_token_id
    batch = collate([short, long], tokenizer.pad_token_id)
    assert batch["labels"][0, -1] == tokenizer.eos_token_id == batch["labels"][1, -1]
    assert (
        batch["attention_mask"][0, 0] == 0
        and batch["position_ids"][0, -1] == len(short["input_ids"]) - 1
    )


def test_tiny_training_lowers_validation_loss_and_the_adapter_loads(
    tiny_model: Path, tmp_path: Path
) -> None:
    examples = [
        Example(f"the brand of shoe {i} is", json.dumps({"brand": ["red", "blue"][i % 2]}))
        for i in range(16)
    ]
    hp = TrainingSettings(
        lora_rank=4,
        batch_size=4,
        epochs=3,
        learning_rate=1e-2,
        val_fraction=0.25,
        eval_every_steps=3,
        patience=5,
        adapter_dtype="float32",
    )
    result = train_adapter(tiny_model, examples, tmp_path / "adapter", hp)
    assert result["validation_loss"]["best"] < result["validation_loss"]["before"]
    assert (tmp_path / "adapter" / "adapter_config.json").exists()
    model = load_adapter(tiny_model, tmp_path / "adapter")
    lora = [p for n, p in model.named_parameters() if "lora_B" in n]
    assert lora and any(torch.count_nonzero(p) for p in lora)


def test_train_task_writes_the_card(tiny_model: Path, tmp_path: Path) -> None:
    from listingsmith.training.run import train_task

    data = tmp_path / "train.jsonl"
    rows = [
        {
            "id": f"r{i}",
            "title": f"Crocs Women's Flat, {c}",
            "category": "Shoes",
            "attributes_gold": {"Brand": "Crocs", "Color": c},
        }
        for i, c in enumerate(["Navy", "Red", "Black", "White"] * 3)
    ]
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    settings = Settings(
        training=TrainingSettings(batch_size=4, epochs=1, val_fraction=0.25, max_tokens=4096)
    )
    card = train_task("extract", [data], tmp_path / "out", settings, base=tiny_model)
    assert read_card(tmp_path / "out") == card
    assert card["data"] == [{"file": "train.jsonl", "bytes": data.stat().st_size, "records": 12}]
    assert card["examples"] == {"train": 9, "validation": 3, "left_out_too_long": 0}
    assert card["machine"]["device"] == "cpu" and card["wall_seconds"] > 0


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny randomly initialised Gemma 3 text model with a small byte-level tokenizer."""
    from transformers import Gemma3ForCausalLM, Gemma3TextConfig

    from listingsmith.serving.tiny_vlm import _tokenizer

    out = tmp_path_factory.mktemp("tiny-gemma")
    tokenizer = _tokenizer()
    torch.manual_seed(0)
    config = Gemma3TextConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        head_dim=16,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
    )
    Gemma3ForCausalLM(config).save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out
