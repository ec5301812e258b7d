"""The explorer's verifier: what runs in the browser, and how it gets there.

Two halves. The half that ships to the browser (inside the wheel, next to the verifier half of
:mod:`stark`) uses only the standard library:

- :mod:`verifier_wasm.statement`: what a block's proof must state, read from the block's JSON;
- :mod:`verifier_wasm.binding`: verify a block's proofs and bind them to that statement;
- :mod:`verifier_wasm.entry`: the JSON-in, JSON-out function the Web Worker (``worker.js``) calls.

The half that builds and deploys stays on the machine that builds the site:
:mod:`verifier_wasm.wheel` (the pure-Python wheel), :mod:`verifier_wasm.bundle` (the site's
``build/`` folder: Pyodide, the worker, the wheel, the manifest), :mod:`verifier_wasm.publish`
(the site to a folder or an S3 bucket) and :mod:`verifier_wasm.cli`.

This module imports nothing, so that importing the package in Pyodide stays cheap.
"""
