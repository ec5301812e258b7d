"""The local stack's settings: defaults, parsing and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from stack.config import StackConfigError, load_config


def test_defaults_are_secure_and_documented() -> None:
    c = load_config({})
    assert c.proof_preset == "secure"
    assert (c.port_base, c.client_rate, c.client_duration, c.client_max_n) == (9000, 5.0, 20.0, 100)
    assert c.rpc_urls == [f"http://127.0.0.1:{9100 + i}" for i in range(4)]
    assert c.s3_endpoint == "http://127.0.0.1:9200" and c.explorer_url == "http://127.0.0.1:9300/"
    assert c.endpoint_url is None and c.local_dir == Path(".local")


def test_overrides() -> None:
    c = load_config(
        {
            "PORT_BASE": "9500",
            "CLIENT_RATE": "20",
            "PROOF_PRESET": "fast",
            "AWS_ENDPOINT_URL": "http://localhost:4566",
            "S3_BUCKET_NAME": "b",
        }
    )
    assert c.moto_port == 9700 and c.client_rate == 20.0 and c.proof_preset == "fast"
    assert c.s3_endpoint == "http://localhost:4566" and c.bucket == "b"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORT_BASE": "abc"}, "PORT_BASE must be a whole number"),
        ({"PORT_BASE": "80"}, "PORT_BASE must be between"),
        ({"CLIENT_RATE": "-1"}, "CLIENT_RATE must not be negative"),
        ({"PROOF_PRESET": "quick"}, "PROOF_PRESET must be secure or fast"),
        ({"CLIENT_MAX_N": "20000"}, "CLIENT_MAX_N must be between"),
    ],
)
def test_bad_settings(env: dict, message: str) -> None:
    with pytest.raises(StackConfigError, match=message):
        load_config(env)
