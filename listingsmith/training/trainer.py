"""LoRA fine-tuning with peft and the transformers Trainer: loss on the answer tokens only."""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    EarlyStoppingCallback,
    PreTrainedTokenizerBase,
    Trainer,
    TrainingArguments,
)

from listingsmith.config import TrainingSettings

IGNORE = -100


@dataclass(frozen=True)
class Example:
    """One training pair: the prompt exactly as the node sends it and the answer after it."""

    prompt: str
    target: str
    source: str = ""


def encode(example: Example, tokenizer: PreTrainedTokenizerBase) -> dict[str, list[int]]:
    """Token ids of prompt + answer + <eos>; labels mask the prompt with -100.

    The prompt is tokenized alone (with <bos>, as vLLM does) and the answer appended, so the
    prompt's tokens are exactly the ones the server sees."""
    prompt = tokenizer(example.prompt).input_ids
    answer = tokenizer(example.target, add_special_tokens=False).input_ids
    answer.append(tokenizer.eos_token_id)
    return {"input_ids": prompt + answer, "labels": [IGNORE] * len(prompt) + answer}


def collate(features: list[dict[str, list[int]]], pad_id: int) -> dict[str, torch.Tensor]:
    """Left-pad a batch; positions count from each row's first real token, as on the server."""
    width = max(len(f["input_ids"]) for f in features)
    ids, labels, mask = [], [], []
    for feature in features:
        pad = width - len(feature["input_ids"])
        ids.append([pad_id] * pad + feature["input_ids"])
        labels.append([IGNORE] * pad + feature["labels"])
        mask.append([0] * pad + [1] * len(feature["input_ids"]))
    attention = torch.tensor(mask)
    return {
        "input_ids": torch.tensor(ids),
        "attention_mask": attention,
        "position_ids": (attention.cumsum(-1) - 1).clamp(min=0),
        "labels": torch.tensor(labels),
    }


class AnswerLossTrainer(Trainer):
    """Runs the decoder, then the LM head only at the answer positions: over a 262k vocabulary
    the head is most of a step's time and memory, and the prompt's logits are never used."""

    def compute_loss(
        self,
        model: torch.nn.Module,
        inputs: dict[str, torch.Tensor],
        return_outputs: bool = False,
        num_items_in_batch: torch.Tensor | int | None = None,
    ) -> torch.Tensor | tuple[torch.Tensor, Any]:
        labels = inputs.pop("labels")
        causal_lm = model.get_base_model() if isinstance(model, PeftModel) else model
        hidden = causal_lm.get_decoder()(**inputs).last_hidden_state
        targets = labels[:, 1:]
        answer = targets != IGNORE
        logits = causal_lm.get_output_embeddings()(hidden[:, :-1][answer]).float()
        cap = getattr(causal_lm.config, "final_logit_softcapping", None)
        if cap:
            logits = torch.tanh(logits / cap) * cap
        loss = torch.nn.functional.cross_entropy(logits, targets[answer])
        return (loss, {"answer_logits": logits}) if return_outputs else loss


def split(examples: list[Example], hp: TrainingSettings) -> tuple[list[Example], list[Example]]:
    """Shuffle (seeded) and hold back val_fraction (at most val_max_examples) for validation."""
    generator = torch.Generator().manual_seed(hp.seed)
    order = torch.randperm(len(examples), generator=generator).tolist()
    shuffled = [examples[i] for i in order]
    if hp.max_examples is not None:
        shuffled = shuffled[: hp.max_examples]
    held = min(hp.val_max_examples, max(1, round(len(shuffled) * hp.val_fraction)))
    return shuffled[held:], shuffled[:held]


