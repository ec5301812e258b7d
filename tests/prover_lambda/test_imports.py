"""The import graph: handlers run without Chalice; only the prover loads the VM and the prover."""

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
import prover_lambda.{module}
print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))
"""


@pytest.mark.parametrize("module", ["watcher", "indexer", "prover", "local.runtime", "api"])
def test_handlers_import_neither_chalice_nor_the_proof_system_up_front(module):
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = set(json.loads(result.stdout))
    assert "chalice" not in loaded
    assert not loaded & {"stark", "cairovm", "numpy", "nodes"}


def test_the_libraries_know_nothing_of_the_prover_chain():
    code = "import sys, stark, cairovm, stark.cairo_prover; print('prover_lambda' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"
