// DOM helpers and the renderers for the API's structured data. Text always goes in through
// textContent (never innerHTML), so nothing from the data can run as markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (name === "dataset") Object.assign(el.dataset, value);
    // Through the CSSOM: the page's CSP forbids inline style attributes.
    else if (name === "style") {
      for (const rule of String(value).split(";")) {
        const [prop, val] = rule.split(":");
        if (prop && val) el.style.setProperty(prop.trim(), val.trim());
      }
    } else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// What the signed-in caller's service says (GET /v1/me), for wording: set at sign-in.
export const shown = { minGroup: 5 };

export const pct = (value) => `${Math.round(Number(value) * 100)}%`;

export function problem(error) {
  const status = error.status ? ` (${error.status})` : "";
  return h("p", { class: "error", role: "alert" }, `${error.message}${status}`);
}

export function readinessMeter(value, label = "Readiness") {
  const shown = pct(value);
  return h(
    "div",
    { class: "readiness" },
    h("span", { class: "readiness-label" }, label ? `${label}: ` : "", h("strong", {}, shown)),
    h("meter", {
      min: "0",
      max: "1",
      low: "0.5",
      high: "0.8",
      optimum: "1",
      value: String(value),
      "aria-label": label || "Readiness",
      "aria-valuetext": shown, // read as "70%", not "0.6957"
      title: shown,
    }),
  );
}

// Every table in `root` scrolls sideways inside its own region, which the keyboard can
// reach (a phone is narrower than most tables): the page itself never scrolls sideways.
export function scrollable(root) {
  if (!root || !root.querySelectorAll) return root;
  const tables = root.matches?.("table") ? [root] : [...root.querySelectorAll("table")];
  for (const table of tables) {
    if (table.parentElement?.classList.contains("scroll") || !table.parentElement) continue;
    const label = `${table.caption ? table.caption.textContent : "Table"} (scrolls sideways)`;
    const wrap = h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": label });
    table.replaceWith(wrap);
    wrap.append(table);
  }
  return root;
}

// A plain table: caption, column headings, rows of cells (the first cell heads its row).
export function table(cls, caption, headings, rows, empty = "Nothing to show.") {
  return h(
    "table",
    { class: cls },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headings.map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      rows.length
        ? rows.map(([first, ...rest]) =>
            h("tr", {}, h("th", { scope: "row" }, first), rest.map((c) => h("td", {}, c))),
          )
        : h("tr", {}, h("td", { colspan: String(headings.length) }, empty)),
    ),
  );
}

export const personLink = (id, name) => h("a", { href: `#/people/${encodeURIComponent(id)}` }, name);

// A time stored in UTC, shown in the reader's time zone: "5 Dec 2026, 09:14".
export function dateTime(iso) {
  if (!iso) return "";
  const when = new Date(iso.endsWith("Z") || iso.includes("+") ? iso : `${iso}Z`);
  return Number.isNaN(when.getTime())
    ? iso
    : when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

// Required vs current on the 0–5 scale: a bar for each, side by side.
export function levelBars(required, current) {
  const bar = (value, cls, name) =>
    h("span", {
      class: `bar ${cls}`,
      style: `width:${(Number(value || 0) / 5) * 100}%`,
      title: `${name} ${value ?? "–"}`,
    });
  return h(
    "div",
    { class: "bars", role: "img", "aria-label": `current ${current} of ${required} required` },
    h("div", { class: "track" }, bar(required, "required", "required")),
    h("div", { class: "track" }, bar(current, "current", "current")),
  );
}

export function gapTable(data, { caption } = {}) {
  const rows = (data.gaps || []).map((g) =>
    h(
      "tr",
      { class: g.stale ? "stale" : "" },
      h("th", { scope: "row" }, g.name),
      h("td", {}, levelBars(g.required, g.current)),
      h("td", { class: "num" }, `${g.current} / ${g.required}`),
      h("td", { class: "num" }, g.priority),
      h(
        "td",
        { class: "evidence" },
        g.source ? `${g.source}${g.assessed_on ? `, ${g.assessed_on}` : ""}` : "nothing on record",
        g.evidence ? h("span", { class: "muted" }, ` — ${g.evidence}`) : null,
        g.stale
          ? h("span", { class: "badge warn", title: "older than the staleness window" }, "stale")
          : null,
      ),
    ),
  );
  return h(
    "div",
    { class: "gap-view" },
    data.readiness !== undefined
      ? readinessMeter(data.readiness, `Readiness for ${data.role_title || data.role_id}`)
      : null,
    rows.length
      ? h(
          "table",
          { class: "gaps" },
          h("caption", {}, caption || `Gaps for ${data.role_title || data.role_id}, highest priority first`),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "Skill"),
              h(
                "th",
                { scope: "col" },
                h("span", { class: "key required" }, "required"),
                " vs ",
                h("span", { class: "key current" }, "current"),
              ),
              h("th", { scope: "col" }, "Level"),
              h("th", { scope: "col" }, "Priority"),
              h("th", { scope: "col" }, "Evidence"),
            ),
          ),
          h("tbody", {}, rows),
        )
      : h("p", {}, "No gaps: every requirement is met."),
  );
}

