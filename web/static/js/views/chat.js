// The chat view: the conversation, with citation chips that open records.

import { mountChat } from "../chat.js";
import { h } from "../render.js";
import { main } from "../shell.js";
import { openRecord } from "../records.js";

export function chatView() {
  document.title = "Chat · talent-insights";
  const holder = h("div", { id: "chat-root" });
  main.replaceChildren(h("h1", { class: "sr-only" }, "Chat"), holder);
  mountChat(holder, { onOpenRecord: openRecord });
}
