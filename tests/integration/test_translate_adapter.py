"""The shipped translate adapter on the real server: two listing lines, in the right language,
with their numbers kept."""

import pytest

from evals.translate import numbers_kept, translate_all
from listingsmith.config import Settings
from listingsmith.locale.langid import identify
from listingsmith.serving.adapters import task_models
from listingsmith.serving.client import ModelClient
from listingsmith.serving.launch import Endpoint
from listingsmith.serving.llm import make_llm

pytestmark = pytest.mark.integration

LINES = [
    {"id": "t1", "en": "The bottle holds 750 ml.", "de": "Die Flasche fasst 750 ml."},
    {"id": "t2", "en": "Machine washable at 30 °C.", "fr": "Lavable en machine à 30 °C."},
]


async def test_the_translate_adapter_writes_the_language_and_keeps_the_number(
    embedded_endpoint: Endpoint,
) -> None:
    settings = Settings(llm_url=embedded_endpoint.url)
    llm = make_llm(
        embedded_endpoint.profile, embedded_endpoint.url, embedded_endpoint.model, settings
    )
    client = ModelClient(llm, embedded_endpoint.model, 2, task_models(settings))
    assert client.model_for("localize") == "translate"
    rows = await translate_all(client, settings, LINES, ["de-DE", "fr-FR"])
    assert [row["locale"] for row in rows] == ["de-DE", "fr-FR"]
    for row in rows:
        assert identify(row["translation"]).language == row["locale"][:2], row
        assert numbers_kept(row["en"], row["translation"]), row
