// The chat: streamed answers, citation chips, the structured data, provenance, history.
// Used by the app (#/chat) and by the embeddable widget's page (/embed).

import { chatStream, get } from "./api.js";
import { answerMarkdown, dataView, developer, download, h, problem } from "./render.js";

const GROUNDING = {
  verified: ["ok", "grounded: every name and number is in the cited data"],
  repaired: ["warn", "repaired: unsupported sentences were removed"],
  fallback: ["warn", "fallback: the model's text was replaced by the checked template"],
};

// Suggestions for the signed-in caller (GET /v1/suggestions): about people, roles and
// teams they may see, each one the assistant answers for them.
async function suggestedQuestions() {
  try {
    const data = await get("/v1/suggestions");
    return data.suggestions.map((s) => s.question);
  } catch {
    return [];
  }
}

function chip(citation, onOpenRecord) {
  return h(
    "button",
    {
      type: "button",
      class: `chip chip-${citation.type}`,
      title: citation.snippet || citation.title,
      onclick: () => onOpenRecord(citation),
    },
    h("span", { class: "chip-type" }, citation.type),
    ` ${citation.title}`,
  );
}

function provenance(answer) {
  const [cls, text] = GROUNDING[answer.grounding] || ["", answer.grounding];
  return h(
    "div",
    { class: "provenance" },
    h("span", { class: "badge ai", title: "Advice written by software; people decide" }, "AI-generated"),
    h("span", { class: "muted" }, ` ${answer.model} `),
    h("span", { class: `badge ${cls}`, title: text }, answer.grounding),
    answer.degraded
      ? h(
          "span",
          { class: "badge warn", title: "the language model was unavailable; the offline planner answered" },
          "degraded",
        )
      : null,
    answer.refused ? h("span", { class: "badge bad" }, "refused") : null,
  );
}

