"""per_params: a rule's derived data built once per params object and language."""

from typing import Any

from listingsmith.policies import params_cache
from listingsmith.policies.params_cache import per_params, per_params_and_language


def test_built_once_per_params_object() -> None:
    calls: list[str] = []

    @per_params
    def build(params: dict[str, Any], language: str) -> str:
        calls.append(language)
        return f"{params['x']}-{language}"

    params = {"x": 1}
    assert build(params, "de") == "1-de"
    assert build(params, "de") == "1-de"
    assert calls == ["de"]
    # An equal but different object is another rule's params: built anew.
    assert build({"x": 2}, "fr") == "2-fr"
    assert calls == ["de", "fr"]


def test_bounded(monkeypatch: Any) -> None:
    monkeypatch.setattr(params_cache, "MAX_ENTRIES", 2)
    calls: list[int] = []

    @per_params
    def build(params: dict[str, Any], language: str) -> int:
        calls.append(params["x"])
        return params["x"]

    kept = [{"x": n} for n in range(3)]
    for params in kept:
        build(params, "en")
    build(kept[0], "en")  # the cache started again after two entries: built anew
    assert calls == [0, 1, 2, 0]


def test_per_params_and_language_keeps_languages_apart() -> None:
    """One params object read in two languages (a rule whose phrases are one list for all) is
    built once per language, not the first language's value for both."""
    calls: list[str] = []

    @per_params_and_language
    def build(params: dict[str, Any], language: str) -> str:
        calls.append(language)
        return f"{params['x']}-{language}"

    params = {"x": 1}
    assert build(params, "de") == "1-de"
    assert build(params, "fr") == "1-fr"
    assert build(params, "de") == "1-de"
    assert calls == ["de", "fr"]
    assert build({"x": 1}, "de") == "1-de"  # an equal, other object: built anew
    assert calls == ["de", "fr", "de"]
