"""The batch's back-pressure: a bounded pool of products in flight, sized from the model slots,
outcomes streamed out as each product finishes."""

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from listingsmith.batch.job import JobSpec, run_job
from listingsmith.batch.runner import ProductOutcome
from listingsmith.config import PRODUCTS_PER_MODEL_SLOT, Settings
from listingsmith.serving.connect import model_client
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, FakeModel, translations


class SlowModel(FakeModel):
    """A FakeModel whose answers take a moment, so products overlap."""

    async def _acall(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        await asyncio.sleep(0.002)
        return self._call(prompt, *args, **kwargs)


class InFlight:
    """Counts products between their start and their outcome reaching the sink."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.events: list[str] = []

    def product_started(self, sku: str, locales: list[str]) -> None:
        self.now += 1
        self.most = max(self.most, self.now)
        self.events.append(f"start {sku}")

    def locale_done(self, sku: str, locale: str, status: str) -> None:
        pass

    def finished(self, outcome: ProductOutcome) -> None:
        self.now -= 1
        self.events.append(f"done {outcome.sku}")


def test_product_concurrency_defaults_to_the_model_slots() -> None:
    assert Settings(max_model_concurrency=3).product_concurrency == PRODUCTS_PER_MODEL_SLOT * 3
    assert Settings(max_model_concurrency=3, max_product_concurrency=1).product_concurrency == 1


@pytest.mark.parametrize("model_slots", [1, 2])
async def test_products_in_flight_are_bounded_and_outcomes_stream(
    tmp_path: Path, model_slots: int
) -> None:
    products = [BOTTLE.model_copy(update={"sku": f"BOTTLE-{i}"}) for i in range(9)]
    watch = InFlight()

    class Sink(list):
        """The `collected` list: sees each outcome when the runner's sink gets it."""

        def append(self, outcome: ProductOutcome) -> None:
            watch.finished(outcome)
            super().append(outcome)

    collected = Sink()
    settings = Settings(max_model_concurrency=model_slots)
    report = await run_job(
        JobSpec(products, ["de-DE"], tmp_path / "out", "run1", db_path=tmp_path / "state.sqlite"),
        settings,
        model_client(
            settings,
            SlowModel(responses=[json.dumps(EN_GOOD)], lines=translations(DE_GOOD)),
            "fake-model",
        ),
        observer=watch,
        collected=collected,
    )
    assert len(collected) == 9 and report["products"]["new"] == 9
    assert report["counts"] == {"de-DE": {"approved": 9}}
    assert watch.most == settings.product_concurrency  # the whole pool is used, never more
    first_done = watch.events.index(next(e for e in watch.events if e.startswith("done")))
    assert first_done < watch.events.index("start BOTTLE-8")  # streamed before the end
    lines = (tmp_path / "out" / "listings.jsonl").read_text().splitlines()
    assert len(lines) == 9


class SlowFirstCall(FakeModel):
    """A FakeModel whose first answer takes a while, so the first product finishes last."""

    async def _acall(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        first = not self.prompts
        answer = self._call(prompt, *args, **kwargs)
        await asyncio.sleep(0.3 if first else 0)
        return answer


async def test_listings_are_written_in_the_catalogues_order_whatever_finishes_first(
    tmp_path: Path,
) -> None:
    # A rerun that reuses every product wrote them in the catalogue's order and the run that
    # made them in the order they finished: the embedded flow's rerun check failed on that.
    products = [BOTTLE.model_copy(update={"sku": f"BOTTLE-{i}"}) for i in range(3)]
    collected: list[ProductOutcome] = []
    settings = Settings(max_model_concurrency=2)
    model = SlowFirstCall(responses=[json.dumps(EN_GOOD)], lines=translations(DE_GOOD))
    await run_job(
        JobSpec(products, ["de-DE"], tmp_path / "out", "run1", db_path=tmp_path / "state.sqlite"),
        settings,
        model_client(settings, model, "fake-model"),
        collected=collected,
    )
    assert [x.sku for x in collected][-1] == "BOTTLE-0"  # it did finish last
    lines = (tmp_path / "out" / "listings.jsonl").read_text().splitlines()
    assert [json.loads(x)["sku"] for x in lines] == ["BOTTLE-0", "BOTTLE-1", "BOTTLE-2"]
