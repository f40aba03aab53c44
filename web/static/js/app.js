// The app shell: sign-in, navigation by role, and the views. Every screen is built from the
// public API; what a role may not see is refused by the API and shown as such here.

import * as api from "./api.js";
import { mountChat } from "./chat.js";
import {
  candidateList,
  coverageTable,
  gapTable,
  h,
  pct,
  planTimeline,
  problem,
  readinessMeter,
  statusBadge,
} from "./render.js";

const main = document.getElementById("main");
const header = document.getElementById("header");
const dialog = document.getElementById("record");
let me = null;

const CURATORS = new Set(["hr", "admin"]);
const canDecide = () => CURATORS.has(me.role) || me.role === "manager";

// ------------------------------------------------------------------ shell

function nav() {
  const links = [["#/chat", "Chat"]];
  if (me.role === "employee") {
    links.push([`#/people/${me.employee_id}`, "My profile"], ["#/plans", "My plans"]);
  } else if (me.role === "evaluator") {
    links.push(["#/teams", "Teams"]);
  } else {
    links.push(["#/people", "People"], ["#/teams", "Teams"], ["#/plans", "Plans"]);
  }
  if (CURATORS.has(me.role)) links.push(["#/ingest", "Ingest"]);
  const here = location.hash || "#/chat";
  header.replaceChildren(
    h("a", { class: "brand", href: "#/chat" }, "talent-insights"),
    h(
      "nav",
      { "aria-label": "Main" },
      h(
        "ul",
        {},
        links.map(([href, label]) =>
          h("li", {}, h("a", { href, "aria-current": here.startsWith(href) ? "page" : null }, label)),
        ),
      ),
    ),
    h(
      "div",
      { class: "whoami" },
      h(
        "span",
        { id: "whoami" },
        me.name ? `${me.name} · ` : "",
        h("span", { class: "badge role" }, me.role),
      ),
      h("button", { type: "button", class: "small", onclick: signOut }, "Sign out"),
    ),
  );
}

function signOut() {
  api.setKey(null);
  sessionStorage.removeItem("talent-insights.chats");
  me = null;
  location.hash = "";
  start();
}

function page(title, ...children) {
  document.title = `${title} · talent-insights`;
  main.replaceChildren(h("h1", {}, title), ...children);
  main.focus({ preventScroll: true });
}

function loading() {
  return h("p", { class: "muted", role: "status" }, "Loading…");
}

// A section filled by an async loader; errors (403, 404…) are shown in place.
function section(loader) {
  const el = h("div", { class: "section" }, loading());
  loader()
    .then((content) => el.replaceChildren(...[content].flat().filter(Boolean)))
    .catch((error) => el.replaceChildren(problem(error)));
  return el;
}

function select(id, label, options, value, onchange) {
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h(
      "select",
      { id, name: id, onchange: (e) => onchange(e.target.value) },
      options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
    ),
  );
}

// ------------------------------------------------------------------ records (citation chips)

