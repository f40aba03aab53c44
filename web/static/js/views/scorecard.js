// The HR–IT scorecard: each figure as a chart with its target line (the Vega-Lite spec the
// API built, drawn by vega-embed), a table of the same numbers beside it for screen
// readers and keyboard users, each target's status and owners, and the decisions log.

import * as api from "../api.js";
import { h, pct, table } from "../render.js";
import { announce, page, section, select, session } from "../shell.js";

// The chart libraries (web/static/vendor, copied from npm by the Makefile) load with the
// first scorecard: 800 KB that no other page needs.
let libraries = null;

function script(src) {
  return new Promise((resolve, reject) => {
    const el = h("script", { src });
    el.addEventListener("load", resolve);
    el.addEventListener("error", () => reject(new Error(`could not load ${src}`)));
    document.head.append(el);
  });
}

function vega() {
  libraries ??= (async () => {
    await script("/static/vendor/vega.min.js");
    await script("/static/vendor/vega-lite.min.js");
    await script("/static/vendor/vega-embed.min.js");
    // No eval under the page's CSP: expressions run in Vega's interpreter instead.
    const { expressionInterpreter } = await import("/static/vendor/vega-interpreter.js");
    return { embed: window.vegaEmbed, expr: expressionInterpreter };
  })();
  libraries.catch(() => {
    libraries = null; // tried again on the next visit
  });
  return libraries;
}

const STATUS = {
  met: "met",
  on_track: "on track",
  at_risk: "at risk",
  off_track: "off track",
};

function shownValue(value, unit) {
  if (value === null || value === undefined) return "—";
  if (unit === "share") return pct(value);
  if (unit === "days" || unit === "hours") return `${Number(value.toFixed(1))} ${unit}`;
  return String(Number(value.toFixed(2)));
}

function change(figure) {
  if (figure.change === null || figure.change === undefined) return "no change to show";
  if (figure.change === 0) return "unchanged since the quarter before";
  const up = figure.change > 0;
  const amount =
    figure.unit === "share"
      ? `${Math.round(Math.abs(figure.change) * 100)} points`
      : shownValue(Math.abs(figure.change), figure.unit);
  const better = up === (figure.better === "at_least");
  return `${up ? "up" : "down"} ${amount} since the quarter before (${better ? "better" : "worse"})`;
}

function targetLine(t, unit) {
  const sign = t.direction === "at_least" ? "at least" : "at most";
  const owners =
    t.hr_owner_name || t.it_owner_name
      ? ` · owners ${t.hr_owner_name || "(erased)"} (HR) and ${t.it_owner_name || "(erased)"} (IT)`
      : "";
  return h(
    "li",
    {},
    `Target ${sign} ${shownValue(t.value, unit)} by ${t.due}: `,
    h("span", { class: `badge status-${t.status}` }, STATUS[t.status] || t.status),
    ` (${t.why})`,
    owners,
  );
}

function figureCard(figure, index) {
  const id = `figure-${index}`;
  const chart = h("div", { class: "chart", id: `${id}-chart` });
  const targets = figure.targets || [];
  const rows = figure.series.map((p) => [
    p.quarter,
    shownValue(p.value, figure.unit),
    ...(targets.length ? [shownValue(targets[0].value, figure.unit)] : []),
  ]);
  const card = h(
    "section",
    { class: "figure", "aria-labelledby": id },
    h("h2", { id }, figure.title, figure.recorded ? h("span", { class: "badge" }, "recorded") : null),
    h(
      "p",
      { class: "latest" },
      figure.latest === null || figure.latest === undefined
        ? "Nothing to measure in the latest quarter."
        : `Latest: ${shownValue(figure.latest, figure.unit)}, ${change(figure)}.`,
    ),
    targets.length ? h("ul", { class: "targets" }, targets.map((t) => targetLine(t, figure.unit))) : null,
    h(
      "div",
      { class: "figure-body" },
      chart,
      table(
        "series",
        `${figure.title} by quarter`,
        ["Quarter", "Value", ...(targets.length ? ["Target"] : [])],
        rows,
      ),
    ),
  );
  return { card, chart, spec: figure.chart };
}

async function draw(drawn) {
  try {
    const { embed, expr } = await vega();
    for (const { chart, spec, title } of drawn) {
      if (!spec) continue;
      await embed(chart, spec, {
        renderer: "svg",
        actions: false,
        ast: true,
        expr,
        // no <style> elements (the page's CSP allows only its own CSS): app.css styles them
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true },
        config: { background: "transparent" },
      });
      // The chart's own description, for screen readers; the table beside it has the numbers.
      const svg = chart.querySelector("svg");
      if (svg) svg.setAttribute("aria-label", `${title}: the chart of the table beside it`);
    }
  } catch (error) {
    for (const { chart } of drawn) {
      chart.replaceChildren(h("p", { class: "muted" }, `The chart could not be drawn: ${error.message}`));
    }
  }
}

function decisionsTable(decisions) {
  return table(
    "decisions",
    "Decisions and retrospectives",
    ["Quarter", "What", "Owner", "Due", "Status", "Follow-up"],
    decisions.map((d) => [
      d.quarter,
      `${d.kind === "retrospective" ? "Retrospective: " : ""}${d.text}`,
      d.owner_name || "—",
      d.due || "—",
      d.status,
      d.follow_up || "—",
    ]),
    "No decisions logged yet.",
  );
}

const filters = { department: "", family: "" };

async function body() {
  const params = {};
  if (filters.department) params.department = filters.department;
  if (filters.family) params.family = filters.family;
  const [card, { roles }] = await Promise.all([
    api.get("/v1/scorecard", params),
    api.getAll("/v1/roles", "roles"),
  ]);
  const departments = [...new Set(roles.map((r) => r.department).filter(Boolean))].sort();
  const families = [...new Set(roles.map((r) => r.family).filter(Boolean))].sort();
  const refresh = () => {
    const el = document.getElementById("scorecard-body");
    el.replaceChildren(section(body));
    announce("Scorecard updated");
  };
  const controls = h(
    "div",
    { class: "filters" },
    select("sc-department", "Department", [["", "All departments"], ...departments.map((d) => [d, d])], filters.department, (v) => {
      filters.department = v;
      refresh();
    }),
    select("sc-family", "Role family", [["", "All role families"], ...families.map((f) => [f, f])], filters.family, (v) => {
      filters.family = v;
      refresh();
    }),
  );
  const drawn = card.figures.map((f, i) => ({ ...figureCard(f, i), title: f.title }));
  const whole = !filters.department && !filters.family && session.me.role !== "manager";
  let decisions = null;
  if (whole) {
    const log = await api.get("/v1/decisions");
    decisions = h("section", { class: "decisions" }, h("h2", {}, "Decisions log"), decisionsTable(log.decisions));
  }
  draw(drawn);
  return [
    controls,
    h(
      "p",
      { class: "muted" },
      `Figures for ${card.scope}, as of ${card.as_of}, each over the ${card.window_months} months to a quarter's end. Retention counts ${card.definition}.`,
      whole ? "" : " Targets and recorded series are the organisation's: shown without filters.",
    ),
    h("div", { class: "figures" }, drawn.map((d) => d.card)),
    decisions,
  ];
}

export function scorecardView() {
  page("HR–IT scorecard", h("div", { id: "scorecard-body" }, section(body)));
}
