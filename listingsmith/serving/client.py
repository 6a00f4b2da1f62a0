"""The model client: every model call goes through here, to a vLLM OpenAI-compatible server."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models import BaseLanguageModel, BaseLLM
from langchain_core.messages import HumanMessage

from listingsmith.config import Sampling


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


class ModelClient:
    """Sends structured-output requests with bounded concurrency so the server can batch them."""

    def __init__(self, llm: BaseLanguageModel, model_id: str, max_concurrency: int) -> None:
        self.llm = llm
        self.model_id = model_id
        self.usage = Usage()
        self._slots = asyncio.Semaphore(max_concurrency)

    async def complete_json(
        self, task: str, prompt: str, schema: dict[str, Any], sampling: Sampling
    ) -> JsonAnswer:
        """Ask for an answer that follows `schema` (vLLM structured outputs) and parse it."""
        text, usage, finish, seconds = await self._complete(task, prompt, sampling, schema=schema)
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

    async def _complete(
        self,
        task: str,
        prompt: str,
        sampling: Sampling,
        schema: dict[str, Any] | None = None,
        stop: list[str] | None = None,
    ) -> tuple[str, dict[str, int], str | None, float]:
        started = time.perf_counter()
        async with self._slots:
            text, usage, finish = await self._call(prompt, sampling, schema, stop)
        seconds = time.perf_counter() - started
        self._account(task, usage, seconds)
        return text, usage, finish, seconds

    async def _call(
        self,
        prompt: str,
        sampling: Sampling,
        schema: dict[str, Any] | None,
        stop: list[str] | None,
    ) -> tuple[str, dict[str, int], str | None]:
        common: dict[str, Any] = {
            "max_tokens": sampling.max_tokens,
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "seed": sampling.seed,
            "stop": stop,
        }
        if isinstance(self.llm, BaseLLM):
            body: dict[str, Any] = {"top_k": sampling.top_k}
            if schema is not None:
                body["structured_outputs"] = {"json": schema}
            result = await self.llm.agenerate([prompt], **common, extra_body=body)
            generation = result.generations[0][0]
            usage = (result.llm_output or {}).get("token_usage", {})
            finish = (generation.generation_info or {}).get("finish_reason")
            return generation.text, usage, finish
        if schema is not None:
            common["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": schema, "strict": True},
            }
        message = await self.llm.ainvoke(
            [HumanMessage(prompt)], **common, extra_body={"top_k": sampling.top_k}
        )
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
