from prover_lambda.layout import (
    CURSOR_KEY,
    INDEX_KEY,
    KeyKind,
    ParsedKey,
    block_key,
    failure_key,
    parse_key,
    proof_key,
    range_part_key,
    range_proof_key,
    summary_key,
)


def test_every_key_parses_back_to_its_kind_and_numbers():
    assert parse_key(block_key(12)) == ParsedKey(KeyKind.BLOCK, 12)
    assert parse_key(proof_key(0)) == ParsedKey(KeyKind.PROOF, 0)
    assert parse_key(summary_key(7)) == ParsedKey(KeyKind.SUMMARY, 7)
    assert parse_key(range_proof_key(3, 0, 9)) == ParsedKey(KeyKind.RANGE_PROOF, 3, 0, 9)
    assert parse_key(range_part_key(3, 10, 19)) == ParsedKey(KeyKind.RANGE_PART, 3, 10, 19)
    assert parse_key(failure_key(5)) == ParsedKey(KeyKind.FAILURE, 5)
    assert parse_key(INDEX_KEY) == ParsedKey(KeyKind.INDEX)
    assert parse_key(CURSOR_KEY) == ParsedKey(KeyKind.CURSOR)


def test_keys_match_the_documented_layout():
    assert block_key(4) == "blocks/4.json"
    assert proof_key(4) == "proofs/4.proof"
    assert summary_key(4) == "proofs/4.json"
    assert range_proof_key(4, 2, 5) == "proofs/4/2-5.proof"
    assert range_part_key(4, 2, 5) == "proofs/4/2-5.json"


def test_keys_outside_the_layout_are_not_parsed():
    for key in (
        "blocks/01.json",
        "blocks/x.json",
        "blocks/1.json.tmp",
        "proofs/1.txt",
        "other/1.json",
        "blocks%2F1.json",
        "proofs/1/2.proof",
        "",
    ):
        assert parse_key(key) is None, key
