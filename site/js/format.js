// Turning the chain's values into words: hashes, felts, ages, sizes, durations and calls.

const SELECTORS = { 0: "fibonacci", 1: "factorial" };

export function bigint(felt) {
  try {
    return typeof felt === "number" ? BigInt(felt) : BigInt(String(felt));
  } catch {
    return null;
  }
}

// A felt as a decimal number (the arguments and results of calls).
export function decimal(felt) {
  const value = bigint(felt);
  return value === null ? String(felt) : value.toString();
}

// 0x1234…abcd
export function shortHash(hash, keep = 6) {
  const text = String(hash ?? "");
  return text.length <= 2 * keep + 3 ? text : `${text.slice(0, keep + 2)}…${text.slice(-keep)}`;
}

export function int(value) {
  return Number(value).toLocaleString("en-US");
}

// The call a transaction makes: calldata [selector, n] read as fibonacci(n) or factorial(n).
export function callName(calldata) {
  if (!Array.isArray(calldata) || calldata.length < 2) return "unknown call";
  const selector = bigint(calldata[0]);
  const name = selector !== null && selector < 2n ? SELECTORS[Number(selector)] : null;
  return `${name ?? `selector ${String(calldata[0])}`}(${decimal(calldata[1])})`;
}

export function age(timestamp, now = Date.now() / 1000) {
  const seconds = Math.max(0, Math.round(now - Number(timestamp)));
  if (!Number.isFinite(seconds)) return "";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

export function dateTime(timestamp) {
  const date = new Date(Number(timestamp) * 1000);
  return Number.isNaN(date.getTime()) ? String(timestamp) : date.toISOString().replace(".000Z", "Z");
}

export function bytes(count) {
  const n = Number(count);
  if (!Number.isFinite(n)) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

export function seconds(value) {
  const n = Number(value);
  if (!Number.isFinite(n)) return "";
  if (n < 1) return `${Math.round(n * 1000)} ms`;
  if (n < 100) return `${n.toFixed(2)} s`;
  return `${Math.round(n)} s`;
}

export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
