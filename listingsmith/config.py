"""Settings: the one home of every endpoint, limit and tunable (env vars LISTINGSMITH_*)."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretBytes, SecretStr
from pydantic_core import to_jsonable_python
from pydantic_settings import BaseSettings, SettingsConfigDict

from listingsmith.domain import LocaleTags

# What the audited settings say of a secret that is set (its value is never recorded).
SECRET_SET = "(set)"

# Products in flight per model request slot when max_product_concurrency is unset: two, so a
# request is ready for each slot while other products are between steps.
PRODUCTS_PER_MODEL_SLOT = 2


class Sampling(BaseModel):
    """Sampling settings sent with every model request of one task."""

    temperature: float = 0.3
    top_p: float = 0.9
    top_k: int = 40
    seed: int = 7
    max_tokens: int = 320


class ListingLimits(BaseModel):
    """Length bounds of generated listings (also what keeps structured answers short)."""

    title_chars: int = 150
    bullets: int = 3
    bullet_chars: int = 120
    description_chars: int = 360
    keywords: int = 5
    keyword_chars: int = 30


class ExtractionLimits(BaseModel):
    """Model attribute extraction: answer and text bounds, confidences of its values."""

    # Longest value the schema allows (gold values are short: "Nautical Navy", "100/Box").
    value_chars: int = 40
    # The record's text is clipped to this many characters so prompt + answer fit the context.
    text_chars: int = 1200
    # The stated confidence of a value found in the text (its evidence) vs one the model wrote
    # without support there; the extract node maps both to the share right measured on train
    # records (attributes/confidence.yaml, `python -m evals.build_confidence`).
    grounded_confidence: float = 0.3
    ungrounded_confidence: float = 0.05
    # Greedy decoding repeats itself: a retry after an unparseable answer samples at least this.
    retry_temperature: float = 0.3


class TrainingSettings(BaseModel):
    """LoRA fine-tuning of the embedded model (`listingsmith train`)."""

    # r=8 on the 7 projections: 1.9 M parameters, 3.8 MB saved as bf16 (small enough to ship).
    lora_rank: int = 8
    lora_alpha: int = 16
    lora_dropout: float = 0.05
    target_modules: list[str] = [
        "q_proj",
        "k_proj",
        "v_proj",
        "o_proj",
        "gate_proj",
        "up_proj",
        "down_proj",
    ]
    adapter_dtype: str = "bfloat16"
    learning_rate: float = 2e-4
    warmup_ratio: float = 0.05
    batch_size: int = 8
    epochs: float = 1.0
    # A random sample of this many examples (None: all). A step of 8 extraction examples (about
    # 600 tokens each) takes about 80 s on the 2-core CPU, so 200 finish in about 35 minutes; the
    # shipped adapters were trained on a GPU on all examples (see their card.json).
    max_examples: int | None = 200
    # Held back for validation: this share of the examples, at most val_max_examples.
    val_fraction: float = 0.05
    val_max_examples: int = 200
    eval_every_steps: int = 10
    # Early stopping: evaluations without a lower validation loss before training stops.
    patience: int = 3
    # Examples whose prompt + answer exceed this many tokens are left out (and counted).
    max_tokens: int = 1024
    seed: int = 7
    # Per task, changes to the fields above. Translation pairs are short (about 60 tokens): the
    # data mix (training/translate.yaml) sets how many, bigger batches take them, and a small
    # validation set keeps the evaluations cheap on the 2-core CPU.
    task_overrides: dict[str, dict[str, Any]] = {
        "translate": {
            "max_examples": None,
            "batch_size": 16,
            "learning_rate": 3e-4,
            "val_max_examples": 48,
            "eval_every_steps": 40,
            "max_tokens": 160,
        }
    }

    def for_task(self, task: str) -> TrainingSettings:
        """These settings with `task`'s overrides applied."""
        return self.model_copy(update=self.task_overrides.get(task, {}))


