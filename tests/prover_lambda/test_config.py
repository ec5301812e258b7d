from pathlib import Path

import pytest

from prover_lambda.config import Config, StorageKind, load_config
from prover_lambda.errors import ConfigError


def test_defaults_without_any_variable():
    config = load_config({})
    assert config == Config()
    assert config.storage is StorageKind.FS
    assert config.proofs_dir == Path("proofs")
    assert config.proof_preset == "secure"


def test_variables_are_read():
    config = load_config(
        {
            "PROVER_STORAGE": "s3",
            "S3_BUCKET_NAME": "b",
            "AWS_DEFAULT_REGION": "eu-west-1",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
            "NODE_RPC_URLS": "http://a:1/, http://b:2",
            "PROOF_PRESET": "fast",
            "PROVER_MAX_STEPS": "1024",
            "WATCHER_START_BLOCK": "1",
            "ENABLE_BLOCK_VERIFICATION": "false",
        }
    )
    assert config.storage is StorageKind.S3
    assert config.region == "eu-west-1"
    assert config.node_rpc_urls == ("http://a:1", "http://b:2")
    assert config.max_steps == 1024
    assert config.watcher_start_block == 1
    assert config.verify_proofs is False


def test_resending_can_be_turned_off():
    assert load_config({"WATCHER_RESEND_AFTER_S": "0"}).resend_after_s == 0
    assert load_config({}).resend_after_s == 1800


def test_local_is_the_folder_backend_as_in_the_original_stack():
    assert load_config({"PROVER_STORAGE": "local"}).storage is StorageKind.FS


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PROVER_STORAGE", "gcs"),
        ("PROVER_MAX_STEPS", "many"),
        ("PROVER_MAX_STEPS", "0"),
        ("NODE_RPC_URLS", "ftp://x"),
        ("NODE_RPC_URLS", " , "),
        ("ENABLE_BLOCK_VERIFICATION", "maybe"),
        ("RPC_TIMEOUT_S", "-1"),
        ("RPC_TIMEOUT_S", "0"),
        ("WATCHER_RESEND_AFTER_S", "-5"),
        ("PROOF_PRESET", " "),
    ],
)
def test_bad_values_raise_a_config_error_naming_the_variable(name, value):
    with pytest.raises(ConfigError) as info:
        load_config({name: value})
    assert info.value.name == name
