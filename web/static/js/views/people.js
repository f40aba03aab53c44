// People: the list the caller may see, and one person's profile, gaps, plan and mentors.

import * as api from "../api.js";
import {
  gapTable,
  h,
  nextRolesView,
  personLink,
  planTimeline,
  problem,
  profileView,
  scrollable,
  table,
} from "../render.js";
import { loading, main, page, plansChanged, section, select, session } from "../shell.js";

// Mentors for each gap towards a role, in one request (GET /v1/employees/{id}/mentors):
// the same rule and tools as chat's "who could mentor <person> in <skill>?".
async function mentorsForGaps(employeeId, roleId) {
  if (session.me.role === "employee" || session.me.role === "evaluator") {
    return h(
      "p",
      { class: "muted" },
      "A learning plan proposes a mentor for each gap where someone can mentor it.",
    );
  }
  const data = await api.get(`/v1/employees/${encodeURIComponent(employeeId)}/mentors`, {
    role: roleId,
  });
  return scrollable(
    h(
      "div",
      {},
      table(
        "gap-mentors",
        "Mentors for each gap (level 4+, at or above the level needed, other teams first)",
        ["Skill", "Needs", "Possible mentors"],
        data.gaps.map((g) => [
          g.name,
          `level ${g.level}`,
          g.mentors.length
            ? g.mentors.map((m, n) => [
                n ? ", " : "",
                personLink(m.employee_id, m.name),
                ` (${m.team}, level ${m.level})`,
              ])
            : `nobody at level ${g.min_mentor_level}+ yet`,
        ]),
        "No gaps: nothing to mentor.",
      ),
    ),
  );
}

function gapsWithMentors(employeeId, data, options = {}) {
  const mentors = h("div", { class: "mentor-section" }, loading());
  mentorsForGaps(employeeId, data.role_id)
    .then((view) => mentors.replaceChildren(view))
    .catch((error) => mentors.replaceChildren(problem(error)));
  return [gapTable(data, options), h("h3", {}, "Mentors"), mentors];
}

// A page at a time (the list may hold 100,000 people); the filter asks the server.
export async function peopleList() {
  const filter = h("input", { id: "people-filter", type: "search", placeholder: "Filter by name or team" });
  const caption = h("caption", {}, "");
  const tbody = h("tbody", {});
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "Show more");
  const status = h("p", { role: "status", class: "muted" });
  let cursor = null;
  let query = "";
  let shown = 0;
  let generation = 0;

  const row = (e) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, h("a", { href: `#/people/${e.employee_id}` }, e.name)),
      h("td", {}, e.team),
      h("td", {}, e.department),
      h("td", {}, e.role_id || "—"),
    );

  async function load(reset) {
    const mine = reset ? ++generation : generation;
    const data = await api.get("/v1/employees", { q: query, cursor: reset ? null : cursor, limit: 200 });
    if (mine !== generation) return; // a newer filter has answered meanwhile
    if (reset) {
      tbody.replaceChildren();
      shown = 0;
    }
    tbody.append(...data.employees.map(row));
    shown += data.employees.length;
    cursor = data.next_cursor;
    const noun = data.total === 1 ? "person" : "people";
    caption.textContent =
      shown === data.total ? `${data.total} ${noun} you may see` : `${shown} of ${data.total} ${noun} you may see`;
    more.hidden = !cursor;
    status.textContent = "";
  }

  const failed = (error) => status.replaceChildren(problem(error));
  let timer = null;
  filter.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      query = filter.value.trim();
      load(true).catch(failed);
    }, 200);
  });
  more.addEventListener("click", () => load(false).catch(failed));
  await load(true);
  return [
    h("div", { class: "field" }, h("label", { for: "people-filter" }, "Filter"), filter),
    h(
      "table",
      {},
      caption,
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Name", "Team", "Department", "Role"].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      tbody,
    ),
    more,
    status,
  ];
}

export async function personView(id) {
  const [profile, roles] = await Promise.all([
    api.get(`/v1/employees/${encodeURIComponent(id)}`),
    api.getAll("/v1/roles", "roles"),
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
        gapsWithMentors(
          id,
          await api.get(`/v1/employees/${encodeURIComponent(id)}/gaps`, { role: roleId }),
        ),
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
          plansChanged(); // a new draft may wait for this caller's decision
          const plan = await api.send("POST", "/v1/plans", {
            employee_id: id,
            role_id: chosen || null,
            weeks: Number(weeks.value),
            hours_per_week: Number(hours.value),
          });
          planOut.replaceChildren(
            h("h3", {}, `Draft plan for ${plan.employee_name}${plan.role_title ? `, towards ${plan.role_title}` : ""}`),
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
    h("h2", {}, "Next roles"),
    section(async () =>
      nextRolesView(await api.get(`/v1/employees/${encodeURIComponent(id)}/next-roles`)),
    ),
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
