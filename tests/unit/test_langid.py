"""Language ID as the checks read it: Chinese without kana is not Japanese, and a short field
is read with the fields of its own writer."""

from __future__ import annotations

from listingsmith.config import Settings
from listingsmith.domain import Attribute, Draft, Product
from listingsmith.locale.glossary import protected_terms
from listingsmith.locale.langid import language_findings

SETTINGS = Settings()


def findings(draft: Draft, locale: str, terms: list[str] | None = None) -> list[str]:
    return [
        f.field
        for f in language_findings(
            draft,
            locale,
            SETTINGS.language_min_confidence,
            SETTINGS.language_min_field_chars,
            terms or [],
        )
    ]


def test_short_chinese_without_kana_is_not_held_as_japanese() -> None:
    """Regression: composed zh-CN titles and bullets ("洗衣粉，62件装") read as ja and held."""
    draft = Draft(title="洗衣粉，62件装", bullets=["数量：62件装"], keywords=["洗衣粉"])
    assert findings(draft, "zh-CN") == []
    japanese = Draft(title="洗濯用の粉末洗剤です。とても使いやすいです。")
    assert findings(japanese, "zh-CN") == ["title"]


def test_a_models_english_description_does_not_condemn_the_composed_fields() -> None:
    """Regression: short data-composed fields were read with the whole listing, so an English
    description (which the fallback can replace) held the listing on the composed title."""
    draft = Draft(
        title="Spiegel, Rund",
        bullets=["Form: Rund"],
        description="A round mirror for your hallway, with a modern frame and a clear glass.",
        keywords=["Spiegel"],
        origins={"title": "data", "bullets[0]": "data", "keywords": "data"},
    )
    assert findings(draft, "de-DE") == ["description"]


def test_extracted_brand_and_maker_names_are_protected_terms() -> None:
    product = Product(sku="p", title="Arm & Hammer Laundry Detergent, 62 Count")
    attributes = [
        Attribute(name="Brand", value="Arm & Hammer", source="text", confidence=0.9),
        Attribute(
            name="manufacturer",
            value="Harrowgate Home & Kitchen Ltd",
            source="seller",
            confidence=1.0,
        ),
    ]
    terms = protected_terms(product, attributes)
    assert {"Arm & Hammer", "Harrowgate Home & Kitchen Ltd"} <= set(terms)
    composed = Draft(
        title="Lessive Arm & Hammer, lot de 62",
        bullets=["Nombre de pièces : lot de 62", "Contenu : lot de 62"],
        keywords=["Lessive"],
    )
    assert findings(composed, "fr-FR", terms) == []
