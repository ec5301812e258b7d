"""2-chain HotStuff: the consensus that orders batch digests into committed blocks.

One owner per concern, as in asonnino/hotstuff: `messages` (what is signed and how it is
checked), `aggregator` (votes to QCs, timeouts to TCs), `leader` (round-robin), `safety`
(the voting rules and their durable state), `synchronizer` (fetches missing ancestors),
`proposer` (builds blocks), `helper` (answers peers' sync requests), `timer` (the round
timeout) and `core` (the round state machine that ties them together). Consensus sees only
digests of batches; the mempool owns the transactions.
"""