class PhotoSettings(BaseModel):
    """Photo attributes: dominant colours from pixels, and photos sent to a multimodal model."""

    # Longest side (pixels) the colour analysis works on: JPEG draft decoding, then a thumbnail.
    analysis_side: int = Field(default=96, ge=16)
    # Colours of the adaptive palette (Pillow FASTOCTREE) the product pixels are reduced to.
    palette_colors: int = Field(default=16, ge=2, le=256)
    # Border ring (share of the shorter side) that samples the background.
    border_fraction: float = 0.04
    # The border is a plain background when this share of it is within background_delta_e of
    # its median colour (CIELAB ΔE76); pixels that close and connected to the border are dropped.
    border_uniform_share: float = 0.6
    background_delta_e: float = 12.0
    # Light, nearly colourless pixels connected to a light background are shadows: dropped too.
    shadow_min_lightness: float = 70.0
    shadow_max_chroma: float = 8.0
    # A "background" covering more than this share of the photo is the product itself (a
    # full-bleed photo of a fabric or a plain object): nothing is dropped.
    max_background_share: float = 0.99
    # Enclosed regions of the background's colour covering at least hole_min_share of the photo
    # and at most hole_max_share of the product's outline are background seen through it.
    hole_min_share: float = 0.005
    hole_max_share: float = 0.3
    # Product pixels this many pixels from the background blend into it: dropped, unless fewer
    # than min_inner_share of the product would be left (a thin wire or chain).
    edge_pixels: int = Field(default=1, ge=0)
    min_inner_share: float = 0.3
    # How far (CIELAB ΔE76, a Gaussian's deviation) a pixel colour may be from a colour's
    # references before how often sellers name that colour outweighs the distance.
    name_spread: float = Field(default=10.0, gt=0)
    # A product's category's own colour frequencies (seller_colors.yaml) are smoothed toward
    # all sellers' by this many pseudo-mentions.
    category_prior_weight: float = Field(default=20.0, gt=0)
    # A colour is reported when it covers at least this share of the product pixels.
    min_color_share: float = 0.2
    max_colors: int = 3
    # Confidence of a colour that covers every product pixel (pixels rank below every source).
    pixel_confidence: float = 0.6
    # Confidence of a value a multimodal model reads off the photo (below the text sources).
    model_confidence: float = 0.5
    # Photos sent to a multimodal model are downscaled to this longest side (JPEG).
    model_max_side: int = Field(default=768, ge=32)
    model_jpeg_quality: int = Field(default=85, ge=1, le=95)


class VideoSettings(BaseModel):
    """Product videos: which files are decoded, how far, and which frames join the photos."""

    # File suffix -> the FFmpeg demuxer that reads it; nothing else is opened (no playlist or
    # concat formats, which would read other files), and only local files.
    formats: dict[str, str] = {
        ".mp4": "mp4",
        ".m4v": "mp4",
        ".mov": "mov",
        ".webm": "webm",
        ".mkv": "matroska",
    }
    # Video codecs decoded (FFmpeg's canonical names).
    codecs: list[str] = ["h264", "hevc", "vp8", "vp9", "av1", "mpeg4"]
    # A video longer, with more frames, or with larger frames than these is refused; so is one
    # whose decoding takes longer than decode_seconds (checked after every frame).
    max_seconds: float = Field(default=180.0, gt=0)
    max_frames: int = Field(default=10_800, ge=1)
    max_frame_pixels: int = Field(default=8_294_400, ge=1)
    decode_seconds: float = Field(default=60.0, gt=0)
    # Key frames: the first frame, then every frame (one looked at every sample_seconds) that
    # differs from the last key frame by at least scene_change (mean absolute difference of
    # diff_side x diff_side RGB thumbnails, as a share of full scale: 0.1 is a cut or a large
    # move; slow zooms and noise stay below).
    scene_change: float = Field(default=0.1, gt=0, le=1)
    sample_seconds: float = Field(default=0.2, ge=0)
    diff_side: int = Field(default=32, ge=4)
    # At most this many key frames per video (past that, the least changed one is dropped),
    # each at most frame_side pixels on its longest side; they join the photos (pixel colours,
    # the photo model) with the photos' checks and limits.
    key_frames: int = Field(default=6, ge=1)
    frame_side: int = Field(default=768, ge=32)
    # Key frames are decoded once per video and kept by its content in the key-frame store
    # (Settings.key_frames_dir; PNG files, a few MB a video): at most this many videos, the
    # least recently used going first.
    stored_videos: int = Field(default=256, ge=1)


