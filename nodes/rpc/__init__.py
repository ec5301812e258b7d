"""Starknet JSON-RPC (specification 0.10.2) over HTTP: envelope handling in `server`, the
method table in `methods`, result shapes in `views`, error codes in `errors`."""
