"""An OpenAI-compatible `/v1/embeddings` endpoint as the embedder (OpenAI, vLLM, llama.cpp's
server, Ollama, Text Embeddings Inference…).

Texts go in batches of `batch_size`, `concurrency` requests in flight, so an ingest is
bounded by the server rather than by waiting on one request at a time. A connection error,
a timeout, a 429 or a 5xx is tried again after a doubling wait; any other 4xx is a
configuration problem and is not. Every answer is checked (one vector per text, in the
texts' order, all of the model's dimension) and the rows are made unit length, as every
embedder's are. The key travels only in the Authorization header: never in a log or error.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import numpy as np

from core.errors import DependencyError
from core.settings import Settings
from retrieval.embeddings import unit_rows

log = logging.getLogger(__name__)

PROBE = "dimension probe"


def endpoint_name(model: str) -> str:
    """The embedder's name for a model served by an endpoint (a file-name-safe word)."""
    return "endpoint-" + (re.sub(r"[^A-Za-z0-9._-]+", "-", model).strip("-.") or "model")


class EndpointEmbedder:
    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        *,
        batch_size: int = 64,
        timeout_s: float = 30.0,
        retries: int = 3,
        backoff_s: float = 0.5,
        concurrency: int = 4,
    ):
        self.url = base_url.rstrip("/") + "/embeddings"
        self.model = model
        self.name = endpoint_name(model)
        self.batch_size = batch_size
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self._key = api_key
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            timeout=timeout_s,
            headers=headers,
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        )
        self._pool = ThreadPoolExecutor(concurrency, thread_name_prefix="embed-endpoint")
        self._dim: int | None = None
        self._dim_lock = threading.Lock()

    @property
    def dim(self) -> int:
        """The model's dimension: recorded (`expect_dim`), else asked once of the server."""
        if self._dim is None:
            self.embed([PROBE])
        assert self._dim is not None
        return self._dim

    def expect_dim(self, dim: int) -> None:
        """The dimension this model's vectors have here (the index's record): an answer of
        another dimension is then refused."""
        with self._dim_lock:
            if self._dim is None:
                self._dim = dim
        if self._dim != dim:
            raise self._wrong_dim(self._dim, dim)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim or 0), np.float32)
        size = self.batch_size
        batches = [list(texts[i : i + size]) for i in range(0, len(texts), size)]
        if len(batches) == 1:  # a query: no thread hop
            return self._post(batches[0])
        return np.vstack(list(self._pool.map(self._post, batches)))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._client.close()

    # ------------------------------------------------------------------ one request

    def _post(self, batch: list[str]) -> np.ndarray:
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff_s * 2 ** (attempt - 1))
            try:
                response = self._client.post(self.url, json={"model": self.model, "input": batch})
            except httpx.TimeoutException:
                problem = f"no answer within {self.timeout_s:g} s"
            except httpx.TransportError as exc:
                problem = f"cannot connect ({type(exc).__name__}: {self._scrub(str(exc))})"
            else:
                if response.status_code == 429 or response.status_code >= 500:
                    problem = f"it answered {response.status_code}"
                elif response.status_code >= 400:
                    raise DependencyError(
                        f"the embeddings endpoint {self.url} refused model '{self.model}': "
                        f"{response.status_code} {self._scrub(response.text[:300])}; check "
                        "TALENT_EMBED_ENDPOINT_MODEL and TALENT_EMBED_ENDPOINT_API_KEY"
                    )
                else:
                    return self._rows(response, len(batch))
            log.warning(
                "embeddings endpoint failed",
                extra={"url": self.url, "attempt": attempt + 1, "problem": problem},
            )
        raise DependencyError(
            f"the embeddings endpoint {self.url} failed {self.retries + 1} time(s), last: "
            f"{problem}; check that it is running and reachable (TALENT_EMBED_ENDPOINT_URL), "
            "or allow it more time (TALENT_EMBED_ENDPOINT_TIMEOUT_S, _RETRIES)"
        )

    def _rows(self, response: httpx.Response, count: int) -> np.ndarray:
        try:
            data: list[dict[str, Any]] = response.json()["data"]
            data = sorted(data, key=lambda item: int(item.get("index", 0)))
            rows = [item["embedding"] for item in data]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise DependencyError(
                f"the embeddings endpoint {self.url} did not answer as /v1/embeddings does "
                f"({type(exc).__name__}: {exc}); is TALENT_EMBED_ENDPOINT_URL the API's base "
                "(…/v1)?"
            ) from None
        if len(rows) != count:
            raise DependencyError(
                f"the embeddings endpoint {self.url} returned {len(rows)} vectors for {count} texts"
            )
        dims = {len(row) for row in rows}
        if len(dims) != 1:
            raise DependencyError(
                f"the embeddings endpoint {self.url} returned vectors of several dimensions "
                f"({sorted(dims)}) for model '{self.model}'"
            )
        (dim,) = dims
        with self._dim_lock:
            if self._dim is None:
                self._dim = dim
        if dim != self._dim:
            raise self._wrong_dim(dim, self._dim)
        return unit_rows(np.asarray(rows, dtype=np.float32))

    def _wrong_dim(self, got: int, expected: int) -> DependencyError:
        return DependencyError(
            f"the embeddings endpoint {self.url} returned {got}-dimensional vectors for model "
            f"'{self.model}', but that model's vectors here have {expected} dimensions: the "
            "endpoint serves another model under that name. Point it back at the same model, "
            "or run `talent reindex` to rebuild with what it serves now"
        )

    def _scrub(self, text: str) -> str:
        return text.replace(self._key, "***") if self._key else text


_embedders: dict[tuple[Any, ...], EndpointEmbedder] = {}
_lock = threading.Lock()


def endpoint_embedder(settings: Settings) -> EndpointEmbedder:
    """The process-wide embedder for these settings' endpoint (one connection pool each)."""
    key = (
        settings.embed_endpoint_url,
        settings.embed_endpoint_model,
        settings.embed_endpoint_api_key,
        settings.embed_endpoint_batch_size,
        settings.embed_endpoint_timeout_s,
        settings.embed_endpoint_retries,
        settings.embed_endpoint_backoff_s,
        settings.embed_endpoint_concurrency,
    )
    with _lock:
        if key not in _embedders:
            _embedders[key] = EndpointEmbedder(
                settings.embed_endpoint_url,
                settings.embed_endpoint_model,
                settings.embed_endpoint_api_key,
                batch_size=settings.embed_endpoint_batch_size,
                timeout_s=settings.embed_endpoint_timeout_s,
                retries=settings.embed_endpoint_retries,
                backoff_s=settings.embed_endpoint_backoff_s,
                concurrency=settings.embed_endpoint_concurrency,
            )
        return _embedders[key]
