"""The model client: every model call goes through here, to a vLLM OpenAI-compatible server."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models import BaseLanguageModel, BaseLLM
from langchain_core.messages import HumanMessage
from openai import APIConnectionError, APIStatusError, LengthFinishReasonError

from listingsmith.config import Balancing, Sampling
from listingsmith.serving.launch import Endpoint
from listingsmith.serving.pool import EndpointPool, Probe

# 5xx: the server failed, not the request; a retry may go to another server.
SERVER_ERROR_STATUS = 500


class ModelOutputError(RuntimeError):
    """The model's answer did not parse as the JSON the schema asked for."""


@dataclass(frozen=True)
class JsonAnswer:
    """A parsed structured answer with the usage and time it cost."""

    data: dict[str, Any]
    prompt_tokens: int
    completion_tokens: int
    seconds: float


@dataclass(frozen=True)
class LineAnswer:
    """One line of text with the usage and time it cost."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    seconds: float


@dataclass
class Usage:
    """Running totals over every call of one client."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    by_task: dict[str, float] = field(default_factory=dict)


def is_server_failure(error: Exception) -> bool:
    """The server failed to answer (refused or dropped connection, timeout, 5xx): the request
    itself may be fine elsewhere."""
    if isinstance(error, APIStatusError):
        return error.status_code >= SERVER_ERROR_STATUS
    return isinstance(error, APIConnectionError)  # a timeout is one too


class ModelClient:
    """Sends structured-output requests with bounded concurrency per server so each server can
    batch them; with several servers, spreads them (serving/pool.py)."""

    def __init__(
        self,
        llm: BaseLanguageModel,
        model_id: str,
        max_concurrency: int,
        task_models: dict[str, str] | None = None,
        endpoint: Endpoint | None = None,
        servers: Sequence[tuple[str, BaseLanguageModel, Probe | None]] = (),
        balancing: Balancing | None = None,
    ) -> None:
        """`task_models`: task -> served model name (a LoRA adapter) asked for in that task's
        requests; other tasks go to `model_id`. `endpoint`: the server `llm` talks to, if known.
        `servers`: (url, llm, health probe) of every server when there are several, `llm` being
        the first's; `max_concurrency` bounds the requests in flight to each."""
        self.llm = llm
        self.model_id = model_id
        self.task_models = task_models or {}
        self.endpoint = endpoint
        self.usage = Usage()
        self.pool = EndpointPool(
            servers or [("model", llm, None)], max_concurrency, balancing or Balancing()
        )

    async def complete_json(
        self,
        task: str,
        prompt: str,
        schema: dict[str, Any],
        sampling: Sampling,
        images: Sequence[str] = (),
        model: str | None = None,
    ) -> JsonAnswer:
        """Ask for an answer that follows `schema` (vLLM structured outputs) and parse it;
        `images` (data URLs) go to a multimodal chat model as image parts before the text;
        `model` (e.g. a seller's voice adapter) overrides the task's model."""
        text, usage, finish, seconds = await self._complete(
            task, prompt, sampling, schema=schema, images=images, model=model
        )
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            reason = "hit max_tokens" if finish == "length" else "invalid JSON"
            raise ModelOutputError(
                f"{task}: model answer is not JSON ({reason}): {text[:200]!r}"
            ) from error
        if not isinstance(data, dict):
            raise ModelOutputError(f"{task}: model answer is not a JSON object: {text[:200]!r}")
        return JsonAnswer(
            data, usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0), seconds
        )

    async def complete_line(self, task: str, prompt: str, sampling: Sampling) -> LineAnswer:
        """Ask for one line of text (generation stops at the first newline)."""
        text, usage, _, seconds = await self._complete(task, prompt, sampling, stop=["\n"])
        line = text.strip()
        if not line:
            raise ModelOutputError(f"{task}: model answered an empty line")
        return LineAnswer(
            line, usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0), seconds
        )

    def model_for(self, task: str, model: str | None = None) -> str:
        """The served model name a request of `task` names: `model`, the task's, or the base."""
        return model or self.task_models.get(task) or self.model_id

    async def _complete(
        self,
        task: str,
        prompt: str,
        sampling: Sampling,
        schema: dict[str, Any] | None = None,
        stop: list[str] | None = None,
        images: Sequence[str] = (),
        model: str | None = None,
    ) -> tuple[str, dict[str, int], str | None, float]:
        started = time.perf_counter()
        served = self.model_for(task, model)
        text, usage, finish = await self.pool.call(
            lambda llm: self._call(llm, prompt, sampling, schema, stop, images, served),
            is_server_failure,
        )
        seconds = time.perf_counter() - started
        self._account(task, usage, seconds)
        return text, usage, finish, seconds

    async def _call(
        self,
        llm: BaseLanguageModel,
        prompt: str,
        sampling: Sampling,
        schema: dict[str, Any] | None,
        stop: list[str] | None,
        images: Sequence[str] = (),
        model: str | None = None,
    ) -> tuple[str, dict[str, int], str | None]:
        common: dict[str, Any] = {
            "max_tokens": sampling.max_tokens,
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "seed": sampling.seed,
            "stop": stop,
        }
        if model and model != self.model_id:  # an adapter; the base is the llm's own model
            common["model"] = model
        if isinstance(llm, BaseLLM):
            if images:
                raise ValueError("images need a chat model (a multimodal profile with api chat)")
            body: dict[str, Any] = {"top_k": sampling.top_k}
            if schema is not None:
                body["structured_outputs"] = {"json": schema}
            result = await llm.agenerate([prompt], **common, extra_body=body)
            generation = result.generations[0][0]
            usage = (result.llm_output or {}).get("token_usage", {})
            finish = (generation.generation_info or {}).get("finish_reason")
            return generation.text, usage, finish
        if schema is not None:
            common["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": schema, "strict": True},
            }
        try:
            message = await llm.ainvoke(
                [user_message(prompt, images)], **common, extra_body={"top_k": sampling.top_k}
            )
        except LengthFinishReasonError as cut:
            # openai's structured-output parser raises on an answer cut off at max_tokens: hand
            # it back as text, so it is reported and resampled like any answer that is not JSON.
            choice, counted = cut.completion.choices[0], cut.completion.usage
            tokens = {
                "prompt_tokens": counted.prompt_tokens if counted else 0,
                "completion_tokens": counted.completion_tokens if counted else 0,
            }
            return choice.message.content or "", tokens, "length"
        meta = getattr(message, "usage_metadata", None) or {}
        usage = {
            "prompt_tokens": meta.get("input_tokens", 0),
            "completion_tokens": meta.get("output_tokens", 0),
        }
        finish = (getattr(message, "response_metadata", None) or {}).get("finish_reason")
        return str(message.content), usage, finish

    def _account(self, task: str, usage: dict[str, int], seconds: float) -> None:
        self.usage.calls += 1
        self.usage.prompt_tokens += usage.get("prompt_tokens", 0)
        self.usage.completion_tokens += usage.get("completion_tokens", 0)
        self.usage.by_task[task] = self.usage.by_task.get(task, 0.0) + seconds


def user_message(prompt: str, images: Sequence[str] = ()) -> HumanMessage:
    """The one user turn: plain text, or image parts (data URLs) followed by the text."""
    if not images:
        return HumanMessage(prompt)
    parts: list[str | dict[str, Any]] = [
        {"type": "image_url", "image_url": {"url": url}} for url in images
    ]
    parts.append({"type": "text", "text": prompt})
    return HumanMessage(content=parts)
