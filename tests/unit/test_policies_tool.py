"""`policies check` as a tool: locales and marketplaces parsed or refused, scriptable exit codes,
one-line errors for bad input, typed attributes, and many listings per call (JSONL)."""

from __future__ import annotations

import codecs
import json
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from listingsmith.batch import policy_lines
from listingsmith.batch.policy_lines import InputError, read_listings, result_of, results
from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.domain import Product
from listingsmith.policies import engine, paraphrase
from listingsmith.policies.engine import shared_phrase_index
from listingsmith.policies.matching import PhraseMatcher
from listingsmith.text import reader
from listingsmith.text.markets import marketplace_id, marketplace_ids, region_locale

CLEAN = {"title": "Stainless steel water bottle", "description": "Holds 750 ml."}
TOO_LONG = {"title": "bottle " + "x" * 250, "description": "Holds 750 ml."}  # amazon: fix
BLOCKED = {"title": "最佳保温杯", "description": "不锈钢保温杯"}  # cn-adlaw: block


def line(listing: dict[str, Any], locale: str = "en-US", **more: Any) -> dict[str, Any]:
    """A batch line with `listing` in `locale` on amazon."""
    return {"id": "x", "locale": locale, "marketplace": "amazon", "listing": listing, **more}


def check(path: Path, *options: str) -> Any:
    return CliRunner().invoke(app, ["policies", "check", str(path), *options])


def write_lines(tmp_path: Path, lines: list[Any]) -> Path:
    path = tmp_path / "listings.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    return path


def outputs(result: Any) -> list[dict[str, Any]]:
    return [json.loads(x) for x in result.stdout.splitlines()]


@pytest.mark.parametrize(
    "given", ["de_DE", "de-de", "DE-de", " de-DE ", "de_DE.UTF-8", "de-DE-1996"]
)
def test_a_locale_is_read_as_its_bcp47_tag(given: str) -> None:
    assert region_locale(given) == "de-DE"


def test_a_script_is_dropped_and_the_region_kept() -> None:
    assert region_locale("zh-Hant-TW") == "zh-TW"
    assert region_locale("zh_Hans_CN") == "zh-CN"


def test_a_language_without_a_region_is_refused_saying_a_region_chooses_the_law() -> None:
    with pytest.raises(ValueError) as refused:
        region_locale("de")
    assert str(refused.value) == "locale 'de' has no region: say de-DE or de-AT"


@pytest.mark.parametrize("given", ["", "<script>", "xx-YY", "../", "x" * 500, "es-419", "fr-EU"])
def test_garbage_locales_are_refused_in_one_line_naming_them(given: str) -> None:
    with pytest.raises(ValueError) as refused:
        region_locale(given)
    message = str(refused.value)
    assert "\n" not in message and len(message) < 200
    assert message.startswith(f"locale {given[:20]!r}"[:-1])


@pytest.mark.parametrize(
    ("given", "known"),
    [("Amazon", "amazon"), ("amazon.de", "amazon"), ("AMAZON.co.jp", "amazon"),
     ("https://www.otto.de/", "otto"), ("eBay.co.uk", "ebay"), ("楽天", "rakuten")],
)  # fmt: skip
def test_marketplaces_are_read_by_their_aliases(given: str, known: str) -> None:
    assert marketplace_id(given) == known


def test_an_unknown_marketplace_is_refused_with_the_known_ids() -> None:
    with pytest.raises(ValueError) as refused:
        marketplace_id("amazin")
    message = str(refused.value)
    assert "amazin" in message and all(known in message for known in marketplace_ids())
    assert {"amazon", "shopify", "google", "ebay", "otto", "rakuten"} <= set(marketplace_ids())


