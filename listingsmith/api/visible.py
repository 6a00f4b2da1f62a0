"""Text on the review pages as a reviewer must read it. A Unicode bidi control (an embedding,
override or isolate: U+202A to U+202E, U+2066 to U+2069) reorders the characters after it on
screen, so a sku or a price a seller wrote reads as another: "SKU-\u202e$4.99" shows as
"SKU-99.4$". Every value a template shows has them replaced by a visible "[U+202E]" (the
templates' `finalize`), and the listing's JSON in the edit form keeps them as JSON escapes
(`\\u202e`), visible and saved back as they were. The marks that only set a direction (LRM,
RLM, ALM) reorder nothing that follows them and are left to right-to-left text."""

from __future__ import annotations

from typing import Any

BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_SHOWN = {code: f"[U+{code:04X}]" for code in BIDI_CONTROLS}
_JSON = {code: f"\\u{code:04x}" for code in BIDI_CONTROLS}


def visible(value: Any) -> Any:
    """A template value as shown: bidi controls in text made visible ("[U+202E]"); markup
    stays markup, anything else is left as it is."""
    return value.translate(_SHOWN) if isinstance(value, str) else value


def json_with_visible_controls(text: str) -> str:
    """JSON text with every bidi control written as its escape: the same JSON value."""
    return text.translate(_JSON)