export function mountChat(root, { onOpenRecord, storage = sessionStorage, examples = null }) {
  const HISTORY = "talent-insights.chats";
  const CURRENT = "talent-insights.current-chat"; // back on Chat, the same conversation
  const load = () => JSON.parse(storage.getItem(HISTORY) || "[]");
  const save = (chats) => storage.setItem(HISTORY, JSON.stringify(chats.slice(-20)));
  const chats = load();
  let current = null; // {id, title, turns: [{question, answer}]}
  let suggested = null; // the caller's suggestions (a promise), fetched once
  const remember = () =>
    current && current.id ? storage.setItem(CURRENT, current.id) : storage.removeItem(CURRENT);

  const log = h("div", {
    class: "chat-log",
    role: "log",
    "aria-live": "polite",
    "aria-label": "Conversation",
  });
  const input = h("textarea", {
    id: "chat-input",
    name: "message",
    rows: "2",
    required: true,
    maxlength: "4000",
    placeholder: "Ask about skills, gaps, candidates, mentors or a learning plan…",
  });
  const sendButton = h("button", { type: "submit", class: "primary" }, "Ask");
  const historyList = h("ul", { class: "history-list" });

  function renderHistory() {
    historyList.replaceChildren(
      ...chats
        .slice()
        .reverse()
        .map((chat) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: current && current.id === chat.id ? "link current" : "link",
                "aria-current": current && current.id === chat.id ? "true" : null,
                onclick: () => open(chat),
              },
              chat.title,
            ),
          ),
        ),
    );
  }

  function turnView(question, answer) {
    const card = h(
      "article",
      { class: "turn" },
      h("p", { class: "question" }, h("span", { class: "sr-only" }, "You asked: "), question),
    );
    const text = h("div", { class: "answer-text" });
    card.append(text);
    if (answer) finish(card, text, question, answer);
    return [card, text];
  }

  function finish(card, text, question, answer) {
    text.textContent = answer.answer;
    const drawn = dataView((answer.tools_called || [])[0], answer.data);
    const markdown = () => answerMarkdown(question, answer, card);
    const copy = h("button", { type: "button", class: "small" }, "Copy as Markdown");
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(markdown());
        copy.textContent = "Copied";
      } catch {
        download("answer.md", markdown()); // no clipboard (e.g. an insecure origin): download it
      }
    });
    card.append(
      ...[
        answer.choices && answer.choices.length
          ? h(
              "div",
              { class: "choices", role: "group", "aria-label": "Which did you mean?" },
              answer.choices.map((choice) =>
                h(
                  "button",
                  { type: "button", class: "small", onclick: () => ask(question, choice.capability) },
                  choice.label,
                ),
              ),
            )
          : null,
        provenance(answer),
        answer.citations.length
          ? h(
              "div",
              { class: "citations", role: "group", "aria-label": "Sources" },
              answer.citations.map((c) => chip(c, onOpenRecord)),
            )
          : null,
        drawn,
        h(
          "div",
          { class: "answer-actions" },
          copy,
          h(
            "button",
            { type: "button", class: "small", onclick: () => download("answer.md", markdown()) },
            "Export .md",
          ),
        ),
      ].filter(Boolean), // append() would print a null
    );
  }

  function open(chat) {
    current = chat;
    remember();
    log.replaceChildren(...(chat ? chat.turns.map((t) => turnView(t.question, t.answer)[0]) : []));
    if (!chat) log.append(intro());
    renderHistory();
  }

  function intro() {
    const list = h("ul", { class: "examples" });
    const fill = (items) =>
      list.replaceChildren(
        ...items.map((q) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "link",
                onclick: () => {
                  input.value = q;
                  input.focus();
                },
              },
              q,
            ),
          ),
        ),
      );
    if (examples) fill(examples);
    else (suggested ||= suggestedQuestions()).then(fill); // asked once per chat
    return h(
      "div",
      { class: "intro" },
      h(
        "p",
        {},
        "Ask a question in your own words. Answers come from your organisation's records, as you are allowed to see them, with their sources.",
      ),
      list,
    );
  }

  async function ask(question, capability = null) {
    if (!current) {
      current = { id: null, title: question.slice(0, 60), turns: [] };
      log.replaceChildren();
    }
    const [card, text] = turnView(question, null);
    text.classList.add("streaming");
    log.append(card);
    sendButton.disabled = true;
    try {
      const answer = await chatStream(
        question,
        current.id,
        (piece) => {
          text.textContent += piece;
        },
        capability,
      );
      text.classList.remove("streaming");
      finish(card, text, question, answer);
      if (!current.id) {
        current.id = answer.conversation_id;
        chats.push(current);
        remember();
      }
      current.turns.push({ question, answer });
      save(chats);
      renderHistory();
    } catch (error) {
      text.classList.remove("streaming");
      card.append(problem(error));
    } finally {
      sendButton.disabled = false;
      card.scrollIntoView({ block: "end" });
    }
  }

  const form = h(
    "form",
    {
      class: "chat-form",
      onsubmit: (event) => {
        event.preventDefault();
        const question = input.value.trim();
        if (!question) return;
        input.value = "";
        ask(question);
      },
    },
    h("label", { for: "chat-input", class: "sr-only" }, "Your question"),
    input,
    sendButton,
  );
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  root.replaceChildren(
    h(
      "div",
      { class: "chat" },
      h(
        "aside",
        { class: "history", "aria-label": "Conversations" },
        h("button", { type: "button", class: "small", onclick: () => open(null) }, "New conversation"),
        h("h2", { class: "small-heading" }, "History"),
        historyList,
        developerSwitch(),
      ),
      h("div", { class: "chat-main" }, log, form),
    ),
  );
  const resumed = chats.find((c) => c.id && c.id === storage.getItem(CURRENT));
  open(resumed || null);
}

// Raw JSON of each answer, for developers and evaluators checking the data; off by default.
function developerSwitch() {
  const box = h("input", { type: "checkbox", id: "developer-view", checked: developer.on });
  box.addEventListener("change", () => {
    developer.on = box.checked;
  });
  developer.on = developer.on; // the page follows the tab's setting
  return h(
    "div",
    { class: "developer-switch" },
    box,
    h("label", { for: "developer-view" }, "Developer view (raw data)"),
  );
}
