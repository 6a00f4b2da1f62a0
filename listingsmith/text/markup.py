"""HTML a seller wrote (a Shopify product's body) read as text: html-text over lxml's HTML
parser, scripts and styles dropped. lxml stops building the tree at a nesting depth it will
not go past (libxml2's limit: 256 levels, 2048 with its "huge" option): the text below is
left out without an error, so a body nested that deep read as empty. Here the huge option
reads up to its limit, and past it, or past any other limit of the parser, the reading is
refused (`MarkupError`) instead of losing the text."""

from __future__ import annotations

import html_text
import lxml.etree
import lxml.html


class MarkupError(ValueError):
    """HTML whose text the parser cannot read whole (nested too deep)."""


def markup_text(markup: str) -> str:
    """The text of `markup` laid out as a browser shows it (paragraphs and list items on lines
    of their own), or MarkupError when the parser would leave some of it out."""
    body = markup.strip().replace("\x00", "").encode("utf-8")
    if not body:
        return ""
    parser = lxml.html.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    root = lxml.etree.fromstring(body, parser=parser)
    for problem in parser.error_log:
        if problem.type_name == "ERR_RESOURCE_LIMIT":
            limit = _first_clause(problem)
            raise MarkupError(f"HTML past what the parser reads ({limit}): its text would be lost")
    if root is None:
        return ""
    return html_text.extract_text(root, guess_layout=True).strip()


def _first_clause(problem: lxml.etree._LogEntry) -> str:
    """lxml's message up to its advice ('Excessive depth in document: 2048')."""
    return problem.message.split(",")[0].strip().lower()
