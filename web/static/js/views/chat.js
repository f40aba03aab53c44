// The chat view: the conversation, with citation chips that open records.

import { mountChat } from "../chat.js";
import { h } from "../render.js";
import { announce, focusHeading, main, moved } from "../shell.js";
import { openRecord } from "../records.js";

export function chatView() {
  document.title = "Chat · talent-insights";
  const holder = h("div", { id: "chat-root" });
  const heading = h("h1", { class: "sr-only" }, "Chat");
  main.replaceChildren(heading, holder);
  mountChat(holder, { onOpenRecord: openRecord });
  if (moved.yet) {
    focusHeading(heading);
    announce("Chat page");
  }
}