def encoded_splits(
    examples: list[Example], tokenizer: PreTrainedTokenizerBase, hp: TrainingSettings
) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """The train and validation features, and how many examples were left out as too long."""
    train_set, val_set = split(examples, hp)
    encoded: dict[str, list[dict[str, Any]]] = {"train": [], "validation": []}
    too_long = 0
    for name, part in (("train", train_set), ("validation", val_set)):
        for example in part:
            feature = encode(example, tokenizer)
            if len(feature["input_ids"]) > hp.max_tokens:
                too_long += 1
            else:
                encoded[name].append(feature)
    if not encoded["train"] or not encoded["validation"]:
        raise ValueError(f"too few examples to train: {len(examples)} given, {too_long} too long")
    return encoded, too_long


def training_arguments(
    work: Path, train_examples: int, hp: TrainingSettings, device: str
) -> TrainingArguments:
    """The Trainer's arguments: evaluate and keep the best checkpoint every few steps."""
    steps_per_epoch = math.ceil(train_examples / hp.batch_size)
    every = max(1, min(hp.eval_every_steps, steps_per_epoch))
    return TrainingArguments(
        output_dir=str(work),
        per_device_train_batch_size=hp.batch_size,
        per_device_eval_batch_size=hp.batch_size,
        num_train_epochs=hp.epochs,
        learning_rate=hp.learning_rate,
        warmup_steps=max(1, round(hp.warmup_ratio * steps_per_epoch * hp.epochs)),
        lr_scheduler_type="linear",
        eval_strategy="steps",
        eval_steps=every,
        save_strategy="steps",
        save_steps=every,
        save_total_limit=1,
        load_best_model_at_end=True,
        metric_for_best_model="eval_loss",
        greater_is_better=False,
        logging_steps=max(1, every // 5),
        prediction_loss_only=True,
        label_names=["labels"],
        remove_unused_columns=False,
        report_to=[],
        seed=hp.seed,
        use_cpu=device == "cpu",
        bf16=device != "cpu",
        dataloader_pin_memory=False,
        disable_tqdm=False,
    )


def train_adapter(
    base: Path, examples: list[Example], out: Path, hp: TrainingSettings, device: str = "cpu"
) -> dict[str, Any]:
    """Fine-tune a LoRA adapter of the model in `base` and save it to `out`; returns the
    numbers the card reports (sizes, losses, steps)."""
    torch.manual_seed(hp.seed)
    tokenizer = AutoTokenizer.from_pretrained(base)
    encoded, too_long = encoded_splits(examples, tokenizer, hp)
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    lora = LoraConfig(
        r=hp.lora_rank,
        lora_alpha=hp.lora_alpha,
        lora_dropout=hp.lora_dropout,
        target_modules=hp.target_modules,
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(model, lora)
    work = out / "checkpoints"
    args = training_arguments(work, len(encoded["train"]), hp, device)
    pad_id = tokenizer.pad_token_id
    trainer = AnswerLossTrainer(
        model=model,
        args=args,
        train_dataset=encoded["train"],
        eval_dataset=encoded["validation"],
        data_collator=lambda batch: collate(batch, pad_id),
        callbacks=[EarlyStoppingCallback(early_stopping_patience=hp.patience)],
    )
    initial = trainer.evaluate()["eval_loss"]
    result = trainer.train()
    final = trainer.evaluate()["eval_loss"]
    # The card names the base by its checkpoint name, never by this machine's path.
    model.peft_config["default"].base_model_name_or_path = base.name
    model.to(getattr(torch, hp.adapter_dtype)).save_pretrained(out, save_embedding_layers=False)
    shutil.rmtree(work, ignore_errors=True)
    (out / "README.md").unlink(missing_ok=True)  # peft's blank model card; ours is card.json
    losses = [e["loss"] for e in trainer.state.log_history if "loss" in e]
    return {
        "examples": {
            "train": len(encoded["train"]),
            "validation": len(encoded["validation"]),
            "left_out_too_long": too_long,
        },
        "steps": result.global_step,
        "epochs": round(trainer.state.epoch or 0.0, 3),
        "validation_loss": {"before": round(initial, 4), "best": round(final, 4)},
        "train_loss": {
            "first": losses[0] if losses else None,
            "last": losses[-1] if losses else None,
        },
        "trainable_parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "train_seconds": round(result.metrics["train_runtime"], 1),
    }
