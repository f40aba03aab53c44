// The public API, as the signed-in key. The key lives in sessionStorage only (gone when the
// tab closes); the embed page keeps it in memory.

const KEY = "talent-insights.key";
let memoryKey = null;
let persist = true;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function useMemoryOnly() {
  persist = false;
}

export function getKey() {
  return persist ? sessionStorage.getItem(KEY) : memoryKey;
}

export function setKey(key) {
  if (persist) {
    if (key) sessionStorage.setItem(KEY, key);
    else sessionStorage.removeItem(KEY);
  } else {
    memoryKey = key;
  }
}

function headers(extra = {}) {
  return { Authorization: `Bearer ${getKey()}`, ...extra };
}

// What a refused key or token means to the page (the app: back to the sign-in page).
let unauthorized = () => {};
export const onUnauthorized = (fn) => {
  unauthorized = fn;
};

async function parse(response) {
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : { detail: await response.text() };
  if (response.status === 401) unauthorized(body.detail || "");
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function get(path, params = {}) {
  const query = new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== ""),
  ).toString();
  return parse(await fetch(path + (query ? `?${query}` : ""), { headers: headers() }));
}

// Every page of a paged list (limit, next_cursor): the items of `field`, all of them.
export async function getAll(path, field, params = {}) {
  const items = [];
  let cursor = null;
  do {
    const page = await get(path, { ...params, limit: 1000, cursor });
    items.push(...page[field]);
    cursor = page.next_cursor;
  } while (cursor);
  return { [field]: items };
}

// A resource and its ETag (the version read), to send back as If-Match with a change.
export async function getTagged(path) {
  const response = await fetch(path, { headers: headers() });
  const body = await parse(response);
  return { body, etag: response.headers.get("ETag") };
}

export async function send(method, path, body, ifMatch = null) {
  const extra = { "Content-Type": "application/json" };
  if (ifMatch) extra["If-Match"] = ifMatch;
  return parse(
    await fetch(path, {
      method,
      headers: headers(extra),
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

export async function upload(path, form) {
  return parse(await fetch(path, { method: "POST", headers: headers(), body: form }));
}

// POST /v1/chat with stream: true. Calls onSection(text) for each streamed piece and
// resolves with the final payload (citations, data, grounding…).
export async function chatStream(message, conversationId, onSection, capability = null) {
  const response = await fetch("/v1/chat", {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
    body: JSON.stringify({ message, conversation_id: conversationId, capability, stream: true }),
  });
  if (!response.ok) await parse(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let final = null;
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!data) continue;
      const payload = JSON.parse(data);
      if (event === "section") onSection(payload.text);
      else if (event === "final") final = payload;
    }
    if (done) break;
  }
  if (!final) throw new ApiError(502, { detail: "the answer stream ended early" });
  return final;
}