def test_locale_and_marketplace_spellings_do_not_switch_the_packs_off(tmp_path: Path) -> None:
    listing = tmp_path / "listing.json"
    listing.write_text(json.dumps({**CLEAN, "title": "A" * 250}))
    expected = check(listing, "--locale", "de-DE", "--marketplace", "amazon", "--json")
    for locale, market in [("de_DE", "Amazon"), ("de-de", "amazon.de")]:
        result = check(listing, "--locale", locale, "--marketplace", market, "--json")
        assert json.loads(result.stdout) == json.loads(expected.stdout)
    body = json.loads(expected.stdout)
    assert {"amazon", "eu-gpsr"} <= {ref.split("@")[0] for ref in body["packs"]}
    assert body["locale"] == "de-DE" and body["marketplace"] == "amazon"


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [("--locale", "de", "locale 'de' has no region: say de-DE or de-AT"),
     ("--marketplace", "amazin", "marketplace 'amazin' is not known"),
     ("--locale", "[/x]", "locale '[/x]' is not a well-formed BCP 47 tag")],
)  # fmt: skip
def test_a_bad_option_exits_3_in_one_line(
    tmp_path: Path, option: str, value: str, said: str
) -> None:
    listing = tmp_path / "listing.json"
    listing.write_text(json.dumps(CLEAN))
    result = check(listing, "--locale", "en-US", option, value)
    assert result.exit_code == 3
    assert result.output.strip().startswith(f"error: {said}")
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("listing", "locale", "code", "verdict"),
    [(CLEAN, "en-US", 0, "clean"), (TOO_LONG, "en-US", 1, "fix"), (BLOCKED, "zh-CN", 2, "blocked")],
)  # fmt: skip
def test_exit_codes_are_0_clean_1_fix_2_blocked(
    tmp_path: Path, listing: dict, locale: str, code: int, verdict: str
) -> None:
    path = tmp_path / "listing.json"
    path.write_text(json.dumps(listing))
    result = check(path, "--locale", locale, "--json")
    assert result.exit_code == code, result.output
    assert json.loads(result.stdout)["verdict"] == verdict


def test_the_help_documents_the_exit_codes() -> None:
    result = CliRunner().invoke(app, ["policies", "check", "--help"])
    text = " ".join(result.output.split())
    for said in ("0 clean", "1 findings to fix", "2 blocked", "3 bad input"):
        assert said in text


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "listing.json: empty file: no listing"),
        (b"  \n", "listing.json: empty file: no listing"),
        (b"null", "expected a JSON object, got null"),
        (b'[{"title": "x"}]', "expected a JSON object, got a list"),
        (b'{"title": "caf\xe9"}', "not valid UTF-8 at byte 15"),
        (b'{"title": ', "not valid JSON"),
        (b'{"description": "x"}', "field listing.title: Field required"),
        (b'{"title": 3}', "field listing.title: Input should be a valid string"),
        (
            b'{"title": "x", "bullets": "one"}',
            "field listing.bullets: Input should be a valid list",
        ),
        (b'{"title": "x", "attributes": []}', "field attributes: Input should be a valid dict"),
        (b'{"title": "x", "attributes": {"size": {"cm": 3}}}', "attribute 'size' is a dict"),
        (
            b'{"title": "x", "bulets": ["a"]}',
            "field listing.bulets: Extra inputs are not permitted",
        ),
        ("{}".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
    ],
)
def test_bad_input_is_one_line_naming_the_file_and_field(
    tmp_path: Path, content: bytes, said: str
) -> None:
    path = tmp_path / "listing.json"
    path.write_bytes(content)
    result = check(path, "--locale", "en-US")
    assert result.exit_code == 3, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith("error: listing.json") and said in lines[0]


