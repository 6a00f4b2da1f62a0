"""Assisted writing's checks: a listing as a reviewer types it, checked by the deterministic
checks alone (policy packs, limits, language ID, the fact-check against stated facts); no
model is called, so the answer comes back while the reviewer types."""

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from listingsmith.api.jobs import JobStore
from listingsmith.attributes.text import seller_attributes
from listingsmith.batch.policy_lines import ListingLine, ListingText
from listingsmith.checks.listing import Checks, check_listing
from listingsmith.config import InputLimits, Settings
from listingsmith.domain import Draft, Finding, Product
from listingsmith.text.markets import marketplace_id, region_locale

# What a listing being written gets: no pivot to compare with, so no adequacy or term checks.
ASSIST_CHECKS = Checks.POLICIES | Checks.FACTS | Checks.OUTPUT | Checks.LANGUAGE


class CheckRequest(BaseModel):
    """A listing to check where it is sold, with the product's sku and the facts it states."""

    model_config = ConfigDict(extra="forbid")

    locale: Annotated[str, AfterValidator(region_locale)]
    marketplace: Annotated[str, AfterValidator(marketplace_id)]
    listing: ListingText
    sku: str | None = Field(default=None, max_length=200)
    facts: dict[str, Any] = {}


class RequestError(ValueError):
    """A request that is not a listing to check: one line naming the field."""


def parse_check(body: Any, limits: InputLimits) -> CheckRequest:
    """The request, or a one-line RequestError naming the first bad field."""
    try:
        request = CheckRequest.model_validate(body)
        ListingLine.model_validate({**request.model_dump(), "attributes": request.facts})
    except ValidationError as invalid:
        first = invalid.errors()[0]
        loc = ["facts" if part == "attributes" else str(part) for part in first["loc"]]
        field = ".".join(loc) or "body"
        raise RequestError(f"{field}: {first['msg'].removeprefix('Value error, ')}") from None
    bound(request, limits)
    return request


def bound(request: CheckRequest, limits: InputLimits) -> None:
    """A RequestError naming the first field over the input limits."""
    text = request.listing
    if len(text.title) > limits.title_chars:
        raise RequestError(f"listing.title: longer than {limits.title_chars} characters")
    for name, items in (
        ("bullets", text.bullets),
        ("keywords", text.keywords),
        ("facts", list(request.facts)),
    ):
        if len(items) > limits.list_items:
            raise RequestError(f"listing.{name}: more than {limits.list_items} items")
    fields = {"listing.description": text.description}
    fields |= {f"listing.bullets[{i}]": b for i, b in enumerate(text.bullets)}
    fields |= {f"listing.keywords[{i}]": k for i, k in enumerate(text.keywords)}
    fields |= {f"facts.{k}": str(v) for k, v in request.facts.items()}
    for name, value in fields.items():
        if len(value) > limits.field_chars:
            raise RequestError(f"{name}: longer than {limits.field_chars} characters")


def assist_findings(
    request: CheckRequest, settings: Settings, product: Product | None = None
) -> list[Finding]:
    """Every finding of the assist checks; the fact-check reads `product` (the sku's record in
    the caller's store) when there is one, else the facts the request states."""
    text = request.listing
    product = product or Product(
        sku=request.sku or "listing",
        title=text.title or "listing",
        attributes=request.facts,
        marketplace=request.marketplace,
    )
    draft = Draft(
        title=text.title, bullets=text.bullets, description=text.description, keywords=text.keywords
    )
    return check_listing(
        draft, product, seller_attributes(product), request.locale, settings, checks=ASSIST_CHECKS
    ).findings


def stored_product(store: JobStore, tenant: str | None, sku: str | None) -> Product | None:
    """The sku's product as the tenant last submitted it (its newest job holding it), or None
    without a tenant, a sku or such a job."""
    if tenant is None or sku is None:
        return None
    for job in store.all(tenant):
        found = [p for p in store.products(job["id"]) if p.sku == sku]
        if found:
            return found[0]
    return None