async function openRecord(citation) {
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

function profileView(p) {
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

function roleView(r) {
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

function skillView(s) {
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

// ------------------------------------------------------------------ views

function chatView() {
  document.title = "Chat · talent-insights";
  const holder = h("div", { id: "chat-root" });
  main.replaceChildren(h("h1", { class: "sr-only" }, "Chat"), holder);
  mountChat(holder, { onOpenRecord: openRecord });
}

async function peopleList() {
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

async function personView(id) {
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
    value: "12",
    required: true,
  });
  const hours = h("input", {
    id: "plan-hours",
    type: "number",
    min: "0.5",
    max: "40",
    step: "0.5",
    value: "4",
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

async function teamsList() {
  const data = await api.get("/v1/teams");
  return h(
    "table",
    {},
    h("caption", {}, "Teams"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Team", "Department", "People"].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    h(
      "tbody",
      {},
      data.teams.map((t) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, h("a", { href: `#/teams/${encodeURIComponent(t.team)}` }, t.team)),
          h("td", {}, t.department),
          h(
            "td",
            { class: "num" },
            t.size,
            t.below_min_group
              ? h(
                  "span",
                  { class: "badge warn", title: "below the minimum group size: no figures" },
                  "too small",
                )
              : null,
          ),
        ),
      ),
    ),
  );
}

function heatmapView(map, coverage) {
  const spof = new Set(coverage?.single_points_of_failure || []);
  const level = (cell) => (cell.gap === null ? "na" : cell.gap <= 0 ? "g0" : cell.gap === 1 ? "g1" : "g2");
  return h(
    "div",
    { class: "heatmap-wrap" },
    h(
      "p",
      { class: "legend" },
      h("span", { class: "cell g0" }, "meets"),
      h("span", { class: "cell g1" }, "1 level short"),
      h("span", { class: "cell g2" }, "2+ short"),
      h("span", { class: "cell na" }, "not required"),
      h("span", { class: "spof-key" }, "single point of failure"),
    ),
    h(
      "div",
      { class: "scroll", tabindex: "0", role: "region", "aria-label": "Heatmap (scrolls sideways)" },
      h(
        "table",
        { class: "heatmap" },
        h("caption", {}, `People × required skills in ${map.team}, coloured by gap`),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Person"),
            map.skills.map((s) =>
              h(
                "th",
                {
                  scope: "col",
                  class: spof.has(s.skill_id) ? "spof" : "",
                  title: spof.has(s.skill_id) ? "single point of failure" : null,
                },
                h("span", {}, s.name),
              ),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          map.rows.map((row) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, h("a", { href: `#/people/${row.employee_id}` }, row.name)),
              row.cells.map((cell) =>
                h(
                  "td",
                  {
                    class: `cell ${level(cell)}`,
                    title:
                      cell.required === null
                        ? `level ${cell.current}, not required`
                        : `level ${cell.current} of ${cell.required}`,
                  },
                  cell.required === null ? cell.current || "" : `${cell.current}/${cell.required}`,
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function adviceView(data) {
  return h(
    "table",
    { class: "advice" },
    h(
      "caption",
      {},
      `Build, buy or borrow (${data.people} people, ${data.hours_per_week} h/week for training)`,
    ),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Skill", "Short", "Within one level", "Borrowable", "Weeks", "Advice", "Why"].map((t) =>
          h("th", { scope: "col" }, t),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      data.skills.map((s) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, s.name),
          h("td", { class: "num" }, s.shortfall),
          h("td", { class: "num" }, s.within_one),
          h("td", { class: "num" }, s.borrowable),
          h("td", { class: "num" }, s.weeks_to_close ?? "—"),
          h("td", {}, h("strong", {}, s.recommendation)),
          h("td", { class: "small" }, s.why),
        ),
      ),
    ),
  );
}

async function teamView(team, tab) {
  page(`Team ${team}`);
  const tabs = [
    ["heatmap", "Heatmap"],
    ["coverage", "Coverage & risks"],
    ["ai", "AI readiness"],
    ["advice", "Build / buy / borrow"],
    ["candidates", "Internal candidates"],
  ];
  if (me.role === "evaluator") tabs.splice(0, 1); // individuals: not for evaluators
  const active = tabs.some(([id]) => id === tab) ? tab : tabs[0][0];
  const base = `/v1/teams/${encodeURIComponent(team)}`;
  let content;
  if (active === "heatmap") {
    content = section(async () => {
      const [map, coverage] = await Promise.all([
        api.get(`${base}/heatmap`),
        api.get(`${base}/gaps`).catch(() => null),
      ]);
      return heatmapView(map, coverage);
    });
  } else if (active === "coverage") {
    content = section(async () => coverageTable(await api.get(`${base}/gaps`)));
  } else if (active === "ai") {
    content = section(async () => {
      const data = await api.get(`${base}/gaps`, { ai: true });
      return [h("p", {}, "Coverage of the AI competencies the team's roles require."), coverageTable(data)];
    });
  } else if (active === "advice") {
    content = section(async () => adviceView(await api.get(`${base}/advice`)));
  } else {
    const out = h("div", { "aria-live": "polite" });
    content = section(async () => {
      const roles = await api.get("/v1/roles");
      return [
        select(
          "candidate-role",
          "Open role",
          [["", "— choose —"], ...roles.roles.map((r) => [r.role_id, r.title])],
          "",
          (roleId) => {
            if (roleId)
              out.replaceChildren(
                section(async () =>
                  candidateList(await api.get(`/v1/roles/${encodeURIComponent(roleId)}/candidates`)),
                ),
              );
          },
        ),
        out,
      ];
    });
  }
  main.append(
    h(
      "nav",
      { class: "tabs", "aria-label": "Team views" },
      h(
        "ul",
        {},
        tabs.map(([id, label]) =>
          h(
            "li",
            {},
            h(
              "a",
              {
                href: `#/teams/${encodeURIComponent(team)}/${id}`,
                "aria-current": id === active ? "page" : null,
              },
              label,
            ),
          ),
        ),
      ),
    ),
    content,
  );
}

async function plansList() {
  const status = new URLSearchParams(location.hash.split("?")[1] || "").get("status") || "";
  const data = await api.get("/v1/plans", { status });
  const names = {};
  try {
    for (const e of (await api.get("/v1/employees")).employees) names[e.employee_id] = e.name;
  } catch {
    // names are a convenience; ids still identify the plans
  }
  return [
    select(
      "plan-status",
      "Status",
      [
        ["", "all"],
        ["draft", "draft"],
        ["approved", "approved"],
        ["rejected", "rejected"],
        ["in_progress", "in progress"],
        ["completed", "completed"],
      ],
      status,
      (value) => {
        location.hash = value ? `#/plans?status=${value}` : "#/plans";
      },
    ),
    h(
      "table",
      { class: "plans" },
      h("caption", {}, `${data.plans.length} plans`),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Plan", "Person", "Target role", "Status", "Created"].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h(
        "tbody",
        {},
        data.plans.map((p) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, h("a", { href: `#/plans/${p.plan_id}` }, p.plan_id)),
            h("td", {}, names[p.employee_id] || p.employee_id),
            h("td", {}, p.role_id || "—"),
            h("td", {}, statusBadge(p.status)),
            h("td", {}, (p.created_at || "").slice(0, 10)),
          ),
        ),
      ),
    ),
  ];
}

async function planView(id) {
  const plan = await api.get(`/v1/plans/${encodeURIComponent(id)}`);
  // Names for the ids; the ids stand if a lookup is refused.
  const [person, role] = await Promise.all([
    api.get(`/v1/employees/${encodeURIComponent(plan.employee_id)}`).catch(() => null),
    plan.role_id ? api.get(`/v1/roles/${encodeURIComponent(plan.role_id)}`).catch(() => null) : null,
  ]);
  page(`Plan ${plan.plan_id}`);
  const own = me.employee_id === plan.employee_id;
  const out = h("div", { "aria-live": "polite" });
  const comment = h("textarea", { id: "decision-comment", rows: "2", maxlength: "2000" });
  const decide = async (status) => {
    try {
      await api.send("PATCH", `/v1/plans/${encodeURIComponent(id)}`, { status, comment: comment.value });
      await planView(id);
    } catch (error) {
      out.replaceChildren(problem(error));
    }
  };
  const decision =
    plan.status === "draft" && canDecide() && !own
      ? h(
          "form",
          { class: "decision", onsubmit: (e) => e.preventDefault() },
          h(
            "div",
            { class: "field" },
            h("label", { for: "decision-comment" }, "Comment (kept with the decision)"),
            comment,
          ),
          h("button", { type: "button", class: "primary", onclick: () => decide("approved") }, "Approve"),
          h("button", { type: "button", class: "danger", onclick: () => decide("rejected") }, "Reject"),
        )
      : null;
  const trackable = ["approved", "in_progress"].includes(plan.status) && me.role !== "evaluator";
  const checklist = trackable
    ? h(
        "fieldset",
        { class: "checklist" },
        h("legend", {}, "Progress"),
        plan.actions.map((a, index) => {
          const box = h("input", { type: "checkbox", id: `done-${index}`, checked: a.done });
          box.addEventListener("change", async () => {
            try {
              await api.send(
                "POST",
                `/v1/plans/${encodeURIComponent(id)}/actions/${index}/done${box.checked ? "" : "?undo=true"}`,
              );
              await planView(id);
            } catch (error) {
              out.replaceChildren(problem(error));
            }
          });
          return h("div", { class: "check" }, box, h("label", { for: `done-${index}` }, a.title));
        }),
      )
    : null;
  main.append(
    ...[
      h(
        "p",
        {},
        `For `,
        h("a", { href: `#/people/${plan.employee_id}` }, person ? person.name : plan.employee_id),
        plan.role_id ? `, towards ${role ? role.title : plan.role_id}` : "",
      ),
      plan.decided_by
        ? h(
            "p",
            { class: "muted" },
            `Decided by ${plan.decided_by} on ${(plan.decided_at || "").slice(0, 10)}${plan.comment ? `: “${plan.comment}”` : ""}`,
          )
        : null,
      planTimeline(plan),
      decision,
      checklist,
      out,
    ].filter(Boolean), // append() would print a null
  );
}

async function ingestView() {
  const skills = (await api.get("/v1/skills")).skills;
  const file = h("input", { id: "ingest-file", type: "file", required: true, accept: ".md,.txt,.pdf,.docx" });
  const kind = h(
    "select",
    { id: "ingest-kind" },
    h("option", { value: "auto" }, "detect"),
    h("option", { value: "job_description" }, "job description"),
    h("option", { value: "profile" }, "employee profile"),
  );
  const entity = h("input", {
    id: "ingest-entity",
    type: "text",
    placeholder: "role id or employee id (optional)",
  });
  const out = h("div", { "aria-live": "polite" });

  function review(roleId, found) {
    const rows = found.map((q, i) => {
      const include = h("input", {
        type: "checkbox",
        id: `keep-${roleId}-${i}`,
        checked: true,
        "aria-label": "keep",
      });
      const skill = h(
        "select",
        { "aria-label": "skill" },
        skills.map((s) => h("option", { value: s.skill_id, selected: s.skill_id === q.skill_id }, s.name)),
      );
      const level = h("input", {
        type: "number",
        min: "1",
        max: "5",
        value: String(q.level),
        "aria-label": "level",
      });
      const importance = h("input", {
        type: "number",
        min: "1",
        max: "5",
        value: String(q.importance),
        "aria-label": "importance",
      });
      const row = h(
        "tr",
        {},
        h("td", {}, include),
        h("td", {}, skill),
        h("td", {}, level),
        h("td", {}, importance),
        h("td", { class: "num" }, q.confidence === undefined ? "declared" : pct(q.confidence)),
        h("td", {}, q.evidence ? h("q", { class: "span" }, q.evidence) : ""),
      );
      row.read = () =>
        include.checked
          ? {
              skill_id: skill.value,
              level: Number(level.value),
              importance: Number(importance.value),
              evidence: q.evidence,
            }
          : null;
      return row;
    });
    const result = h("div", { "aria-live": "polite" });
    return h(
      "section",
      { class: "review" },
      h("h3", {}, `Inferred requirements for ${roleId}`),
      h(
        "p",
        { class: "muted" },
        "Extracted from the text: check each one, correct the skill or level, untick what is wrong, then accept.",
      ),
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["Keep", "Skill", "Level", "Importance", "Confidence", "From the text"].map((t) =>
              h("th", { scope: "col" }, t),
            ),
          ),
        ),
        h("tbody", {}, rows),
      ),
      h(
        "button",
        {
          type: "button",
          class: "primary",
          onclick: async () => {
            try {
              const role = await api.send("PUT", `/v1/roles/${encodeURIComponent(roleId)}/requirements`, {
                requirements: rows.map((r) => r.read()).filter(Boolean),
              });
              result.replaceChildren(
                h(
                  "p",
                  { class: "ok-text", role: "status" },
                  `Saved ${role.requirements.length} requirements for ${role.title}.`,
                ),
                roleView(role),
              );
            } catch (error) {
              result.replaceChildren(problem(error));
            }
          },
        },
        "Accept requirements",
      ),
      result,
    );
  }

  const form = h(
    "form",
    {
      class: "upload",
      onsubmit: async (event) => {
        event.preventDefault();
        if (!file.files.length) return;
        const data = new FormData();
        data.append("file", file.files[0]);
        data.append("kind", kind.value);
        if (entity.value.trim()) data.append("entity_id", entity.value.trim());
        out.replaceChildren(loading());
        try {
          const report = await api.upload("/v1/documents", data);
          const uploaded = new Set(report.documents.map((d) => d.role_id).filter(Boolean));
          const inferred = Object.entries(report.inferred_requirements || {}).filter(([roleId]) =>
            uploaded.has(roleId),
          );
          out.replaceChildren(
            h(
              "p",
              { role: "status", class: "ok-text" },
              `Stored: ${report.documents.map((d) => `${d.file} as ${d.kind.replace("_", " ")} for ${d.role_id || d.employee_id}${d.created_role ? " (new role)" : ""}`).join(", ")}.`,
            ),
            ...(inferred.length
              ? inferred.map(([roleId, found]) => review(roleId, found))
              : [
                  h(
                    "p",
                    { class: "muted" },
                    "No requirements were inferred (the role's declared requirements stand).",
                  ),
                ]),
          );
        } catch (error) {
          out.replaceChildren(problem(error));
        }
      },
    },
    h(
      "div",
      { class: "field" },
      h("label", { for: "ingest-file" }, "Document (.md, .txt, .pdf, .docx)"),
      file,
    ),
    h("div", { class: "field" }, h("label", { for: "ingest-kind" }, "Kind"), kind),
    h("div", { class: "field" }, h("label", { for: "ingest-entity" }, "Role or employee id"), entity),
    h("button", { type: "submit", class: "primary" }, "Upload"),
  );
  // A framework export: every file of it at once (ESCO CSVs, O*NET text files, native CSV/YAML).
  const frameworkFiles = h("input", {
    id: "framework-files",
    type: "file",
    multiple: true,
    required: true,
    accept: ".csv,.txt,.tsv,.yaml,.yml",
  });
  const frameworkOut = h("div", { "aria-live": "polite" });
  const frameworkForm = h(
    "form",
    {
      class: "upload",
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData();
        for (const f of frameworkFiles.files) data.append("files", f);
        frameworkOut.replaceChildren(loading());
        try {
          const report = await api.upload("/v1/frameworks", data);
          frameworkOut.replaceChildren(
            h(
              "p",
              { role: "status", class: "ok-text" },
              `Framework imported (${report.format.toUpperCase()}).`,
            ),
            h(
              "table",
              {},
              h("caption", {}, "Records"),
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  ["records", "new", "updated", "unchanged"].map((t) => h("th", { scope: "col" }, t)),
                ),
              ),
              h(
                "tbody",
                {},
                Object.entries(report.counts).map(([name, c]) =>
                  h(
                    "tr",
                    {},
                    h("th", { scope: "row" }, name.replace("_", " ")),
                    h("td", { class: "num" }, c.inserted),
                    h("td", { class: "num" }, c.updated),
                    h("td", { class: "num" }, c.unchanged),
                  ),
                ),
              ),
            ),
          );
        } catch (error) {
          frameworkOut.replaceChildren(problem(error));
        }
      },
    },
    h(
      "div",
      { class: "field" },
      h("label", { for: "framework-files" }, "Framework files (ESCO, O*NET or native CSV/YAML)"),
      frameworkFiles,
    ),
    h("button", { type: "submit", class: "primary" }, "Import framework"),
  );

  // Roles whose requirements were read from a job description and still await a person.
  const pending = (await api.get("/v1/roles")).roles.filter((r) => r.inferred_requirements > 0);
  const pendingOut = h("div", { "aria-live": "polite" });
  const pendingList = pending.length
    ? h(
        "ul",
        {},
        pending.map((r) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "link",
                onclick: async () => {
                  const role = await api.get(`/v1/roles/${encodeURIComponent(r.role_id)}`);
                  pendingOut.replaceChildren(review(r.role_id, role.requirements));
                },
              },
              `${r.title} (${r.inferred_requirements} inferred)`,
            ),
          ),
        ),
      )
    : h("p", { class: "muted" }, "None: every role's requirements have been reviewed.");
  return [
    h(
      "p",
      {},
      "Upload job descriptions or employee profiles. Requirements read from a job description are marked inferred until you accept them.",
    ),
    h("h2", {}, "Documents"),
    form,
    out,
    h("h2", {}, "Competency frameworks"),
    frameworkForm,
    frameworkOut,
    h("h2", {}, "Waiting for review"),
    pendingList,
    pendingOut,
  ];
}

