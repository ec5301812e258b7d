"""stack: the whole starkstack on one machine (``make local``), as background processes.

moto's server (S3 and SQS) unless ``AWS_ENDPOINT_URL`` names another endpoint, four sequencer
nodes, the local Lambda runtime (watcher, prover, indexer), a static server for the explorer and
a short burst of client transactions; PIDs and logs under ``.local/``.
"""
