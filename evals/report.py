"""Write an evaluation's metrics.json and a self-contained report.html."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

# Scores on a 0-100 scale, shown as they are; other floats are shares, shown as percentages.
SCORE_COLUMNS = frozenset({"chrf"})


def _cell(value: Any, column: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and column in SCORE_COLUMNS:
        return f"{value:.1f}"
    if isinstance(value, float):
        return f"{value:.1%}"
    return html.escape(str(value))


def render_html(title: str, metrics: dict[str, Any], sections: str = "") -> str:
    """A page with one table of every group's rates, the task's own `sections` (HTML) and the
    first errors, for a person to read."""
    groups = metrics["groups"]
    columns = sorted({key for row in groups.values() for key in row})
    head = "".join(f"<th>{html.escape(c)}</th>" for c in ["group", *columns])
    rows = "".join(
        "<tr>"
        + f"<td>{html.escape(name)}</td>"
        + "".join(f"<td>{_cell(row.get(c), c)}</td>" for c in columns)
        + "</tr>"
        for name, row in groups.items()
    )
    errors = "".join(
        f"<li><code>{html.escape(e['record'])}</code> {html.escape(e['language'])} "
        f"{html.escape(e['class'])} <b>{html.escape(e['outcome'])}</b>: "
        f"{html.escape(e['text'])}</li>"
        for e in metrics.get("errors", [])[:50]
    )
    settings = html.escape(json.dumps(metrics.get("settings", {}), ensure_ascii=False))
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;margin:2em}}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
        "text-align:right}td:first-child{text-align:left}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{settings}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{sections}"
        f"<h2>First errors</h2><ul>{errors}</ul></body></html>"
    )


def write_report(out_dir: Path, title: str, metrics: dict[str, Any], sections: str = "") -> None:
    """DIR/metrics.json and DIR/report.html (with the task's own `sections`, HTML)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "metrics.json").write_text(
        json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out_dir / "report.html").write_text(render_html(title, metrics, sections), encoding="utf-8")
