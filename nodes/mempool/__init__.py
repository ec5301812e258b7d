"""The mempool: batches client transactions, spreads batches to peers, and tells consensus
which batch digests a quorum holds.

`batch_maker` seals transactions into batches (at a size or after a delay); `core` stores
and disseminates batches, collects signed acknowledgements until 2f+1 authorities hold a
batch (then its digest may be proposed), answers peers' batch requests, and fetches the
batches of a proposed block that this node lacks.
"""