class InputLimits(BaseModel):
    """Bounds on what a seller sends: anything larger is refused with an error naming the
    record and the field, never a traceback, and the rest of the batch goes on."""

    # A catalogue upload through the service (bytes).
    upload_bytes: int = Field(default=20_000_000, ge=1)
    # One catalogue record (a JSONL line, a CSV row) in bytes.
    record_bytes: int = Field(default=256_000, ge=1)
    # Columns of a table catalogue (CSV, TSV, Shopify product CSV).
    columns: int = Field(default=500, ge=1)
    # Nesting depth of a JSON record (objects and arrays).
    json_depth: int = Field(default=16, ge=2)
    # Characters of one text field (title, description, a bullet, an attribute value).
    field_chars: int = Field(default=20_000, ge=1)
    # Characters of a title, the field every check reads most often.
    title_chars: int = Field(default=1_000, ge=1)
    # Records in one job or catalogue.
    records_per_job: int = Field(default=10_000, ge=1)
    # Photos per record and bytes per photo file.
    images_per_record: int = Field(default=10, ge=0)
    image_bytes: int = Field(default=20_000_000, ge=1)
    # Videos per record and bytes per video file.
    videos_per_record: int = Field(default=3, ge=0)
    video_bytes: int = Field(default=100_000_000, ge=1)
    # Entries of one list or map field of a record (bullets, attributes, protected terms).
    list_items: int = Field(default=100, ge=0)


class TenantQuotas(BaseModel):
    """What one tenant may hold of the service, so that no tenant starves the others: its jobs
    running at once (the rest wait their turn), its unfinished jobs (a submission past them is
    refused, 429), and the bytes its jobs' folders hold (uploads, checkpoints, outputs; a
    submission past them is refused, 507; one larger than the whole quota, 413). Counted from
    the job store, so a restart resets nothing."""

    running_jobs: int = Field(default=1, ge=1)
    unfinished_jobs: int = Field(default=20, ge=1)
    stored_bytes: int = Field(default=2_000_000_000, ge=1)
    # What a refused submission's Retry-After says (seconds): about one job's run.
    retry_after_s: int = Field(default=60, ge=1)


class ReviewPaging(BaseModel):
    """The review queue's pages (the page and GET /v1/review/queue): listings a page shows
    unless the caller asks for fewer or more, and the most it may ask for."""

    page_size: int = Field(default=50, ge=1)
    max_page_size: int = Field(default=200, ge=1)


class AuditPaging(BaseModel):
    """GET /v1/audit's pages: events a page holds unless the caller asks for fewer or more,
    and the most it may ask for (a whole trail in one answer would be held in memory)."""

    page_size: int = Field(default=1000, ge=1)
    max_page_size: int = Field(default=10000, ge=1)


class MemoryLimits(BaseModel):
    """Bounds of the translation memory: what one segment may hold, how many a fuzzy lookup
    compares, what it offers."""

    # Characters of a stored segment (source or target); a longer field is not remembered.
    segment_chars: int = Field(default=2_000, ge=1)
    # A fuzzy lookup compares the tenant's most recent segments of the language, at most these.
    fuzzy_candidates: int = Field(default=5_000, ge=1)
    # Matches a reviewer sees per field, and the least similarity (rapidfuzz ratio, 0-100) shown.
    fuzzy_matches: int = Field(default=3, ge=1)
    fuzzy_min_score: float = Field(default=75.0, ge=0.0, le=100.0)


