"""The serverless prover chain: watcher, prover and indexer Lambda handlers, and their storage.

Handlers (each ``handler(event, context)``, runnable without Chalice):

* :mod:`prover_lambda.watcher` copies new blocks from the nodes to ``blocks/<n>.json``;
* :mod:`prover_lambda.prover` proves each stored block (split into ranges when large);
* :mod:`prover_lambda.indexer` keeps ``index.json`` current.

:mod:`prover_lambda.layout` documents every key; :mod:`prover_lambda.config` every variable;
``python -m prover_lambda.local`` plays AWS's part against moto's server.
"""
