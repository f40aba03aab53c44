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

export const pct = (value) => `${Math.round(Number(value) * 100)}%`;

export function problem(error) {
  const status = error.status ? ` (${error.status})` : "";
  return h("p", { class: "error", role: "alert" }, `${error.message}${status}`);
}

export function readinessMeter(value, label = "Readiness") {
  return h(
    "div",
    { class: "readiness" },
    h("span", { class: "readiness-label" }, `${label}: `, h("strong", {}, pct(value))),
    h("meter", {
      min: "0",
      max: "1",
      low: "0.5",
      high: "0.8",
      optimum: "1",
      value: String(value),
      "aria-label": label,
    }),
  );
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
    items.length ? h("ol", { class: "timeline" }, items) : h("p", {}, "Nothing to schedule: no gaps."),
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
      h("th", { scope: "row" }, h("a", { href: `#/people/${c.employee_id}` }, c.name)),
      h("td", {}, c.team),
      h("td", {}, readinessMeter(c.readiness, "")),
      h("td", {}, (c.top_gaps || []).map((g) => `${g.name} ${g.current}→${g.required}`).join(", ") || "none"),
    ),
  );
  return h(
    "table",
    { class: "candidates" },
    h("caption", {}, `Internal candidates for ${data.role_title} (${data.considered} considered)`),
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
      h("td", { class: "num" }, `${s.meet} of ${s.required_by}`),
      h(
        "td",
        {},
        h("meter", {
          min: "0",
          max: "1",
          value: String(s.coverage),
          "aria-label": `coverage ${pct(s.coverage)}`,
        }),
        ` ${pct(s.coverage)}`,
      ),
      h("td", { class: "num" }, s.experts),
      h("td", { class: "num" }, s.priority),
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
  const mentors = data.mentors || [];
  return h(
    "ul",
    { class: "mentors" },
    mentors.length
      ? mentors.map((m) => h("li", {}, `${m.name} — ${m.team || ""} (level ${m.level})`))
      : h("li", {}, "No qualifying mentor."),
  );
}

export function dataView(tool, data) {
  if (!data || !Object.keys(data).length) return null;
  try {
    if (tool === "person_gaps") return gapTable(data);
    if (tool === "draft_learning_plan") return planTimeline(data);
    if (tool === "internal_candidates") return candidateList(data);
    if (tool === "team_gaps") return coverageTable(data);
    if (tool === "find_mentors") return mentorList(data);
  } catch {
    // fall through to the raw view: an unexpected shape is still shown
  }
  return h("details", {}, h("summary", {}, "Data"), h("pre", {}, JSON.stringify(data, null, 2)));
}

// An answer as Markdown: the text, the records it cites, and its provenance.
export function answerMarkdown(question, answer) {
  const cites = (answer.citations || []).map((c) => `- ${c.type} \`${c.id}\`: ${c.title}`).join("\n");
  return [
    `**Q:** ${question}`,
    "",
    answer.answer,
    "",
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
