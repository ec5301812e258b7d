"""The local runtime: plays AWS's part for the handlers against moto's server (or LocalStack).

It creates the bucket and queues (:mod:`prover_lambda.aws_setup`), runs the watcher on a timer
and polls the queues, calling the very same ``handler(event, context)`` functions with the SQS
records AWS would deliver: a message is deleted when its handler returns, made visible again
after a short delay when it raises, and moved to the dead-letter queue by the queue's own
redrive policy once received ``maxReceiveCount`` times, as on AWS.
"""
