// The live head from a node's JSON-RPC (optional: config.rpc_url). The body is sent as
// text/plain, a "simple" cross-origin request with no preflight: the node only has to answer
// with Access-Control-Allow-Origin for the page to read the head.

export async function headNumber(rpcUrl) {
  if (!rpcUrl) return null;
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "starknet_blockNumber", params: [] }),
    });
    const answer = await response.json();
    return Number.isInteger(answer?.result) ? answer.result : null;
  } catch {
    return null;
  }
}