class ExperimentSettings(BaseModel):
    """A/B experiment reports: the Beta prior of every variant's rates, the credible interval's
    level, and the seeded Monte Carlo draws behind each variant's probability of being best."""

    prior_alpha: float = Field(default=1.0, gt=0)
    prior_beta: float = Field(default=1.0, gt=0)
    credible_level: float = Field(default=0.95, gt=0, lt=1)
    best_draws: int = Field(default=20_000, ge=100)
    best_seed: int = 0
    # Rows of one results file (`experiment ingest`, the API's upload).
    results_rows: int = Field(default=100_000, ge=1)


class BalanceStrategy(StrEnum):
    """How a request picks one of several model servers."""

    LEAST_OUTSTANDING = "least-outstanding"
    ROUND_ROBIN = "round-robin"


class Balancing(BaseModel):
    """Several model servers (llm_url plus llm_urls): how requests are spread and how a failing
    server (refused connection, 5xx, timeout) is taken out of rotation and put back."""

    # least-outstanding: the server with the fewest requests in flight (ties: the one sent fewest
    # so far, then the order given); round-robin: the next in turn with a free slot.
    strategy: BalanceStrategy = BalanceStrategy.LEAST_OUTSTANDING
    # A failed server stays out this long, then GET /health decides (again after a failed probe).
    cooldown_s: float = Field(default=5.0, gt=0)
    probe_timeout_s: float = Field(default=2.0, gt=0)


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "listingsmith"