def test_a_missing_listing_file_and_a_usage_error_exit_3(tmp_path: Path) -> None:
    missing = check(tmp_path / "nowhere.json", "--locale", "en-US")
    assert missing.exit_code == 3 and "nowhere.json: cannot be read" in missing.output
    assert check(tmp_path / "x.json", "--no-such-option").exit_code == 3
    assert CliRunner().invoke(app, ["policies", "check"]).exit_code == 3


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + json.dumps(BLOCKED).encode("utf-8"),
        codecs.BOM_UTF16_LE + json.dumps(BLOCKED).encode("utf-16-le"),
        codecs.BOM_UTF16_BE + json.dumps(BLOCKED).encode("utf-16-be"),
    ],
)
def test_a_byte_order_mark_is_read_utf16_decoded(tmp_path: Path, encoded: bytes) -> None:
    path = tmp_path / "listing.json"
    path.write_bytes(encoded)
    result = check(path, "--locale", "zh-CN", "--json")
    assert result.exit_code == 2, result.output
    assert "cn-adlaw" in {f["regime"] for f in json.loads(result.stdout)["findings"]}


def test_utf16_that_does_not_decode_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "listings.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + b"{\x00\x00\xd8")  # a lone high surrogate
    result = check(path)
    assert result.exit_code == 3 and "not valid UTF-16" in result.output


def test_a_null_attribute_is_missing_never_the_text_none(tmp_path: Path) -> None:
    attributes = {"manufacturer": "Lenox", "manufacturer_address": None, "gtin": 12345678905}
    path = write_lines(tmp_path, [line(CLEAN, "de-DE", attributes=attributes)])
    result = check(path)
    body = outputs(result)[0]
    gpsr = [f for f in body["findings"] if f["rule_id"] == "eu-gpsr.art19.manufacturer"]
    assert "None" not in json.dumps(body)
    assert "Hersteller: Lenox." in [f["suggested_fix"] for f in gpsr]
    missing = [f for f in gpsr if "address" in f["message"]]
    assert missing and missing[0]["fix"] == "none" and missing[0]["suggested_fix"] is None
    identifier = [f for f in body["findings"] if f["rule_id"] == "eu-gpsr.art19.identifier"]
    assert identifier[0]["suggested_fix"] == "Produktkennung: 12345678905."


def test_product_attributes_drop_null_and_write_numbers_and_booleans_as_text() -> None:
    product = Product(
        sku="a", title="a", attributes={"a": None, "b": 2.5, "c": 3, "d": True, "e": False}
    )
    assert product.attributes == {"b": "2.5", "c": "3", "d": "yes", "e": "no"}


def test_many_listings_one_json_line_each_the_batch_going_on_past_bad_lines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "listings.jsonl"
    good = [line(CLEAN), line(TOO_LONG), line(BLOCKED, "zh-CN")]
    text = [json.dumps(x, ensure_ascii=False) for x in good]
    text[1:1] = ["null", "", json.dumps(line(CLEAN, "de")), '{"id": 7, "locale": "en-US"}']
    path.write_bytes("\n".join(text).encode() + b"\n\xff\n")
    result = check(path)
    assert result.exit_code == 3, result.output  # bad input wins over blocked
    out = outputs(result)
    assert len(out) == 7  # one per non-blank line
    assert [x.get("verdict") for x in out] == ["clean", None, None, None, "fix", "blocked", None]
    assert out[1] == {
        "id": None,
        "line": 2,
        "error": "line 2, field -: expected a JSON object, got null",
    }
    assert out[2]["error"] == "line 4, field locale: locale 'de' has no region: say de-DE or de-AT"
    assert out[3]["id"] == "7" and out[3]["error"] == "line 5, field listing: Field required"
    assert out[6]["line"] == 8 and "not valid UTF-8" in out[6]["error"]
    assert list(out[0]) == ["id", "locale", "marketplace", "verdict", "packs", "findings"]
    assert {f["regime"] for f in out[5]["findings"]} == {"cn-adlaw"}


def test_the_exit_code_of_a_batch_is_the_worst_verdict(tmp_path: Path) -> None:
    lines = [line(CLEAN), line(BLOCKED, "zh-CN"), line(TOO_LONG)]
    assert check(write_lines(tmp_path, lines)).exit_code == 2
    assert check(write_lines(tmp_path, [line(CLEAN), line(TOO_LONG)])).exit_code == 1
    assert check(write_lines(tmp_path, [line(CLEAN)])).exit_code == 0


def test_lines_take_the_options_as_defaults(tmp_path: Path) -> None:
    path = write_lines(tmp_path, [{"id": "a", "listing": BLOCKED}])
    result = check(path, "--locale", "zh_cn", "--marketplace", "Amazon")
    assert result.exit_code == 2
    assert outputs(result)[0]["locale"] == "zh-CN"


def test_an_empty_jsonl_file_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "listings.jsonl"
    path.write_text("\n\n")
    result = check(path)
    assert result.exit_code == 3 and "listings.jsonl: empty file: no listing" in result.output


def test_when_no_pack_applies_it_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import listingsmith.cli.policies as command

    def unscoped(lines: Any, defaults: Any, settings: Any) -> Iterator[dict]:
        for _ in lines:
            yield {"id": "a", "locale": "en-AU", "marketplace": "etsy", "verdict": "clean",
                   "packs": [], "findings": []}  # fmt: skip

    monkeypatch.setattr(command, "results", unscoped)
    result = check(write_lines(tmp_path, [line(CLEAN)]))
    assert result.exit_code == 0
    assert "no policy pack applies to en-AU on etsy (1 listing(s))" in result.stderr


def test_policies_list_reads_the_locale_and_refuses_a_bare_language() -> None:
    listed = CliRunner().invoke(
        app, ["policies", "list", "--locale", "de_de", "--marketplace", "Amazon"]
    )
    assert listed.exit_code == 0 and "eu-gpsr" in listed.output and "amazon" in listed.output
    refused = CliRunner().invoke(app, ["policies", "list", "--locale", "de"])
    assert refused.exit_code == 3 and "has no region" in refused.output


def test_a_catalogue_reads_marketplace_aliases_and_refuses_unknown_ones(tmp_path: Path) -> None:
    from listingsmith.batch.catalog import read_catalog
    from listingsmith.config import Settings

    records = [
        {"sku": "a", "title": "Bottle", "marketplace": "Amazon.de"},
        {"sku": "b", "title": "Bottle", "marketplace": "amazin"},
    ]
    path = tmp_path / "catalog.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    products, errors = read_catalog(path, Settings())
    assert [p.marketplace for p in products] == ["amazon"]
    assert str(errors[0]).startswith("line 2 (sku b), field marketplace: marketplace 'amazin'")


def test_the_table_shows_the_sellers_text_as_text_not_markup(tmp_path: Path) -> None:
    path = tmp_path / "listing.json"
    path.write_text(json.dumps({**TOO_LONG, "title": "[/x] [bold] " + TOO_LONG["title"]}))
    result = check(path, "--locale", "en-US")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.lstrip().startswith("fix: ") and "amazon@" in result.output


def test_a_json_file_may_hold_one_listing_line(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(line(BLOCKED, "zh_CN", id="cup"), ensure_ascii=False))
    result = check(path, "--json")
    assert result.exit_code == 2
    body = json.loads(result.stdout)
    assert (body["id"], body["locale"], body["verdict"]) == ("cup", "zh-CN", "blocked")


def test_a_null_never_hides_a_value_given_under_another_spelling(tmp_path: Path) -> None:
    attributes = {"manufacturer": "Lenox", "manufacturer address": "1 Main St, Bristol",
                  "manufacturer_address": None}  # fmt: skip
    result = check(write_lines(tmp_path, [line(CLEAN, "de-DE", attributes=attributes)]))
    fixes = [f["suggested_fix"] for f in outputs(result)[0]["findings"]]
    assert "Herstelleranschrift: 1 Main St, Bristol." in fixes


def test_a_disclosure_line_follows_the_languages_typography(tmp_path: Path) -> None:
    """French puts a space before the colon ("Adresse du fabricant : ..."), as its attribute
    lines do; German and English do not."""
    attributes = {"manufacturer": "Lenox", "manufacturer address": "1 Main St, Bristol"}
    lines = [line(CLEAN, locale, attributes=attributes) for locale in ("fr-FR", "de-DE")]
    fixes = [
        [f["suggested_fix"] for f in x["findings"]]
        for x in outputs(check(write_lines(tmp_path, lines)))
    ]
    assert "Adresse du fabricant : 1 Main St, Bristol." in fixes[0]
    assert "Herstelleranschrift: 1 Main St, Bristol." in fixes[1]


def test_a_taxonomy_category_id_chooses_the_packs_a_law_scopes_by_branch(tmp_path: Path) -> None:
    sauce = {"title": "Habanero-Chilisauce", "description": "Scharfe Chilisauce, 120 ml."}
    lines = [line(sauce, "de-DE"), line(sauce, "de-DE", category_id="fb-2-4-8")]
    regimes = [
        {f["regime"] for f in x["findings"]} for x in outputs(check(write_lines(tmp_path, lines)))
    ]
    assert "eu-gpsr" in regimes[0] and "eu-food-1169" not in regimes[0]
    assert "eu-gpsr" not in regimes[1] and "eu-food-1169" in regimes[1]  # food: Reg. 1169/2011


def test_an_unknown_taxonomy_category_id_is_bad_input_naming_the_field(tmp_path: Path) -> None:
    result = check(write_lines(tmp_path, [line(CLEAN, category_id="zz-1")]))
    assert result.exit_code == 3
    error = outputs(result)[0]["error"]
    assert error.startswith("line 1, field category_id:") and "'zz-1'" in error


def test_lines_are_checked_in_batches_their_claims_classified_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`results` gives result_of's line for every line, in order, checking AHEAD_LINES lines at
    a time after the paraphrase detector classified every field of the batch's listings (in
    their languages): the checks never ask the model themselves, and find each field's reading
    with the phrase index's hits done (the engine's index pass)."""
    claim = {"title": "Soap", "bullets": ["This soap treats the planet kindly"]}
    german = {"title": "Hautcreme", "description": "Diese Creme hält Infektionen fern"}
    lines = [line(CLEAN), line(claim), None, line(TOO_LONG), line(CLEAN, "de")]
    lines += [line(german, "de-DE"), line(BLOCKED, "zh-CN"), {**line(claim), "id": "again"}]
    path = write_lines(tmp_path, lines)
    settings = Settings()
    monkeypatch.setattr(policy_lines, "AHEAD_LINES", 3)
    batches: list[list[tuple[str, str]]] = []
    ahead = policy_lines.classify_ahead
    asked = {"ahead": 0, "checks": 0}
    phase = ["checks"]

    def classify_first(fields: Any) -> None:
        batches.append(list(fields))
        phase[0] = "ahead"
        ahead(batches[-1])
        phase[0] = "checks"

    predicted = paraphrase._predicted

    def counted(unit: str) -> tuple[str, float]:
        asked[phase[0]] += 1
        return predicted(unit)

    monkeypatch.setattr(policy_lines, "classify_ahead", classify_first)
    monkeypatch.setattr(paraphrase, "_predicted", counted)
    tags = PhraseMatcher.tags
    indexed = {"ahead": 0, "checks": 0}  # fields the engine's index pass finds not yet indexed

    def counted_tags(self: PhraseMatcher, reading: Any) -> set[str]:
        indexed[phase[0]] += bool(reading.original) and not self.has_layers(reading)
        return tags(self, reading)

    layers = PhraseMatcher.layers

    def counted_layers(self: PhraseMatcher, reading: Any) -> Any:
        if phase[0] == "ahead":
            indexed["ahead"] += not self.has_layers(reading)
        return layers(self, reading)

    read_first = policy_lines.read_ahead

    def read_ahead(fields: Any) -> None:
        phase[0] = "ahead"
        read_first(fields)
        phase[0] = "checks"

    monkeypatch.setattr(PhraseMatcher, "tags", counted_tags)
    monkeypatch.setattr(PhraseMatcher, "layers", counted_layers)
    monkeypatch.setattr(policy_lines, "read_ahead", read_ahead)
    monkeypatch.setattr(reader, "_CACHE", OrderedDict())  # every field read anew
    paraphrase.field_claims.cache_clear()  # every field's claims read anew, by whichever asks
    got = list(results(read_listings(path, settings.input_limits), {}, settings))
    assert asked["ahead"] > 0 and asked["checks"] == 0
    assert indexed["ahead"] > 0 and indexed["checks"] == 0
    expected = [result_of(*x, {}, settings) for x in read_listings(path, settings.input_limits)]
    assert got == expected and len(got) == len(lines)
    assert [x.get("verdict") for x in got[:5]] == ["clean", "blocked", None, "fix", None]
    rules = [[f["rule_id"] for f in x.get("findings", [])] for x in got]
    learned = [[rule for rule in found if rule.startswith("learned.")] for found in rules]
    assert learned[1] == learned[7] == ["learned.environmental-claim"]
    assert learned[5] == ["learned.health-claim"]
    assert len(batches) == 3  # 3 + 3 + 2 lines; the bad lines (null, "de") have no fields
    assert batches[0] == [
        ("Stainless steel water bottle", "en"), ("Holds 750 ml.", "en"),
        ("Soap", "en"), (claim["bullets"][0], "en"),
    ]  # fmt: skip
    assert (german["description"], "de") in batches[1]


def test_an_error_reading_the_lines_comes_after_the_results_before_it(tmp_path: Path) -> None:
    settings = Settings()
    path = write_lines(tmp_path, [line(CLEAN), line(TOO_LONG)])
    read = list(read_listings(path, settings.input_limits))

    def broken() -> Iterator[Any]:
        yield from read
        raise InputError("listings.jsonl: not valid UTF-16")

    got = []
    with pytest.raises(InputError, match="UTF-16"):
        for result in results(broken(), {}, settings):
            got.append(result)
    assert [x["verdict"] for x in got] == ["clean", "fix"]


def test_claims_are_classified_ahead_for_at_most_ahead_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A batch's fields past AHEAD_FIELDS are left to their checks, so no field classified
    ahead is out of field_claims' cache before its check asks for it."""
    monkeypatch.setattr(paraphrase, "AHEAD_FIELDS", 2)
    paraphrase.field_claims.cache_clear()
    fields = [("Steel bottle", "en"), ("", "en"), ("Glass jar with a lid", "en"), ("Mug", "en")]
    paraphrase.classify_ahead(iter(fields))
    assert paraphrase.field_claims.cache_info().currsize == 1  # the empty field needs none
    paraphrase.classify_ahead(fields[2:])
    assert paraphrase.field_claims.cache_info().currsize == 3


def test_fields_are_read_ahead_only_where_the_reader_keeps_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """read_ahead reads a field and the phrase index's hits in it only where the reader's cache
    keeps the reading (no longer than it keeps, at most half its entries), so the check finds
    them; a longer field is left to its check."""
    monkeypatch.setattr(reader, "_CACHE", OrderedDict())
    monkeypatch.setattr(engine, "READ_CACHE_ENTRIES", 4)  # two fields at a time
    long = "Steel bottle. " * (reader.READ_CACHE_CHARS // 10)
    engine.read_ahead([(long, "en"), ("Steel bottle", "en"), ("Glass jar", "en")])
    assert list(reader._CACHE) == [("Steel bottle", "en")]
    assert shared_phrase_index("en").has_layers(reader.read("Steel bottle", "en"))
