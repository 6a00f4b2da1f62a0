"""The converted tokenizer's check: <bos> first, and the subword vocabulary kept."""

from tokenizers import Regex, Tokenizer, models, pre_tokenizers, processors
from transformers import PreTrainedTokenizerFast

from listingsmith.serving.convert import tokenizer_problem


def tokenizer(vocab: list[str], split: pre_tokenizers.PreTokenizer, bos: bool) -> object:
    ids = {token: i for i, token in enumerate(["<bos>", "<unk>", *vocab])}
    built = Tokenizer(models.WordLevel(ids, unk_token="<unk>"))
    built.pre_tokenizer = split
    if bos:
        built.post_processor = processors.TemplateProcessing(
            single="<bos> $A", special_tokens=[("<bos>", 0)]
        )
    return PreTrainedTokenizerFast(tokenizer_object=built, bos_token="<bos>", unk_token="<unk>")


WORDS = pre_tokenizers.Whitespace()
CHARACTERS = pre_tokenizers.Split(Regex("."), behavior="isolated")


def test_a_whole_word_tokenizer_with_bos_passes() -> None:
    assert tokenizer_problem(tokenizer(["hello", "x"], WORDS, bos=True)) is None


def test_a_missing_bos_is_named() -> None:
    assert (
        tokenizer_problem(tokenizer(["hello", "x"], WORDS, bos=False)) == "does not prepend <bos>"
    )


def test_a_character_level_rebuild_is_caught() -> None:
    problem = tokenizer_problem(tokenizer(list("helox"), CHARACTERS, bos=True))
    assert problem is not None and "character-level" in problem
