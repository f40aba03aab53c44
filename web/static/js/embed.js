// The chat alone, for an iframe in another site (see /widget.js). The host page passes an
// API key or its identity provider's token by postMessage; it is kept in memory only and
// never put in a URL. A key is taken
// only from the window that frames this one, at an origin the operator named
// (TALENT_EMBED_ORIGINS, given to this page in a meta tag): no other page or frame can sign
// the chat in as someone.

import * as api from "./api.js";
import { mountChat } from "./chat.js";
import { h, problem, shown } from "./render.js";

api.useMemoryOnly();
const main = document.getElementById("main");
const dialog = document.getElementById("record");
const memory = new Map();
const storage = {
  getItem: (k) => memory.get(k) ?? null,
  setItem: (k, v) => memory.set(k, v),
  removeItem: (k) => memory.delete(k),
};

function showRecord(citation) {
  dialog.replaceChildren(
    h(
      "form",
      { method: "dialog", class: "dialog" },
      h("h2", {}, `${citation.type[0].toUpperCase()}${citation.type.slice(1)}: ${citation.title}`),
      h("p", {}, citation.snippet || ""),
      h("p", { class: "muted" }, `id ${citation.id}`),
      h("div", { class: "dialog-actions" }, h("button", { value: "close", class: "primary" }, "Close")),
    ),
  );
  dialog.showModal();
}

let signedInAs = null; // who /v1/me said the credential is: the same again is a refresh
let latest = 0; // the host may send credentials faster than /v1/me answers: the last wins

async function signIn(key) {
  const attempt = ++latest;
  api.setKey(key);
  try {
    const me = await api.get("/v1/me");
    if (attempt !== latest) return; // a newer credential arrived meanwhile
    shown.minGroup = me.min_group_size;
    const who = `${me.key_id}|${me.role}|${me.employee_id}`;
    // A refreshed token for the same person: keep the conversation on screen.
    if (signedInAs === who) return;
    signedInAs = who;
    memory.clear(); // another person: nothing of the previous one's chat stays
    const holder = h("div", {});
    main.replaceChildren(
      h(
        "p",
        { class: "embed-who" },
        "talent-insights · ",
        me.name || me.role,
        " ",
        h("span", { class: "badge role" }, me.role),
      ),
      holder,
    );
    mountChat(holder, { onOpenRecord: showRecord, storage, examples: [] });
  } catch (error) {
    if (attempt !== latest) return;
    // Whatever the host sent last decides: a bad credential signs the chat out (the host
    // may be signing its user out), it never leaves the previous person signed in.
    signedInAs = null;
    api.setKey(null);
    memory.clear();
    main.replaceChildren(problem(error));
  }
}

const allowedOrigins = (
  document.querySelector('meta[name="talent-embed-origins"]')?.getAttribute("content") || ""
)
  .split(/\s+/)
  .filter(Boolean);

window.addEventListener("message", (event) => {
  if (window.parent === window || event.source !== window.parent) return;
  if (!allowedOrigins.includes(event.origin)) return;
  const message = event.data || {};
  if (message.type === "talent-insights:key" && typeof message.key === "string") signIn(message.key);
});
// Escape closes the widget's panel (the host's page cannot hear keys pressed in here); a
// record dialog open in the chat closes first.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || dialog.open || window.parent === window) return;
  for (const origin of allowedOrigins) window.parent.postMessage({ type: "talent-insights:close" }, origin);
});
// When the panel opens, the question box takes the focus.
window.addEventListener("focus", () => document.getElementById("chat-input")?.focus());
// Tell the host we are ready for the key (it may have loaded before us): only a named
// origin hears it.
if (window.parent !== window) {
  for (const origin of allowedOrigins) window.parent.postMessage({ type: "talent-insights:ready" }, origin);
}
if (!allowedOrigins.length) {
  main.replaceChildren(
    h("p", { class: "muted", role: "status" }, "This chat is not enabled for embedding on this site."),
  );
}
