"""The console every command prints to (a module of its own: a command that needs only the
console does not import what cli.shared brings, the model client and the stores).

Seller text reaches it (skus, titles, record errors, audit payloads): no control character of it
reaches the terminal (an escape sequence can retitle the window, write the clipboard or hide
text), and `shown` keeps rich's markup in it from being read as markup ("[link=...]")."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.text import Text

# Control characters other than tab and line feed: C0 (ESC among them), DEL and C1.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """`text` without control characters (tab and line feed kept)."""
    return _CONTROLS.sub("", text)


def shown(value: object) -> str:
    """Seller text fit to interpolate into a markup string: controls dropped, markup escaped."""
    return escape(without_controls(str(value)))


class PlainConsole(Console):
    """A rich Console that drops control characters from every string it renders (the
    command's own styling is added after, so it stays)."""

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(without_controls(text), **options)


console = PlainConsole()
