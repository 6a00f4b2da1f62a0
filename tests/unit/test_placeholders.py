"""Placeholder attribute values read as missing in the disclosure kinds."""

import pytest

from listingsmith.policies.placeholders import stated


@pytest.mark.parametrize("value", [None, "", "n/a", "N/A", "-", "TBD", "see packaging", " — ", "?"])
def test_placeholder_is_not_stated(value: object) -> None:
    assert not stated(value)


@pytest.mark.parametrize("value", ["Acme GmbH", "info@acme.de", "4006381333931", "Nalepa"])
def test_real_value_is_stated(value: object) -> None:
    assert stated(value)


@pytest.mark.parametrize(
    "value",
    [
        "keine Angabe",
        "non communiqué",
        "No disponible",
        "non disponibile",
        "niet beschikbaar",
        "brak danych",
        "uppgift saknas",
        "a confirmar",
        "to be confirmed",
    ],
)
def test_placeholders_in_the_eu_languages_are_not_stated(value: object) -> None:
    assert not stated(value)
