// The live head from a node's JSON-RPC (optional: config.rpc_url).

export async function headNumber(rpcUrl) {
  if (!rpcUrl) return null;
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "starknet_blockNumber", params: [] }),
    });
    const answer = await response.json();
    return Number.isInteger(answer?.result) ? answer.result : null;
  } catch {
    return null;
  }
}
