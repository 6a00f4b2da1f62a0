"""A tiny, randomly initialised LLaVA-style vision-language checkpoint, built offline for tests.

Its answers are noise by design: it exists so that a request with a photo goes through vLLM's
real image path (processor, vision tower, image tokens) on the CPU in seconds.
  vision tower: CLIP ViT, hidden 64, 2 layers, 32x32 images, patch 8 -> 16 image tokens
  language:     Llama, hidden 128, 2 layers, byte-level BPE vocabulary trained here
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerFast

BUILT_MARKER = "listingsmith-tiny-vlm.txt"
CHAT_TEMPLATE = "tiny_vlm_chat_template.jinja"
IMAGE_SIZE = 32
PATCH_SIZE = 8
# CLIP's CLS token is dropped ("default" feature strategy): one token per patch.
IMAGE_TOKENS = (IMAGE_SIZE // PATCH_SIZE) ** 2
SEED = 0
SPECIAL_TOKENS = ["<unk>", "<s>", "</s>", "<pad>", "<image>"]
# The tokenizer's training corpus: a few shop words, so common words are single tokens.
WORDS = (
    "the a an of to and in is it for on with as by this that product shoe white black leather "
    "size brand model describe image picture color red green blue what do you see user assistant "
    "title bullets description keywords listing json value name attributes photo facts"
)


def ensure_tiny_vlm(target: Path) -> Path:
    """Return `target` holding the tiny checkpoint, building it first (about 15 s) if missing."""
    if (target / BUILT_MARKER).exists():
        return target
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    _build(staging)
    (staging / BUILT_MARKER).write_text(f"seed {SEED}\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target


def _tokenizer() -> PreTrainedTokenizerFast:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    words = WORDS.split()
    corpus = [" ".join(words[(i * 7 + j) % len(words)] for j in range(12)) for i in range(2000)]
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=1024,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tokenizer.train_from_iterator(corpus, trainer)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A",
        pair="<s> $A <s> $B",
        special_tokens=[("<s>", tokenizer.token_to_id("<s>"))],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
        extra_special_tokens={"image_token": "<image>"},
    )
    fast.chat_template = resources.files(__package__).joinpath(CHAT_TEMPLATE).read_text()
    return fast


def _build(out: Path) -> None:
    import torch
    from safetensors.torch import load_file, save_file
    from transformers import (
        CLIPImageProcessorPil,
        CLIPVisionConfig,
        LlamaConfig,
        LlavaConfig,
        LlavaForConditionalGeneration,
        LlavaProcessor,
    )

    tokenizer = _tokenizer()
    vision = CLIPVisionConfig(
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=2,
        image_size=IMAGE_SIZE,
        patch_size=PATCH_SIZE,
        projection_dim=64,
    )
    text = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=128,
        intermediate_size=256,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        head_dim=64,
        max_position_embeddings=4096,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=False,
    )
    config = LlavaConfig(
        vision_config=vision,
        text_config=text,
        image_token_id=tokenizer.convert_tokens_to_ids("<image>"),
        vision_feature_layer=-1,
        vision_feature_select_strategy="default",
        projector_hidden_act="gelu",
    )
    config.dtype = torch.float32
    with torch.random.fork_rng():
        torch.manual_seed(SEED)
        model = LlavaForConditionalGeneration(config).eval()
    model.save_pretrained(out)
    # transformers 5.x writes the CLIP tower as "vision_tower.embeddings...", but vLLM 0.32's
    # LLaVA loader wants "vision_tower.vision_model.embeddings...": rename the keys in place.
    weights = load_file(out / "model.safetensors")
    save_file(
        {_vllm_key(key): value for key, value in weights.items()},
        out / "model.safetensors",
        metadata={"format": "pt"},
    )
    image_processor = CLIPImageProcessorPil(
        size={"shortest_edge": IMAGE_SIZE}, crop_size={"height": IMAGE_SIZE, "width": IMAGE_SIZE}
    )
    processor = LlavaProcessor(
        image_processor=image_processor,
        tokenizer=tokenizer,
        patch_size=PATCH_SIZE,
        vision_feature_select_strategy="default",
        chat_template=tokenizer.chat_template,
        num_additional_image_tokens=1,
    )
    processor.save_pretrained(out)
    tokenizer.save_pretrained(out)


def _vllm_key(key: str) -> str:
    tower = "vision_tower."
    if key.startswith(tower) and not key.startswith(tower + "vision_model."):
        return tower + "vision_model." + key[len(tower) :]
    return key
