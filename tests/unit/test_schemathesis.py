"""OpenAPI fuzzing of the whole JSON API (schemathesis, fake model): every operation, with the
key of every role and with none, never answers with a server error. The budget is bounded
(a few derandomized examples per operation) so that it runs in CI."""

import tempfile
from pathlib import Path

import schemathesis
import yaml
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from listingsmith.api.app import create_app
from listingsmith.config import Settings
from tests.unit.fakes import DE_WRONG_HOURS, EN_GOOD, fake_model, translations
from tests.unit.test_api_sessions import KEYS

# Examples per operation; each is sent once per role key and once without a key.
EXAMPLES = 12


def fuzzed_app(root: Path) -> FastAPI:
    """The service with a fake model and a key of every role."""
    keys = root / "keys.yaml"
    admin = {"k-admin": {"name": "root", "role": "admin"}}
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in (KEYS | admin).items()]}))
    config = Settings(service_dir=root / "service", api_keys_file=keys, max_attempts=1)
    model = fake_model([EN_GOOD], translations(DE_WRONG_HOURS))
    return create_app(config, llm=lambda client: (model, "fake-model"))


# The schema is loaded when the module is (schemathesis generates the tests from it); the
# folder goes when the interpreter does, after the app's background jobs.
WORKDIR = tempfile.TemporaryDirectory(prefix="listingsmith-fuzz-")
schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app(Path(WORKDIR.name)))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_makes_a_server_error(case: schemathesis.Case) -> None:
    for key in [None, *KEYS, "k-admin"]:
        headers = {"X-API-Key": key} if key else {}
        case.call_and_validate(headers=headers, checks=[not_a_server_error])
