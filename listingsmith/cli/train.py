"""`listingsmith train`: fine-tune a LoRA adapter of the embedded model for a task."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from listingsmith.cli.shared import console
from listingsmith.config import Settings


def train(
    task: Annotated[
        str, typer.Argument(help="extract | draft | translate | voice | claims | values")
    ],
    out: Annotated[
        Path,
        typer.Option(
            help="adapter folder (e.g. listingsmith/adapters/NAME); claims: the model's folder "
            "(listingsmith/policies/models); values: listingsmith/attributes/models"
        ),
    ],
    data: Annotated[
        list[Path] | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="JSONL: product data (voice: catalogue; translate: pairs (.gz too), taxonomy; "
            "claims: ordinary sentences from products, pairs and the taxonomy; values: product "
            "data whose gold answers closed attributes)",
        ),
    ] = None,
    from_reviews: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="translate: also the reviewers' translations in this memory file",
        ),
    ] = None,
    tenant: Annotated[
        str | None, typer.Option(help="--from-reviews: only this tenant's (default: all)")
    ] = None,
    max_examples: Annotated[
        int | None, typer.Option(min=0, help="a random sample of this many (0: all)")
    ] = None,
    epochs: Annotated[float | None, typer.Option(min=0.01, help="passes over the data")] = None,
    device: Annotated[str, typer.Option(help="cpu | cuda (a GPU only makes it faster)")] = "cpu",
) -> None:
    """Fine-tune a LoRA adapter of the embedded model for TASK; writes OUT/card.json. `claims`
    trains the paraphrased-claim detector instead (fastText; OUT/claims.ftz + claims.json),
    `values` the closed-set value classifier (fastText; OUT/values.ftz + values.json)."""
    if task == "claims":
        _train_claims(data or [], out)
        return
    if task == "values":
        _train_values(data or [], out)
        return
    from listingsmith.storage.memory import TranslationMemory
    from listingsmith.training.reviews import review_examples
    from listingsmith.training.run import train_task

    if from_reviews is not None and task != "translate":
        _refuse("--from-reviews: only the translate task learns from reviews")
    settings = Settings()
    reviewed = review_examples(TranslationMemory(from_reviews), tenant) if from_reviews else []
    if not data and not reviewed:
        _refuse("no training data: give --data, or --from-reviews with reviewed translations")
    changes = {"max_examples": max_examples, "epochs": epochs}
    hp = settings.training.for_task(task).model_copy(
        update={k: v for k, v in changes.items() if v is not None}
    )
    if max_examples == 0:
        hp.max_examples = None
    trained = settings.model_copy(update={"training": hp})
    card = train_task(task, data or [], out, trained, device=device, reviewed=reviewed)
    loss = card["validation_loss"]
    console.print(
        f"{task}: {card['examples']['train']} examples, {card['steps']} steps, validation loss "
        f"{loss['before']} -> {loss['best']}, {card['wall_seconds']:.0f} s; adapter in {out}"
    )


def _fasttext_card(train: Callable[[list[Path], Path], dict], data: list[Path], out: Path) -> dict:
    """A fastText training's card, or the trainer's missing-venv error as a refusal."""
    try:
        return train(data, out)
    except RuntimeError as error:
        _refuse(str(error))


def _train_claims(data: list[Path], out: Path) -> None:
    from listingsmith.training.claims import train_claims

    card = _fasttext_card(train_claims, data, out)
    console.print(
        f"claims: {card['examples']['train']} + {card['examples']['heldout']} held-out sentences, "
        f"thresholds { ({k: v['all'] for k, v in card['thresholds'].items()}) }, "
        f"{card['seconds']['total']:.0f} s; model in {out}"
    )


def _train_values(data: list[Path], out: Path) -> None:
    from listingsmith.training.values import train_values

    if not data:
        _refuse("no training data: give --data with closed attributes in its gold")
    card = _fasttext_card(train_values, data, out)
    console.print(
        f"values: {card['examples']['all']} examples, held-out accuracy "
        f"{card['heldout_accuracy']:.1%}, {card['seconds']:.0f} s; model in {out}"
    )


def _refuse(message: str) -> NoReturn:
    console.print(f"[red]error:[/red] {message}", soft_wrap=True)
    raise typer.Exit(2)


# The model-call task an eval task's --adapter applies to (the listing flow's is the draft).
