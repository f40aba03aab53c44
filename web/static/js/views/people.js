// People: the list the caller may see, and one person's profile, gaps, plan and mentors.

import * as api from "../api.js";
import { gapTable, h, planTimeline, problem } from "../render.js";
import { loading, main, page, section, select, session } from "../shell.js";
import { profileView } from "../records.js";

export async function peopleList() {
  const data = await api.get("/v1/employees");
  const filter = h("input", { id: "people-filter", type: "search", placeholder: "Filter by name or team" });
  const rows = data.employees.map((e) =>
    h(
      "tr",
      { dataset: { text: `${e.name} ${e.team} ${e.department}`.toLowerCase() } },
      h("th", { scope: "row" }, h("a", { href: `#/people/${e.employee_id}` }, e.name)),
      h("td", {}, e.team),
      h("td", {}, e.department),
      h("td", {}, e.role_id || "—"),
    ),
  );
  filter.addEventListener("input", () => {
    const q = filter.value.toLowerCase();
    for (const row of rows) row.hidden = !row.dataset.text.includes(q);
  });
  return [
    h("div", { class: "field" }, h("label", { for: "people-filter" }, "Filter"), filter),
    h(
      "table",
      {},
      h("caption", {}, `${rows.length} people you may see`),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Name", "Team", "Department", "Role"].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h("tbody", {}, rows),
    ),
  ];
}

export async function personView(id) {
  const [profile, roles] = await Promise.all([
    api.get(`/v1/employees/${encodeURIComponent(id)}`),
    api.get("/v1/roles"),
  ]);
  page(profile.name);
  const target =
    new URLSearchParams(location.hash.split("?")[1] || "").get("role") || profile.goal_role_id || "";
  const targetGaps = h("div", {});
  const planOut = h("div", { "aria-live": "polite" });

  function loadTarget(roleId) {
    if (!roleId) {
      targetGaps.replaceChildren(h("p", { class: "muted" }, "Choose a target role."));
      return;
    }
    targetGaps.replaceChildren(
      section(async () =>
        gapTable(await api.get(`/v1/employees/${encodeURIComponent(id)}/gaps`, { role: roleId })),
      ),
    );
  }

  const roleOptions = [["", "— choose —"], ...roles.roles.map((r) => [r.role_id, r.title])];
  let chosen = target;
  const weeks = h("input", {
    id: "plan-weeks",
    type: "number",
    min: "1",
    max: "260",
    value: String(session.me.plan_weeks),
    required: true,
  });
  const hours = h("input", {
    id: "plan-hours",
    type: "number",
    min: "0.5",
    max: "40",
    step: "0.5",
    value: String(session.me.hours_per_week),
    required: true,
  });
  const planForm = h(
    "form",
    {
      class: "inline-form",
      onsubmit: async (event) => {
        event.preventDefault();
        planOut.replaceChildren(loading());
        try {
          const plan = await api.send("POST", "/v1/plans", {
            employee_id: id,
            role_id: chosen || null,
            weeks: Number(weeks.value),
            hours_per_week: Number(hours.value),
          });
          planOut.replaceChildren(
            h("h3", {}, `Draft plan ${plan.plan_id}`),
            planTimeline(plan),
            h(
              "p",
              {},
              "A draft until a manager or HR approves it. ",
              h("a", { href: `#/plans/${plan.plan_id}` }, "Open the plan"),
            ),
          );
        } catch (error) {
          planOut.replaceChildren(problem(error));
        }
      },
    },
    h("div", { class: "field" }, h("label", { for: "plan-weeks" }, "Horizon (weeks)"), weeks),
    h("div", { class: "field" }, h("label", { for: "plan-hours" }, "Hours per week"), hours),
    h("button", { type: "submit", class: "primary" }, "Draft a learning plan"),
  );

  main.append(
    profileView(profile),
    h("h2", {}, `Current role: ${profile.role_title || "none"}`),
    profile.role_id
      ? section(async () =>
          gapTable(await api.get(`/v1/employees/${encodeURIComponent(id)}/gaps`), {
            caption: "Gaps for the current role",
          }),
        )
      : h("p", { class: "muted" }, "No current role on record."),
    h("h2", {}, "Target role"),
    select("target-role", "Target role", roleOptions, target, (value) => {
      chosen = value;
      loadTarget(value);
    }),
    targetGaps,
    h("h2", {}, "Learning plan"),
    planForm,
    planOut,
  );
  loadTarget(target);
}