class Settings(BaseSettings):
    """Run settings; every field can be set as LISTINGSMITH_<NAME> (nested with __)."""

    model_config = SettingsConfigDict(env_prefix="LISTINGSMITH_", env_nested_delimiter="__")

    profile: str = "embedded-cpu"
    llm_url: str | None = None
    # More vLLM servers of the same model beside llm_url (LISTINGSMITH_LLM_URLS as a JSON list,
    # or `--llm-url` given again): requests are spread over all of them (see balancing).
    llm_urls: list[str] = []
    balancing: Balancing = Balancing()
    model: str | None = None
    # The model server's key: unwrapped only where the model client is built, never recorded.
    api_key: SecretStr = SecretStr("EMPTY")
    cache_dir: Path = Field(default_factory=_default_cache_dir)

    locales: LocaleTags = ["en-US", "de-DE", "ja-JP"]
    # The Amazon seller (merchant) id an Amazon listings feed's header names (`--format amazon`).
    amazon_seller_id: str | None = None
    pivot_language: str = "en"
    max_attempts: int = Field(default=3, ge=1)
    # New samples when an answer does not parse (cut off at max_tokens): not a findings retry.
    model_output_retries: int = Field(default=2, ge=0)

    # Requests in flight to each model server (size it to the server's batch), products in flight.
    max_model_concurrency: int = Field(default=8, ge=1)
    # Unset: PRODUCTS_PER_MODEL_SLOT x max_model_concurrency x model servers. A product waits on
    # one request at a time in extract and draft, so fewer products than slots leave the
    # server's batch part empty.
    max_product_concurrency: int | None = Field(default=None, ge=1)

    # Audit anchoring: the Ed25519 private key that signs the audit chain's head, kept outside
    # every audit file (unset: <cache_dir>/keys/audit-ed25519, created 0600 on first use, its
    # public key beside it as FILE.pub), and the events between two signed heads (a run's end
    # is always signed).
    audit_signing_key: Path | None = None
    # Where videos' key frames are kept (unset: <cache_dir>/key-frames), e.g. on a scratch disk.
    key_frames_store: Path | None = None
    # Where the validated policy packs are kept between runs, by the content of their files
    # (unset: <cache_dir>/packs): a command's start then skips reading and validating the YAML.
    packs_cache: Path | None = None
    # Where simplemma's lemma dictionaries are kept as tries between runs (unset:
    # <cache_dir>/lemmas): a process then maps each language's in milliseconds instead of
    # decoding it for about a second, and holds it in far less memory.
    lemma_cache: Path | None = None
    # Where the policy packs' phrase matchers are kept between runs (unset: <cache_dir>/matchers),
    # by their phrases and the code and library versions that build them: a process then loads
    # each in about a millisecond instead of building it for several (policies.matcher_cache).
    matchers_cache: Path | None = None
    audit_anchor_every: int = Field(default=100, ge=1)

    server_start_timeout_s: float = 900.0
    request_timeout_s: float = 600.0

    # A draft at its schema's length bounds (about 1,000 characters, up to one token each)
    # fits in 1,024 tokens; generation stops when the JSON closes, so the cap costs nothing.
    draft_sampling: Sampling = Sampling(max_tokens=1024)
    # Translation is one short line per field (stops at the newline).
    localize_sampling: Sampling = Sampling(temperature=0.3, max_tokens=120)
    listing_limits: ListingLimits = ListingLimits()
    # Attribute extraction: greedy; about 25 tokens per name (name, a short value, quotes), so
    # 512 covers a category of 20 names; generation stops when the JSON closes.
    extract_sampling: Sampling = Sampling(temperature=0.0, max_tokens=512)
    extraction_limits: ExtractionLimits = ExtractionLimits()
    # The model's pick among candidate categories: greedy; the answer is one option name of an
    # enum (a few words), so 64 tokens close the JSON.
    categorize_sampling: Sampling = Sampling(temperature=0.0, max_tokens=64)
    # Assisted writing's proposal for one field: one line (stops at the newline).
    suggest_sampling: Sampling = Sampling(temperature=0.2, max_tokens=200)
    # Characters of a reviewer's free-text instruction to the assist endpoint.
    suggest_instruction_chars: int = Field(default=200, ge=1)
    # LoRA adapters (shipped in listingsmith/adapters/, served by the embedded profile):
    # task -> adapter; None uses the profile's map, {} sends every task to the base model.
    adapters: dict[str, str] | None = None
    # A seller's voice adapter for drafts: Product.seller -> adapter name.
    seller_voices: dict[str, str] = {}
    training: TrainingSettings = TrainingSettings()
    # `eval --sample N`: the seed of the random sample drawn from each dataset.
    eval_sample_seed: int = 7

    # Fact-check: relative tolerance when comparing a number in the text with an attribute.
    quantity_rel_tolerance: float = 0.02
    # The learned paraphrase detector (policies/paraphrase.py): claims no phrase list names
    # ("kind to the planet") hold the listing for a person; off, only the packs' rules run.
    paraphrase_claims: bool = True
    # Language ID: below this probability a field's language counts as not established.
    language_min_confidence: float = 0.5
    # Fields shorter than this many characters are judged together with the whole listing.
    language_min_field_chars: int = 40
    # Largest image in pixels accepted from a catalogue (Pillow decompression-bomb guard).
    max_image_pixels: int = 40_000_000
    # Sizes of what a seller sends (uploads, records, fields, photos).
    input_limits: InputLimits = InputLimits()
    photo: PhotoSettings = PhotoSettings()
    video: VideoSettings = VideoSettings()
    # Photo attributes from a multimodal model: greedy, a few short values.
    photo_sampling: Sampling = Sampling(temperature=0.0, max_tokens=200)
    # An attribute conflict (a value against the preferred one, e.g. the photo's colour against
    # the seller's) holds the listing for a person when that value is at least this sure;
    # below, the reviewer sees it as a warning.
    conflict_hold_confidence: float = 0.5
    # The review page marks an attribute value as unsure under this confidence (calibrated where
    # attributes/confidence.yaml and the extractors' cards measured it); every inferred
    # suggestion is marked whatever its confidence.
    review_unsure_confidence: float = Field(default=0.7, ge=0.0, le=1.0)
    # Locales whose listings a person signs off before they ship: a listing that passes every
    # check (or has only warnings) is held all the same, and a bulk approve may clear it.
    sign_off_locales: list[str] = []

    # The database of runs and jobs (LISTINGSMITH_DATABASE_URL), e.g. postgresql://user@host/db:
    # LangGraph checkpoints and the audit log go there. Unset: SQLite files beside each run.
    # A secret: its password must never reach the audit log.
    database_url: SecretStr | None = None
    # Queue workers (`listingsmith worker`): a claimed product's lease, renewed every third of
    # it while the product runs (a worker killed with -9 gives its products back after this);
    # how often an idle worker asks for work; how long a worker told to stop (SIGTERM) lets the
    # products in hand finish before it gives them back.
    worker_lease_s: float = Field(default=30.0, ge=1.0)
    worker_poll_s: float = Field(default=1.0, gt=0)
    worker_grace_s: float = Field(default=20.0, ge=0)
    # Claims of one product before a worker sets it aside as failed (audited): a product that
    # crashes or kills every worker that runs it must not go round the queue for ever.
    worker_max_attempts: int = Field(default=8, ge=1)
    # With a database, the service only enqueues a submitted job for the workers (any number of
    # service replicas and workers). False: the service runs its jobs in its own process, its
    # stores still in the database (one replica, no workers).
    queue_jobs: bool = True
    # The HTTP service: where jobs live, who may call it, how many jobs run at once.
    service_dir: Path = Path("service-data")
    api_keys_file: Path = Path("api-keys.yaml")
    max_concurrent_jobs: int = Field(default=2, ge=1)
    tenant_quotas: TenantQuotas = TenantQuotas()
    review_paging: ReviewPaging = ReviewPaging()
    audit_paging: AuditPaging = AuditPaging()
    # Checkpoint files of CLI runs (e.g. out/demo/state.sqlite) the review page also serves.
    review_dbs: list[Path] = []
    # Review decisions: a claim on a held listing older than this, with the listing still held,
    # was left by a process that died mid-decision, and the next decision takes it over.
    review_claim_seconds: float = Field(default=120.0, gt=0)
    # The translation memory (reviewed translations, per tenant). Unset: memory.sqlite beside a
    # CLI run's checkpoints (like its audit log), and service_dir/memory.sqlite for the service.
    memory_path: Path | None = None
    memory_limits: MemoryLimits = MemoryLimits()
    # A/B experiment results (`experiment ingest`). Unset: experiments.sqlite in the run's
    # folder (a CLI run's --out, a service job's folder).
    experiments_path: Path | None = None
    experiments: ExperimentSettings = ExperimentSettings()

    def without_secrets(self) -> dict[str, Any]:
        """The settings as JSON values for the audit log and reports, each secret replaced by
        whether it is set."""
        return _public(self)

    def decisive(self) -> dict[str, Any]:
        """The settings that can change what a listing says or whether it ships: all but
        WHERE_AND_HOW_FAST (a new setting counts until it is named there)."""
        public = self.without_secrets()
        return {name: value for name, value in public.items() if name not in WHERE_AND_HOW_FAST}

    # Review page sessions: a signed, expiring cookie that carries the key's id, never the key.
    # Unset secret: a random one per start-up, so a restart signs everybody out; set it (and
    # share it between workers) to keep sessions across restarts.
    session_secret: SecretStr | None = None
    session_ttl_s: int = Field(default=8 * 3600, ge=60)
    # Mark the cookie Secure even when the request reached the app over plain HTTP (a TLS proxy
    # in front); a request that arrives over HTTPS always gets a Secure cookie.
    session_cookie_secure: bool = False

    @property
    def models_dir(self) -> Path:
        """Where converted model checkpoints are cached."""
        return self.cache_dir / "models"

    @property
    def packs_cache_dir(self) -> Path:
        """Where the validated policy packs are kept between runs (policies.pack_cache)."""
        return self.packs_cache or self.cache_dir / "packs"

    @property
    def lemma_cache_dir(self) -> Path:
        """Where the lemma dictionaries' tries are kept between runs (text.stems)."""
        return self.lemma_cache or self.cache_dir / "lemmas"

    @property
    def matchers_cache_dir(self) -> Path:
        """Where the phrase matchers are kept between runs (policies.matcher_cache)."""
        return self.matchers_cache or self.cache_dir / "matchers"

    @property
    def key_frames_dir(self) -> Path:
        """Where videos' key frames are kept, by the videos' content."""
        return self.key_frames_store or self.cache_dir / "key-frames"

    @property
    def database(self) -> str | None:
        """The database URL (password included), None for SQLite files."""
        return self.database_url.get_secret_value() if self.database_url else None

    @property
    def signing_key_path(self) -> Path:
        """The audit signing key file (audit_signing_key, or the one under the cache dir)."""
        return self.audit_signing_key or self.cache_dir / "keys" / "audit-ed25519"

    @property
    def model_urls(self) -> list[str]:
        """The model servers given (llm_url first, then llm_urls, each once); [] to use the
        profile's embedded server."""
        given = [self.llm_url] if self.llm_url else []
        return list(dict.fromkeys(given + self.llm_urls))

    @property
    def product_concurrency(self) -> int:
        """Products in flight: max_product_concurrency, or enough to fill every server's slots."""
        slots = self.max_model_concurrency * max(1, len(self.model_urls))
        return self.max_product_concurrency or PRODUCTS_PER_MODEL_SLOT * slots


