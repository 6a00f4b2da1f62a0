"""Report parts of the extraction eval: table rows, F1 bar charts (matplotlib, embedded PNG),
the published anchors beside ours, and the worst attributes with example records."""

from __future__ import annotations

import base64
import html
import io
from typing import Any

from matplotlib.figure import Figure

from listingsmith.lexicons import load_data

CHART_ATTRIBUTES = 40  # per-attribute chart: the attributes with the most gold values


def anchors() -> list[dict[str, Any]]:
    """Published F1 numbers (evals/anchors.yaml)."""
    return load_data(__package__, "anchors.yaml")["anchors"]


def _row(scores: dict[str, Any]) -> dict[str, Any]:
    return {
        "precision": scores["precision"],
        "recall": scores["recall"],
        "f1": scores["f1"],
        "normalized_f1": scores["normalized"]["f1"],
        "relaxed_f1": scores["relaxed"]["f1"],
        "macro_f1": scores["macro"]["f1"],
        "pairs": scores["pairs"],
    }


def extract_groups(metrics: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The common table's rows: overall, then each dataset."""
    rows = {"overall": _row(metrics)}
    rows.update({name: _row(s) for name, s in metrics["per_dataset"].items()})
    return rows


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img alt='chart' src='data:image/png;base64,{encoded}'>"


def _bars(labels: list[str], exact: list[float], relaxed: list[float], title: str) -> str:
    figure = Figure(figsize=(max(6.0, 0.35 * len(labels) + 2), 4))
    axis = figure.subplots()
    positions = range(len(labels))
    axis.bar([p - 0.2 for p in positions], exact, width=0.4, label="exact")
    axis.bar([p + 0.2 for p in positions], relaxed, width=0.4, label="relaxed")
    axis.set_xticks(list(positions), labels, rotation=60, ha="right", fontsize=8)
    axis.set_ylim(0, 1)
    axis.set_ylabel("F1")
    axis.set_title(title)
    axis.legend()
    return _png(figure)


def _anchor_table(metrics: dict[str, Any]) -> str:
    rows = []
    for anchor in anchors():
        ours = [
            metrics["per_dataset"][d]["f1"]
            for d in anchor["datasets"]
            if d in metrics["per_dataset"]
        ]
        mean = f"{sum(ours) / len(ours):.1%}" if len(ours) == len(anchor["datasets"]) else "–"
        rows.append(
            f"<tr><td>{html.escape(anchor['system'])}</td><td>{anchor['f1']:.0%}</td>"
            f"<td>{mean}</td><td>{html.escape(anchor['source'])}</td></tr>"
        )
    return (
        "<h2>Published anchors</h2><table><tr><th>published system</th><th>its F1</th>"
        "<th>ours (exact, mean of the same datasets)</th><th>source</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _worst_table(metrics: dict[str, Any]) -> str:
    rows = []
    for item in metrics["worst_attributes"]:
        shown = "".join(
            f"<li><code>{html.escape(e['record'])}</code> gold {html.escape(str(e['gold']))} · "
            f"predicted <b>{html.escape(str(e['predicted']))}</b> ({html.escape(str(e['source']))})"
            f"<br><small>{html.escape(e['title'])}</small></li>"
            for e in item["examples"]
        )
        counts = " ".join(f"{k} {v}" for k, v in item["counts"].items())
        rows.append(
            f"<tr><td>{html.escape(item['attribute'])}</td><td>{item['f1']:.1%}</td>"
            f"<td>{item['relaxed']['f1']:.1%}</td><td>{counts}</td>"
            f"<td style='text-align:left'><ul>{shown}</ul></td></tr>"
        )
    return (
        "<h2>Worst attributes</h2><table><tr><th>attribute</th><th>F1</th><th>relaxed F1</th>"
        "<th>counts</th><th>examples (gold vs predicted)</th></tr>" + "".join(rows) + "</table>"
    )


def _reliability_chart(calibration: dict[str, Any]) -> str:
    """Share right against stated confidence per source (the diagonal: perfectly calibrated)."""
    figure = Figure(figsize=(5, 4))
    axis = figure.subplots()
    axis.plot([0, 1], [0, 1], linestyle=":", color="grey", label="calibrated")
    for source, curve in calibration.items():
        bins = curve["bins"]
        axis.plot(
            [b["confidence"] for b in bins],
            [b["right"] for b in bins],
            marker="o",
            label=f"{source} (ECE {curve['ece']:.3f}, {curve['values']} values)",
        )
    axis.set_xlim(0, 1)
    axis.set_ylim(0, 1)
    axis.set_xlabel("confidence")
    axis.set_ylabel("share right (exact)")
    axis.set_title("Reliability of chosen values")
    axis.legend(fontsize=7)
    return _png(figure)


def extract_sections(metrics: dict[str, Any]) -> str:
    """Convention, charts, anchors, speed and the worst attributes, as HTML."""
    datasets = metrics["per_dataset"]
    names = list(datasets)
    dataset_chart = _bars(
        names,
        [datasets[n]["f1"] for n in names],
        [datasets[n]["relaxed"]["f1"] for n in names],
        "F1 per dataset",
    )
    attributes = sorted(
        metrics["per_attribute"].items(),
        key=lambda item: -(item[1]["pairs"] - item[1]["counts"]["NN"] - item[1]["counts"]["NV"]),
    )[:CHART_ATTRIBUTES]
    attribute_chart = _bars(
        [k for k, _ in attributes],
        [v["f1"] for _, v in attributes],
        [v["relaxed"]["f1"] for _, v in attributes],
        f"F1 per attribute (the {len(attributes)} with the most gold values)",
    )
    latency = metrics["latency_per_record"]
    return (
        f"<h2>Convention</h2><p>{html.escape(metrics['convention'])}</p>"
        f"<h2>F1</h2>{dataset_chart}{attribute_chart}{_anchor_table(metrics)}"
        f"<h2>Speed</h2><p>latency per record: mean {latency['mean_ms']} ms, "
        f"p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms; model calls per record: "
        f"{metrics['model_calls_per_record']}; records with a photo: "
        f"{metrics['records_with_photo']}; chosen values by source: "
        f"{html.escape(str(metrics['values_by_source']))}</p>"
        f"<h2>Calibration</h2><p>Chosen values where the gold has one, by confidence bin "
        f"(closed-set values: isotonic calibration on the train split's held-out fifth).</p>"
        f"{_reliability_chart(metrics['calibration'])}"
        f"{_worst_table(metrics)}"
    )
