// The block program: proves one block's (or one consecutive range of its) transactions.
//
// Input (program_input): {"block_number": n, "block_hash": "0x..",
//                         "transactions": [{"hash": "0x..", "selector": 0 | 1, "n": n}, ...]}
// Output: [block_number, block_hash, count, (tx_hash, selector, n, result) * count]
//
// selector 0 computes fibonacci(n), selector 1 factorial(n); any other selector makes the run
// fail, so no proof of it exists. (The sequencer bounds n; the proof needs no range checks,
// which keeps its trace as short as the computation itself.)
%builtins output

from calls import fibonacci, factorial

const TX_SIZE = 3;
const OUT_SIZE = 4;

func main{output_ptr: felt*}() {
    alloc_locals;
    local block_number;
    local block_hash;
    local n_txs;
    local txs: felt*;
    %{
        ids.block_number = program_input['block_number']
        ids.block_hash = int(program_input['block_hash'], 16)
        txs = program_input['transactions']
        ids.n_txs = len(txs)
        ids.txs = segments.gen_arg(
            [v for tx in txs for v in (int(tx['hash'], 16), tx['selector'], tx['n'])])
    %}
    assert output_ptr[0] = block_number;
    assert output_ptr[1] = block_hash;
    assert output_ptr[2] = n_txs;
    let output_ptr = output_ptr + 3;
    execute_all(txs=txs, n_txs=n_txs);
    return ();
}

func execute_all{output_ptr: felt*}(txs: felt*, n_txs: felt) {
    if (n_txs == 0) {
        return ();
    }
    let result = execute(selector=txs[1], n=txs[2]);
    assert output_ptr[0] = txs[0];
    assert output_ptr[1] = txs[1];
    assert output_ptr[2] = txs[2];
    assert output_ptr[3] = result;
    let output_ptr = output_ptr + OUT_SIZE;
    return execute_all(txs=txs + TX_SIZE, n_txs=n_txs - 1);
}

func execute(selector: felt, n: felt) -> felt {
    if (selector == 0) {
        return fibonacci(n);
    }
    assert selector = 1;
    return factorial(n);
}
