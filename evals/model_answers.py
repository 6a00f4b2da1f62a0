"""The model's extraction answers per record, kept so that fusion can be scored again without
the model: each line is one record's answer to one prompt (its hash), from one model. An answer
is replayed only for the same record, prompt and model; anything else asks the model."""

from __future__ import annotations

import json
from pathlib import Path

from listingsmith.domain import Attribute

ANSWERS_FILE = "model_answers.jsonl"


def answer_key(record_id: str, prompt_hash: str, model: str) -> str:
    """What an answer is filed under: the record, the exact prompt and the served model."""
    return f"{record_id}|{prompt_hash}|{model}"


class ModelAnswers:
    """Answers read from a file (replayed) and answers given in this run (to be written)."""

    def __init__(self, path: Path | None = None) -> None:
        self.known: dict[str, dict] = {}
        self.given: list[dict] = []
        if path is not None:
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    entry = json.loads(line)
                    self.known[answer_key(entry["id"], entry["prompt"], entry["model"])] = entry

    def replay(
        self, record_id: str, prompt_hash: str, model: str
    ) -> tuple[list[Attribute], float, str | None] | None:
        """The kept answer's values, its seconds and its error, or None when there is none."""
        entry = self.known.get(answer_key(record_id, prompt_hash, model))
        if entry is None:
            return None
        values = [Attribute.model_validate(a) for a in entry["values"]]
        return values, float(entry["seconds"]), entry.get("error")

    def keep(
        self,
        record_id: str,
        prompt_hash: str,
        model: str,
        values: list[Attribute],
        seconds: float,
        error: str | None,
    ) -> None:
        """File an answer given in this run."""
        self.given.append(
            {
                "id": record_id,
                "prompt": prompt_hash,
                "model": model,
                "values": [a.model_dump(mode="json") for a in values],
                "seconds": round(seconds, 3),
                "error": error,
            }
        )

    def models(self) -> set[str]:
        """The served models the replayed answers came from."""
        return {entry["model"] for entry in self.known.values()}

    def write(self, path: Path) -> None:
        """Every answer this run used (replayed and given), one line each."""
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [*self.known.values(), *self.given]
        path.write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in lines), encoding="utf-8"
        )
