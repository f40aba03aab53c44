// Records behind citation chips: a person, role, skill or group opened in a dialog.

import * as api from "./api.js";
import { h, problem, profileView, roleView, skillView } from "./render.js";

export { profileView };
import { dialog, loading } from "./shell.js";

const RECORD_KIND = {
  employee: "Person",
  role: "Role",
  skill: "Skill",
  group: "Team",
  resource: "Learning resource",
  document: "Document",
  plan: "Learning plan",
};

export async function openRecord(citation) {
  const body = h("div", {}, loading());
  dialog.replaceChildren(
    h(
      "form",
      { method: "dialog", class: "dialog" },
      h("h2", {}, `${RECORD_KIND[citation.type] || "Record"}: ${citation.title}`),
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

