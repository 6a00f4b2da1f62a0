"""The policy benchmark's novel arm times lines the process has never read: its cold and steady
slices share no listing text with each other or with its warm-up slice, and every locale's
lines are in each."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from policies import Novel, slices


def _line(number: int, locale: str, title: str, bullets: list[str], description: str) -> str:
    listing = {"title": title, "bullets": bullets, "description": description}
    return json.dumps({"id": f"l{number}", "locale": locale, "listing": listing})


def _texts(line: str) -> set[str]:
    listing = json.loads(line)["listing"]
    return {listing["title"], listing["description"], *listing["bullets"]} - {""}


def test_slices_share_no_text_and_cover_every_locale() -> None:
    lines = []
    for locale in ("en-US", "de-DE"):
        for family in range(12):
            # A family: lines varying one sentence of a template, as the policy corpus's do;
            # the last line of family 1 holds family 0's bullet (one family from then on).
            for variant in range(3):
                joins = family == 0 or (family == 1 and variant == 2)
                shared = f"{locale} bullet 0" if joins else ""
                lines.append(
                    _line(
                        len(lines),
                        locale,
                        f"{locale} title {family}",
                        [f"{locale} varied {family}.{variant}", shared],
                        f"{locale} description {family}",
                    )
                )
            lines.append(_line(len(lines), locale, f"{locale} alone {family}", [], ""))
    cold, warm, steady = slices(lines)
    seen: set[str] = set()
    for line in warm:
        seen |= _texts(line)
    for line in cold + steady:  # never read before: not in the warm-up, nor in another timed line
        assert not _texts(line) & seen, line
        seen |= _texts(line)
    for part in (cold, warm, steady):
        assert {json.loads(line)["locale"] for line in part} == {"en-US", "de-DE"}
    assert len(cold) == len(steady)
    assert len(warm) > len(cold) + len(steady)  # whole families, the others one line of each


def test_one_time_cost_is_the_cold_lines_beyond_the_steady_rate() -> None:
    found = Novel(start=1.0, cold=0.004, steady=0.001, again=0.0005, counts=(100, 400, 100))
    assert abs(found.one_time() - 0.3) < 1e-9