export function planTimeline(plan) {
  const weeks = Number(plan.weeks || 12);
  const items = (plan.actions || []).map((a) =>
    h(
      "li",
      { class: a.done ? "done" : "" },
      h(
        "div",
        { class: "action-head" },
        h("span", { class: `badge kind-${a.kind}` }, a.kind),
        h("strong", {}, a.title),
        h("span", { class: "muted" }, ` · weeks ${a.week_start}–${a.week_end} · ${a.hours} h`),
        a.done ? h("span", { class: "badge ok" }, "done") : null,
      ),
      h(
        "div",
        { class: "timeline-track", "aria-hidden": "true" },
        h("span", {
          class: "timeline-bar",
          style: `margin-left:${((a.week_start - 1) / weeks) * 100}%;width:${((a.week_end - a.week_start + 1) / weeks) * 100}%`,
        }),
      ),
      h("p", { class: "muted small" }, a.reason),
    ),
  );
  const later = plan.next_horizon || [];
  return h(
    "div",
    { class: "plan" },
    h("p", {}, `${weeks} weeks at ${plan.hours_per_week} h/week · status `, statusBadge(plan.status)),
    items.length
      ? h("ol", { class: "timeline" }, items)
      : h(
          "p",
          {},
          (plan.gaps || []).length
            ? `Nothing fits into ${weeks} weeks at ${plan.hours_per_week} h/week: ` +
                `${(plan.gaps || []).length} gaps wait for the next horizon below. ` +
                "A longer horizon or more hours a week schedules them."
            : "No gaps: every requirement is met, so there is nothing to schedule.",
        ),
    later.length
      ? h(
          "details",
          {},
          h("summary", {}, `Next horizon (${later.length})`),
          h(
            "ul",
            {},
            later.map((a) => h("li", {}, `${a.title} — ${a.reason}`)),
          ),
        )
      : null,
  );
}

export function statusBadge(status) {
  const cls =
    { approved: "ok", completed: "ok", in_progress: "ok", rejected: "bad", draft: "warn" }[status] || "";
  return h("span", { class: `badge ${cls}` }, status.replace("_", " "));
}

export function candidateList(data) {
  const rows = (data.candidates || []).map((c) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, personLink(c.employee_id, c.name)),
      h("td", {}, c.team),
      h("td", {}, readinessMeter(c.readiness, "")),
      h("td", {}, (c.top_gaps || []).map((g) => `${g.name} ${g.current}→${g.required}`).join(", ") || "none"),
    ),
  );
  return h(
    "table",
    { class: "candidates" },
    h(
      "caption",
      {},
      `Internal candidates for ${data.role_title}, from every team you may see ` +
        `(${data.considered} people considered; current holders left out)`,
    ),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Person", "Team", "Readiness", "Top gaps"].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.length ? rows : h("tr", {}, h("td", { colspan: "4" }, "Nobody you may see qualifies.")),
    ),
  );
}

