"""The endpoint embedder against stand-in servers on loopback (tests/support/embedding_server):
vectors in the texts' order with several batches in flight, retries that recover, and a
clear error when the server is down, slow, serves another dimension or refuses the key —
an error that never shows the key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from core.errors import DependencyError
from core.settings import Settings
from retrieval.endpoint_embedder import EndpointEmbedder, endpoint_name
from tests.support.embedding_server import Behaviour, embeddings_server, vector_of
from tests.support.servers import free_port

KEY = "sk-test-do-not-show-0123456789"
_opened: list[EndpointEmbedder] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _opened:
        _opened.pop().close()


def _embedder(url: str, **options: float) -> EndpointEmbedder:
    settings: dict[str, float] = {"backoff_s": 0.01, "timeout_s": 5.0, **options}
    embedder = EndpointEmbedder(
        url,
        "stand-in",
        KEY,
        batch_size=int(settings.pop("batch_size", 4)),
        concurrency=int(settings.pop("concurrency", 4)),
        retries=int(settings.pop("retries", 3)),
        **settings,
    )
    _opened.append(embedder)
    return embedder


def test_several_batches_in_flight_come_back_in_the_texts_order() -> None:
    behaviour = Behaviour(dim=16, delay_s=0.05)
    texts = [f"skill number {i}" for i in range(30)]
    with embeddings_server(behaviour) as url:
        embedder = _embedder(url, batch_size=3, concurrency=4)
        vectors = embedder.embed(texts)
    expected = np.stack([vector_of(t, 16) for t in texts])
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    np.testing.assert_allclose(vectors, expected, atol=1e-6)
    assert vectors.dtype == np.float32 and embedder.dim == 16
    assert behaviour.requests == 10
    assert 2 <= behaviour.most_in_flight <= 4
    assert set(behaviour.authorizations) == {f"Bearer {KEY}"}
    assert embedder.name == "endpoint-stand-in"


@pytest.mark.parametrize("status", [503, 429])
def test_a_server_that_fails_twice_then_answers_is_tried_again(status: int) -> None:
    behaviour = Behaviour(fail_first=2, fail_status=status)
    with embeddings_server(behaviour) as url:
        vectors = _embedder(url).embed(["Python"])
    assert vectors.shape == (1, 32) and behaviour.requests == 3


def test_a_server_that_is_down_is_a_clear_error_after_the_retries() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    with pytest.raises(DependencyError) as raised:
        _embedder(url, retries=2).embed(["Python"])
    message = str(raised.value)
    assert f"{url}/embeddings failed 3 time(s)" in message and "cannot connect" in message
    assert "TALENT_EMBED_ENDPOINT_URL" in message and KEY not in message


def test_a_slow_server_is_a_clear_error_naming_the_timeout() -> None:
    slow = Behaviour(delay_s=1.0)
    with embeddings_server(slow) as url, pytest.raises(DependencyError) as raised:
        _embedder(url, timeout_s=0.2, retries=1).embed(["Python"])
    assert "no answer within 0.2 s" in str(raised.value)
    assert "TALENT_EMBED_ENDPOINT_TIMEOUT_S" in str(raised.value)


def test_another_dimension_is_refused_naming_both() -> None:
    with embeddings_server(Behaviour(dim=32, wrong_dim_after=2)) as url:
        embedder = _embedder(url)
        assert embedder.embed(["first"]).shape == (1, 32)
        with pytest.raises(DependencyError) as raised:
            embedder.embed(["second"])
    message = str(raised.value)
    assert "33-dimensional vectors for model 'stand-in'" in message
    assert "have 32 dimensions" in message and url in message
    assert "talent reindex" in message


def test_the_recorded_dimension_is_expected_from_the_first_answer() -> None:
    with embeddings_server(Behaviour(dim=32)) as url:
        embedder = _embedder(url)
        embedder.expect_dim(384)  # what the index was made with
        with pytest.raises(DependencyError, match=r"32-dimensional .* have 384 dimensions"):
            embedder.embed(["Python"])


def test_a_refusal_is_not_tried_again_and_never_shows_the_key() -> None:
    behaviour = Behaviour(fail_first=5, fail_status=401)
    with embeddings_server(behaviour) as url, pytest.raises(DependencyError) as raised:
        _embedder(url).embed(["Python"])
    assert behaviour.requests == 1
    assert "refused model 'stand-in': 401" in str(raised.value)
    assert KEY not in str(raised.value)


def test_a_wrong_path_says_what_the_base_url_should_be() -> None:
    with embeddings_server(Behaviour()) as url, pytest.raises(DependencyError, match="404"):
        _embedder(url.removesuffix("/v1")).embed(["Python"])


def test_no_texts_no_request() -> None:
    embedder = _embedder(f"http://127.0.0.1:{free_port()}/v1")
    assert embedder.embed([]).shape[0] == 0


def test_names_are_safe_in_file_names() -> None:
    assert endpoint_name("BAAI/bge-small-en-v1.5") == "endpoint-BAAI-bge-small-en-v1.5"


def test_settings_refuse_an_endpoint_without_a_url_or_model(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="TALENT_EMBED_ENDPOINT_URL"):
        Settings(home=tmp_path, embedder="endpoint", embed_endpoint_model="m")
    with pytest.raises(ValidationError, match="not an endpoint's base URL"):
        Settings(embed_endpoint_url="localhost:8081")
    with pytest.raises(ValidationError, match="not a sentence-transformers model folder"):
        Settings(embedder=str(tmp_path))
    settings = Settings(
        embedder="endpoint",
        embed_endpoint_url="http://127.0.0.1:8081/v1/",
        embed_endpoint_model="m",
    )
    assert settings.embed_endpoint_url == "http://127.0.0.1:8081/v1"
