// AI initiatives: what each needs (GET /v1/initiatives/{id}, chat's initiative_needs), the
// named teams' coverage, build / buy / borrow and the dated roadmap for those who may see
// them, and "are we ready by …?" for a day (…/readiness, chat's initiative_readiness).

import * as api from "../api.js";
import { h, personLink, problem, readinessMeter, table } from "../render.js";
import { main, page } from "../shell.js";

export async function initiativesList() {
  const data = await api.get("/v1/initiatives");
  return table(
    "initiatives",
    `${data.initiatives.length} AI ${data.initiatives.length === 1 ? "initiative" : "initiatives"}`,
    ["Initiative", "Due", "Teams", "Competencies"],
    data.initiatives.map((i) => [
      h("a", { href: `#/initiatives/${encodeURIComponent(i.initiative_id)}` }, i.title),
      i.target,
      i.teams.join(", "),
      `${i.competencies}${i.reviewed ? "" : " (not reviewed yet)"}`,
    ]),
    "No AI initiative on record.",
  );
}

function needsTable(data) {
  return table(
    "needs",
    `What it needs${data.reviewed ? "" : " (read from its text, not reviewed yet)"}`,
    ["Competency", "Level", "Importance", "People", "Why"],
    data.needs.map((n) => [
      n.name,
      String(n.level),
      String(n.importance),
      String(n.people),
      n.soft ? "goes with adopting AI" : n.inferred ? `read from: "${n.evidence}"` : "reviewed",
    ]),
  );
}

function coverageTable(data) {
  const who = (people) => people.map((p, n) => [n ? ", " : "", personLink(p.employee_id, p.name)]);
  return table(
    "coverage",
    `Coverage in ${data.teams.join(" and ")} (${data.members} people)`,
    ["Competency", "Needed", "Meet it", "Short", "Advice"],
    data.competencies.map((c) => [
      `${c.name} level ${c.level}`,
      String(c.people),
      c.meet === null ? "not shown" : [String(c.meet), c.meet_people.length ? [" (", who(c.meet_people), ")"] : ""],
      String(c.gap),
      c.gap
        ? [
            c.advice,
            c.train ? `: train ${c.train}${c.build.length ? ` (${c.build.map((b) => b.name).join(", ")})` : ""}` : "",
            c.borrow ? `; borrow ${c.borrow} of ${c.borrowable} elsewhere` : "",
            c.buy ? `; hire ${c.buy}` : "",
          ]
        : "covered",
    ]),
  );
}

export async function initiativeView(id) {
  const path = `/v1/initiatives/${encodeURIComponent(id)}`;
  const data = await api.get(path);
  page(data.title);
  main.append(
    h("p", {}, `Due ${data.target}, with ${data.teams.join(", ")}.`),
    needsTable(data),
  );
  if (!data.figures) {
    main.append(
      h("p", { class: "muted" }, "Coverage, gaps and the roadmap are the named teams' figures: for HR, their managers and evaluators."),
    );
    return;
  }
  const day = h("input", { id: "ready-by", type: "date", value: data.target, required: true });
  const answer = h("div", { "aria-live": "polite", class: "ready-check" });
  main.append(
    h("h2", {}, "Coverage"),
    h("p", {}, readinessMeter(data.readiness, "Covered"), ` ${data.gaps} competencies short.`),
    coverageTable(data),
    h("h2", {}, "Roadmap"),
    data.roadmap.length
      ? h("ol", { class: "roadmap" }, data.roadmap.map((s) => h("li", {}, `${s.on}: ${s.what}`)))
      : h("p", {}, "Nothing to do: every competency has its people."),
    h(
      "p",
      {},
      data.ready_by.in_time
        ? `Following it, everything is in place by ${data.ready_by.on || data.as_of}, in time for ${data.target}.`
        : `Following it, the last step lands on ${data.ready_by.on}, after the target date ${data.target}.`,
    ),
    h("h2", {}, "Are we ready by …?"),
    h(
      "form",
      {
        class: "inline-form",
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            const checked = await api.get(`${path}/readiness`, { by: day.value });
            const c = checked.check;
            answer.replaceChildren(
              h(
                "p",
                {},
                c.ready
                  ? `Ready by ${c.day}.`
                  : `Not ready by ${c.day}: short of ${c.short.map((s) => `${s.name} (${s.short})`).join(", ")}.`,
              ),
            );
          } catch (error) {
            answer.replaceChildren(problem(error));
          }
        },
      },
      h("div", { class: "field" }, h("label", { for: "ready-by" }, "Day"), day),
      h("button", { type: "submit", class: "primary" }, "Check"),
    ),
    answer,
  );
}
