// Records behind citation chips: a person, role, skill or group opened in a dialog.

import * as api from "./api.js";
import { h, problem } from "./render.js";
import { dialog, loading } from "./shell.js";

export async function openRecord(citation) {
  const body = h("div", {}, loading());
  dialog.replaceChildren(
    h(
      "form",
      { method: "dialog", class: "dialog" },
      h("h2", {}, `${citation.type}: ${citation.title}`),
      body,
      h("div", { class: "dialog-actions" }, h("button", { value: "close", class: "primary" }, "Close")),
    ),
  );
  dialog.showModal();
  try {
    if (citation.type === "employee") {
      const profile = await api.get(`/v1/employees/${encodeURIComponent(citation.id)}`);
      body.replaceChildren(
        profileView(profile),
        h(
          "p",
          {},
          h("a", { href: `#/people/${citation.id}`, onclick: () => dialog.close() }, "Open the person view"),
        ),
      );
    } else if (citation.type === "role") {
      body.replaceChildren(roleView(await api.get(`/v1/roles/${encodeURIComponent(citation.id)}`)));
    } else if (citation.type === "skill") {
      body.replaceChildren(skillView(await api.get(`/v1/skills/${encodeURIComponent(citation.id)}`)));
    } else if (citation.type === "group") {
      body.replaceChildren(
        h("p", {}, citation.snippet),
        h(
          "p",
          {},
          h(
            "a",
            { href: `#/teams/${encodeURIComponent(citation.id)}`, onclick: () => dialog.close() },
            "Open the team view",
          ),
        ),
      );
    } else {
      body.replaceChildren(
        h("p", {}, citation.snippet || citation.title),
        h("p", { class: "muted" }, `id ${citation.id}`),
      );
    }
  } catch (error) {
    body.replaceChildren(problem(error));
  }
}

export function profileView(p) {
  return h(
    "div",
    { class: "profile" },
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Role"),
      h("dd", {}, p.role_title || p.role_id || "—"),
      h("dt", {}, "Team"),
      h("dd", {}, `${p.team} (${p.department})`),
      h("dt", {}, "Career goal"),
      h("dd", {}, p.goal_role_title || "—"),
    ),
    h(
      "table",
      { class: "skills" },
      h("caption", {}, "Skills on record (the latest assertion per skill)"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Skill", "Level", "Source", "Date"].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h(
        "tbody",
        {},
        (p.skills || []).map((s) =>
          h(
            "tr",
            { class: s.stale ? "stale" : "" },
            h("th", { scope: "row" }, s.name),
            h("td", { class: "num" }, s.level),
            h("td", {}, s.source),
            h("td", {}, s.assessed_on, s.stale ? h("span", { class: "badge warn" }, "stale") : null),
          ),
        ),
      ),
    ),
  );
}

export function roleView(r) {
  return h(
    "div",
    {},
    h("p", {}, r.department ? `${r.department} department` : ""),
    h(
      "table",
      {},
      h("caption", {}, "Requirements"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Skill", "Level", "Importance", ""].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h(
        "tbody",
        {},
        (r.requirements || []).map((q) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, q.name || q.skill_id),
            h("td", { class: "num" }, q.level),
            h("td", { class: "num" }, q.importance),
            h("td", {}, q.inferred ? h("span", { class: "badge warn", title: q.evidence }, "inferred") : ""),
          ),
        ),
      ),
    ),
  );
}

export function skillView(s) {
  return h(
    "div",
    {},
    h("p", {}, s.description || s.category || ""),
    h(
      "ol",
      { class: "levels" },
      (s.levels || []).map(([level, text]) => h("li", { value: String(level) }, text)),
    ),
  );
}