# Settings that say where things are, who may call, and how fast or how often work is done:
# none of them changes a listing, so a run resumed with another of them is the same run.
WHERE_AND_HOW_FAST = frozenset(
    {
        "llm_url",
        "llm_urls",
        "balancing",
        "api_key",
        "cache_dir",
        "locales",
        "max_model_concurrency",
        "max_product_concurrency",
        "audit_signing_key",
        "key_frames_store",
        "packs_cache",
        "matchers_cache",
        "audit_anchor_every",
        "server_start_timeout_s",
        "request_timeout_s",
        "database_url",
        "worker_lease_s",
        "worker_poll_s",
        "worker_grace_s",
        "worker_max_attempts",
        "queue_jobs",
        "service_dir",
        "api_keys_file",
        "max_concurrent_jobs",
        "tenant_quotas",
        "review_paging",
        "audit_paging",
        "review_dbs",
        "review_claim_seconds",
        "memory_path",
        "experiments_path",
        "session_secret",
        "session_ttl_s",
        "session_cookie_secure",
        "training",
        "eval_sample_seed",
    }
)


# A password in a URL's user part (https://user:PASSWORD@host/...).
_URL_PASSWORD = re.compile(r"(://[^:/?#@\s]*:)[^@/?#\s]*@")


def without_url_password(text: str) -> str:
    """`text` with the password of every URL in it masked (https://user:***@host/...)."""
    return _URL_PASSWORD.sub(r"\1***@", text)


def described(error: BaseException) -> str:
    """How a failure is recorded and shown (run.json, listings, a job's error, logs): its type
    and message, any URL password in it masked (a model server's URL in a client's error)."""
    return without_url_password(f"{type(error).__name__}: {error}")


def _public(value: Any) -> Any:
    """A settings value as JSON, secrets (at any depth) reduced to SECRET_SET or None, and a
    password in any URL (a model server's behind a proxy's basic auth) masked."""
    if isinstance(value, SecretStr | SecretBytes):
        return SECRET_SET if value.get_secret_value() else None
    if isinstance(value, str):
        return without_url_password(value)
    if isinstance(value, BaseModel):
        return {name: _public(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {str(key): _public(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_public(item) for item in value]
    return to_jsonable_python(value)