export function coverageTable(data) {
  const rows = (data.skills || []).map((s) =>
    h(
      "tr",
      { class: s.single_point_of_failure ? "spof" : "" },
      h(
        "th",
        { scope: "row" },
        s.name,
        s.single_point_of_failure ? h("span", { class: "badge bad" }, "single point of failure") : null,
      ),
      ...(s.suppressed || s.meet === null || s.meet === undefined
        ? [
            h(
              "td",
              { colspan: "4", class: "suppressed" },
              `fewer than ${shown.minGroup} people: no figures, so nobody can be singled out`,
            ),
          ]
        : [
            h("td", { class: "num" }, `${s.meet} of ${s.required_by}`),
            h(
              "td",
              {},
              h("meter", {
                min: "0",
                max: "1",
                value: String(s.coverage),
                "aria-label": "coverage",
                "aria-valuetext": pct(s.coverage),
              }),
              ` ${pct(s.coverage)}`,
            ),
            h("td", { class: "num" }, s.experts),
            h("td", { class: "num" }, s.priority),
          ]),
    ),
  );
  return h(
    "div",
    {},
    readinessMeter(
      data.readiness,
      `${data.team || data.department || "Group"} readiness (${data.people} people)`,
    ),
    h(
      "table",
      { class: "coverage" },
      h("caption", {}, "Coverage of required skills, highest priority first"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Skill", "Meet the level", "Coverage", "Experts", "Priority"].map((t) =>
            h("th", { scope: "col" }, t),
          ),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

export function mentorList(data) {
  return table(
    "mentors",
    `Possible mentors in ${data.name} (level ${data.min_mentor_level}+), other teams first`,
    ["Person", "Team", "Department", "Level", "Assessed"],
    (data.mentors || []).map((m) => [
      m.employee_id ? personLink(m.employee_id, m.name) : m.name,
      m.team || "",
      m.department || "",
      String(m.level),
      `${m.source || ""} ${m.assessed_on || ""}`.trim(),
    ]),
    `Nobody is at level ${data.min_mentor_level}+ in ${data.name} yet: a course or an external coach is the way.`,
  );
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

// Why a path is proposed, in words: declared, moves seen, skill overlap, the person's skills.
function pathSources(p, fromTitle = "") {
  const words = {
    declared: fromTitle ? `declared path from ${fromTitle}` : "declared path",
    observed: `${p.moves} ${p.moves === 1 ? "person" : "people"} moved this way`,
    overlap: `${pct(p.overlap)} skill overlap`,
    skills: "close in skills",
    goal: "goal role",
  };
  return (p.sources || []).map((s) => words[s] || s).join("; ");
}

export const roleLink = (id, title) => h("a", { href: `#/roles/${encodeURIComponent(id)}` }, title);

// A person's most reachable next roles (GET /v1/employees/{id}/next-roles, chat's next_roles).
export function nextRolesView(data) {
  return table(
    "next-roles",
    `Most reachable next roles for ${data.name}` +
      (data.current_role_title ? ` (now ${data.current_role_title})` : ""),
    ["Role", "Readiness", "Why", "Biggest gaps"],
    (data.next_roles || []).map((r) => [
      roleLink(r.role_id, r.title),
      readinessMeter(r.readiness, ""),
      pathSources(r, data.current_role_title),
      r.gaps.length ? r.gaps.map((g) => `${g.name} ${g.current}→${g.required}`).join(", ") : "none: ready now",
    ]),
    "No next role is declared, seen or close enough in skills yet.",
  );
}

// A role's paths and where its holders came from and went (GET /v1/roles/{id}/paths).
export function rolePathsView(data) {
  const people = (n) => (n === null || n === undefined ? `fewer than ${data.min_group_size}` : String(n));
  const paths = (cls, caption, rows, empty) =>
    table(cls, caption, ["Role", "Why"], rows.map((p) => [roleLink(p.role_id, p.title), pathSources(p)]), empty);
  return h(
    "div",
    {},
    paths("leads-to", `${data.title} leads to`, data.leads_to, "No path is declared, seen or proposed."),
    paths("comes-from", `Paths into ${data.title}`, data.comes_from, "No path leads here."),
    table(
      "role-movements",
      `Where ${data.title}s came from and went, up to ${data.as_of} (${data.holders} hold it now)`,
      ["Movement", "People"],
      [
        ["Hired from outside", people(data.hired)],
        ...data.moved_in.map((r) => [["Moved in from ", roleLink(r.role_id, r.title)], people(r.people)]),
        ...data.moved_out.map((r) => [["Moved on to ", roleLink(r.role_id, r.title)], people(r.people)]),
        ["Left the organisation", people(data.left)],
      ],
    ),
    data.suppressed
      ? h("p", { class: "muted" }, `Counts of fewer than ${data.min_group_size} people are not shown: they could say who moved.`)
      : null,
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

export function heatmapView(map, coverage) {
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

export function adviceView(data) {
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

function compareView(data) {
  return table(
    "compare",
    `Compared for ${data.role_title}, most ready first`,
    ["Person", "Readiness", "Gaps", "Biggest gaps"],
    (data.people || []).map((p) => [
      personLink(p.employee_id, p.name),
      readinessMeter(p.readiness, ""),
      String(p.gap_count),
      (p.top_gaps || []).map((g) => `${g.name} ${g.current}→${g.required}`).join(", ") || "none",
    ]),
  );
}

function singlePointsView(data) {
  return table(
    "single-points",
    `Skills that rest on one person (${data.team || data.department || "organisation"}, ${data.people} people)`,
    ["Skill", "The only one who meets the level", "People who need it"],
    (data.skills || []).map((s) => [
      s.name,
      s.single_expert_id && s.single_expert_name
        ? personLink(s.single_expert_id, s.single_expert_name)
        : s.single_expert_name || "one person",
      String(s.required_by),
    ]),
    "No skill rests on a single person.",
  );
}

function expertsView(data) {
  return table(
    "experts",
    `People at level ${data.min_level}+ in ${data.name}`,
    ["Person", "Team", "Department", "Level", "Assessed"],
    (data.experts || []).map((e) => [
      personLink(e.employee_id, e.name),
      e.team || "",
      e.department || "",
      String(e.level),
      `${e.source || ""} ${e.assessed_on || ""}${e.stale ? " (stale)" : ""}`.trim(),
    ]),
    "Nobody you may see is at that level.",
  );
}

function plansView(data) {
  return table(
    "plans",
    `${data.name}'s learning plans, newest first`,
    ["Plan", "Status", "Horizon", "Done"],
    [...(data.plans || [])]
      .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))
      .map((p) => [
        h(
          "a",
          { href: `#/plans/${encodeURIComponent(p.plan_id)}` },
          `${p.role_title ? `Towards ${p.role_title}` : "Own skills"}, drafted ${dateTime(p.created_at)}`,
        ),
        statusBadge(p.status),
        `${p.weeks} weeks`,
        `${p.done} of ${p.action_count}`,
      ]),
    "No learning plan yet.",
  );
}

function scenarioView(data) {
  return h(
    "div",
    { class: "scenario" },
    table(
      "scenario",
      `Grow or hire, as of ${data.as_of} (ready at ${pct(data.readiness_threshold)})`,
      ["Role", "Needed", "By", "Grow internally", "Hire"],
      (data.demand || []).map((d) => [
        d.role_title,
        String(d.headcount),
        d.by,
        String(d.build),
        String(d.buy),
      ]),
    ),
    (data.demand || []).map((d) =>
      (d.candidates || []).length
        ? table(
            "scenario-candidates",
            `Who could grow into ${d.role_title}`,
            ["Person", "Ready now", "Weeks of training"],
            d.candidates.map((c) => [
              personLink(c.employee_id, c.name),
              readinessMeter(c.readiness_now, ""),
              String(c.weeks_needed),
            ]),
          )
        : null,
    ),
  );
}

function catalogueView(data) {
  return table(
    "catalogue",
    `Learning resources for ${data.name}, by the level they bring`,
    ["Resource", "Kind", "Provider", "Brings to", "Hours", "Cost"],
    (data.resources || []).map((r) => [
      r.title,
      r.type,
      r.internal ? "internal" : r.provider || "external",
      `level ${r.brings_to}`,
      String(r.hours),
      r.cost ? `${r.cost} ${data.currency || ""}`.trim() : "free",
    ]),
    "No resource in the catalogue covers it.",
  );
}

function kpiView(data) {
  const plans = data.plans || {};
  return h(
    "div",
    { class: "kpis" },
    table(
      "kpi-roles",
      `Critical-role coverage, as of ${data.as_of}`,
      ["Role", "Holders", "Meeting every critical requirement", "Coverage"],
      (data.critical_role_coverage || []).map((r) => [
        r.title,
        String(r.holders),
        r.meeting_all === null || r.meeting_all === undefined ? "—" : String(r.meeting_all),
        r.coverage === null || r.coverage === undefined ? "—" : pct(r.coverage),
      ]),
    ),
    table(
      "kpi-readiness",
      "Readiness for their own roles, by department",
      ["Department", "People", "Mean readiness"],
      (data.readiness_distribution || []).map((d) => [
        d.department,
        String(d.people),
        d.suppressed ? `fewer than ${shown.minGroup} people: no figures` : pct(d.mean_readiness),
      ]),
    ),
    table(
      "kpi-progress",
      "Skill progress: mean readiness at each quarter's end",
      ["Quarter end", "People", "Mean readiness"],
      (data.skill_progress || []).map((q) => [q.quarter_end, String(q.people), pct(q.mean_readiness)]),
    ),
    h(
      "p",
      {},
      "Learning plans: ",
      Object.entries(plans.by_status || {})
        .map(([status, n]) => `${n} ${status.replace("_", " ")}`)
        .join(", ") || "none",
      plans.completion === null || plans.completion === undefined
        ? ""
        : ` · ${pct(plans.completion)} of approved actions done`,
    ),
    data.talent_flow ? flowHeadlines(data.talent_flow) : null,
    data.diversity ? h("p", { class: "muted" }, `Workforce diversity: ${data.diversity}.`) : null,
  );
}

// Talent flow: hiring, moving and leaving over the window to a day (GET /v1/talent-flow).
const days = (value) => (value === null || value === undefined ? "—" : `${value} days`);
const rate = (value) => (value === null || value === undefined ? "—" : pct(value));
const windowText = (w) => (w ? `after ${w.after}, up to ${w.to}` : "");

function flowHeadlines(f) {
  return table(
    "kpi-flow",
    `Hiring and leaving, ${windowText(f.window)}`,
    ["Figure", "Value"],
    [
      ["Time to fill (median)", days(f.time_to_fill_median_days)],
      ["Time to fill, critical roles (median)", days(f.critical_time_to_fill_median_days)],
      ["Open vacancies", `${f.open_vacancies} (${f.open_longer} over ${f.long_open_days} days)`],
      ["Internal fill rate", rate(f.internal_fill_rate)],
      ["Retention of top technologists", rate(f.retention_rate)],
    ],
  );
}

function openVacancyTable(o) {
  return table(
    "open-vacancies",
    `Open on ${o.as_of}: ${o.open}, ${o.critical_open} critical`,
    ["Role", "Team", "Open since", "Days open", "Critical"],
    (o.vacancies || []).map((v) => [
      v.title,
      v.team,
      v.opened,
      String(v.age_days),
      v.critical ? "critical" : "",
    ]),
    "No vacancy was open on that day.",
  );
}

function timeToFillView(data) {
  const t = data.time_to_fill || {};
  const rows = [["All filled", t], ["Critical roles", t.critical || {}]].concat(
    (t.by_role || []).map((r) => [r.title, r]),
  );
  return h(
    "div",
    {},
    table(
      "time-to-fill",
      `Time to fill, vacancies filled ${windowText(t.window)} (${data.scope})`,
      ["Vacancies", "Filled", "Median", "Three in four within"],
      rows.map(([label, r]) => [label, String(r.filled ?? 0), days(r.median_days), days(r.p75_days)]),
    ),
    data.open_vacancies ? openVacancyTable(data.open_vacancies) : null,
  );
}

function internalFillView(data) {
  const f = data.internal_fill || {};
  return table(
    "internal-fill",
    `Vacancies filled ${windowText(f.window)} (${data.scope})`,
    ["Filled by", "Vacancies"],
    [
      ["An internal move", String(f.internal ?? 0)],
      ["An external hire", String(f.external ?? 0)],
      ["Internal fill rate", rate(f.rate)],
    ],
  );
}

function retentionView(data) {
  const r = data.retention || {};
  const l = data.leavers || {};
  const hidden = `fewer than ${shown.minGroup} people: no figures, so nobody can be singled out`;
  return h(
    "div",
    {},
    table(
      "retention",
      `Top technologists, ${windowText(r.window)} (${data.scope})`,
      ["Figure", "Value"],
      r.suppressed
        ? [["Retention", hidden]]
        : [
            ["Employed at the start", String(r.cohort)],
            ["Stayed", String(r.stayed)],
            ["Left", String(r.leavers)],
            ["Left by choice (regretted)", String(r.voluntary_leavers)],
            ["Retention", rate(r.rate)],
          ],
    ),
    table(
      "leavers",
      "Everyone who left in the same months",
      ["Figure", "Value"],
      l.suppressed
        ? [["Leavers", hidden]]
        : [
            ["Employed at the start", String(l.headcount)],
            ["Left", String(l.leavers)],
            ["Left by choice", String(l.voluntary_leavers)],
          ],
    ),
    r.definition ? h("p", { class: "muted" }, `Definition: ${r.definition}.`) : null,
  );
}

const amount = (value, unit) =>
  value === null || value === undefined
    ? "—"
    : unit === "share"
      ? pct(value)
      : unit === "days" || unit === "hours"
        ? `${value} ${unit}`
        : String(value);

function scorecardView(data) {
  return table(
    "scorecard-targets",
    `Targets on ${data.as_of}`,
    ["Figure", "Now", "Target", "By", "Status", "Owners"],
    (data.targets || []).map((t) => [
      t.title,
      amount(t.latest, t.unit),
      `${t.direction === "at_least" ? "≥" : "≤"} ${amount(t.value, t.unit)}`,
      t.due,
      `${t.status.replace("_", " ")} (${t.why})`,
      t.hr_owner_name || t.it_owner_name ? `${t.hr_owner_name || "—"} (HR), ${t.it_owner_name || "—"} (IT)` : "—",
    ]),
    "No targets are set yet.",
  );
}

function quarterChangesView(data) {
  return table(
    "quarter-changes",
    `From ${data.previous_quarter} to ${data.quarter}`,
    ["Figure", data.previous_quarter, data.quarter, "Change", "Behind it"],
    (data.figures || []).map((f) => [
      f.title,
      amount(f.previous, f.unit),
      amount(f.latest, f.unit),
      f.better === null || f.better === undefined ? "—" : f.better ? "better" : "worse",
      (f.behind || []).join("; ") || "—",
    ]),
  );
}

function decisionsView(data) {
  return table(
    "decisions-log",
    data.quarter ? `Decisions for ${data.quarter}` : "Decisions and retrospectives",
    ["Quarter", "What", "Owner", "Due", "Status", "Follow-up"],
    (data.decisions || []).map((d) => [
      d.quarter,
      `${d.kind === "retrospective" ? "Retrospective: " : ""}${d.text}`,
      d.owner_name || "—",
      d.due || "—",
      d.status,
      d.follow_up || "—",
    ]),
    "No decisions logged.",
  );
}

function rolesNeedingView(data) {
  return table(
    "roles-needing",
    `Roles that require ${data.name}`,
    ["Role", "Department", "Level", "Importance", "Holders"],
    (data.roles || []).map((r) => [
      r.title,
      r.department,
      String(r.level),
      `${r.importance}${r.critical ? " (critical)" : ""}${r.inferred ? ", not yet reviewed" : ""}`,
      String(r.holders),
    ]),
    "No role requires it.",
  );
}

function searchView(data) {
  const results = data.results || [];
  return results.length
    ? h(
        "ol",
        { class: "search-results" },
        results.map((r) => h("li", {}, h("strong", {}, r.title), r.snippet ? ` — ${r.snippet}` : "")),
      )
    : null;
}

function roleSummary(data) {
  return h("div", {}, data.description ? h("p", {}, data.description) : null, roleView(data));
}

const VIEWS = {
  person_gaps: gapTable,
  draft_learning_plan: (data) =>
    h(
      "div",
      {},
      planTimeline(data),
      data.plan_id
        ? h(
            "p",
            {},
            h("a", { href: `#/plans/${encodeURIComponent(data.plan_id)}` }, "Open the plan"),
            " to review, approve or track it.",
          )
        : null,
    ),
  internal_candidates: candidateList,
  team_gaps: coverageTable,
  find_mentors: mentorList,
  compare_people: compareView,
  team_heatmap: (data) => heatmapView(data, null),
  build_buy_borrow: adviceView,
  single_points_of_failure: singlePointsView,
  skill_experts: expertsView,
  show_plans: plansView,
  workforce_scenario: scenarioView,
  get_role: roleSummary,
  next_roles: nextRolesView,
  role_paths: rolePathsView,
  get_skill: skillView,
  get_employee_profile: profileView,
  learning_catalogue: catalogueView,
  kpis: kpiView,
  time_to_fill: timeToFillView,
  open_vacancies: (data) => openVacancyTable(data.open_vacancies || {}),
  internal_fill: internalFillView,
  retention: retentionView,
  roles_needing_skill: rolesNeedingView,
  scorecard: scorecardView,
  quarter_changes: quarterChangesView,
  decisions_log: decisionsView,
  search_documents: searchView,
};

// Raw data only for developers: off unless switched on in this tab.
const DEVELOPER = "talent-insights.developer";
export const developer = {
  get on() {
    return sessionStorage.getItem(DEVELOPER) === "1";
  },
  set on(value) {
    if (value) sessionStorage.setItem(DEVELOPER, "1");
    else sessionStorage.removeItem(DEVELOPER);
    document.body.classList.toggle("developer", Boolean(value));
  },
};

// An answer's data drawn for people: tables, lists, bars. The raw JSON sits behind the
// developer switch (hidden by CSS unless it is on).
export function dataView(tool, data) {
  if (!data || !Object.keys(data).length) return null;
  let drawn = null;
  try {
    drawn = VIEWS[tool] ? VIEWS[tool](data) : null;
  } catch (error) {
    console.warn("could not draw the answer's data", error);
  }
  return h(
    "div",
    { class: "answer-data" },
    drawn ? scrollable(h("div", { class: "drawn" }, drawn)) : null,
    h(
      "details",
      { class: "raw-data" },
      h("summary", {}, "Data (developer view)"),
      h("pre", {}, JSON.stringify(data, null, 2)),
    ),
  );
}

// A cell as text: its words, or what a bar or meter says it shows.
function cellText(cell) {
  const text = cell.textContent.replace(/\s+/g, " ").trim();
  if (text) return text.replaceAll("|", "\\|");
  const drawn = cell.querySelector("[aria-label]");
  return drawn ? drawn.getAttribute("aria-label") : "";
}

export function tableMarkdown(el) {
  const rows = [...el.querySelectorAll("tr")].map((tr) => [...tr.children].map(cellText));
  if (!rows.length) return "";
  const width = Math.max(...rows.map((r) => r.length));
  const line = (cells) => `| ${[...cells, ...Array(width - cells.length).fill("")].join(" | ")} |`;
  return [
    el.caption ? `**${el.caption.textContent.trim()}**\n` : "",
    line(rows[0]),
    line(Array(width).fill("---")),
    ...rows.slice(1).map(line),
    "",
  ].join("\n");
}

// An answer as Markdown, as it was on screen: the text, the tables and lists drawn from its
// data, the records it cites by name, and its provenance.
export function answerMarkdown(question, answer, drawn = null) {
  const cites = (answer.citations || []).map((c) => `- ${c.title} (${c.type})`).join("\n");
  const tables = drawn ? [...drawn.querySelectorAll(".drawn table")].map(tableMarkdown) : [];
  const lists = drawn
    ? [...drawn.querySelectorAll(".drawn ol.timeline li, .drawn ol.search-results li")].map(
        (li) => `- ${li.textContent.replace(/\s+/g, " ").trim()}`,
      )
    : [];
  return [
    `**Q:** ${question}`,
    "",
    answer.answer,
    "",
    ...tables,
    lists.length ? `${lists.join("\n")}\n` : "",
    cites ? `Sources:\n${cites}\n` : "",
    `_AI-generated by ${answer.model} · grounding: ${answer.grounding}${answer.degraded ? " · degraded (offline answer)" : ""}_`,
    "",
  ].join("\n");
}

export function download(filename, text) {
  const link = h("a", {
    href: URL.createObjectURL(new Blob([text], { type: "text/markdown" })),
    download: filename,
  });
  document.body.append(link);
  link.click();
  link.remove();
}