// ------------------------------------------------------------------ routing

async function route() {
  if (!me) return;
  const hash = location.hash || "#/chat";
  const [path] = hash.slice(1).split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  nav();
  try {
    if (parts[0] === "people" && parts[1]) await personView(parts[1]);
    else if (parts[0] === "people") page("People", section(peopleList));
    else if (parts[0] === "teams" && parts[1]) await teamView(parts[1], parts[2]);
    else if (parts[0] === "teams") page("Teams", section(teamsList));
    else if (parts[0] === "plans" && parts[1]) await planView(parts[1]);
    else if (parts[0] === "plans")
      page(me.role === "employee" ? "My plans" : "Learning plans", section(plansList));
    else if (parts[0] === "ingest") page("Ingest documents", section(ingestView));
    else chatView();
  } catch (error) {
    page(
      error.status === 403 ? "Not allowed" : error.status === 404 ? "Not found" : "Something went wrong",
      problem(error),
    );
  }
}

function signIn(message) {
  header.replaceChildren(h("span", { class: "brand" }, "talent-insights"));
  const key = h("input", {
    id: "api-key",
    name: "api-key",
    type: "password",
    autocomplete: "off",
    required: true,
    spellcheck: "false",
  });
  page(
    "Sign in",
    h(
      "form",
      {
        class: "signin",
        onsubmit: async (event) => {
          event.preventDefault();
          api.setKey(key.value.trim());
          await start();
        },
      },
      h(
        "p",
        {},
        "Paste the API key you were given (`make run` prints a demo key per role). It is kept in this browser tab only.",
      ),
      h("div", { class: "field" }, h("label", { for: "api-key" }, "API key"), key),
      message ? h("p", { class: "error", role: "alert" }, message) : null,
      h("button", { type: "submit", class: "primary" }, "Sign in"),
    ),
  );
  key.focus();
}

async function start() {
  if (!api.getKey()) return signIn();
  try {
    me = await api.get("/v1/me");
  } catch (error) {
    api.setKey(null);
    return signIn(error.status === 401 ? "That key is not valid (or was revoked)." : error.message);
  }
  await route();
}

window.addEventListener("hashchange", route);
start();
