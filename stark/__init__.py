"""STARK proofs of Cairo executions over Stark252."""
