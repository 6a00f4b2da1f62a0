from listingsmith.text.terms import find_terms


def test_terms_are_matched_in_the_texts_language_only() -> None:
    # French "or" means gold; it must not match the English word "or".
    assert find_terms("living room or bedroom", "colors", "en") == []
    assert [t.canonical for t in find_terms("bracelet en or", "colors", "fr")] == ["gold"]


def test_word_boundaries_and_case() -> None:
    assert [t.canonical for t in find_terms("Navy Blue shirt", "colors", "en")] == ["blue"]
    assert find_terms("Redwood table", "colors", "en") == []


def test_cjk_terms_match_as_substrings() -> None:
    assert [t.canonical for t in find_terms("綿100%のシャツ", "materials", "ja")] == ["cotton"]
