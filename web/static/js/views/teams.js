// Teams: the list, and one team's coverage, heatmap, AI readiness, build/buy/borrow and candidates.

import * as api from "../api.js";
import { adviceView, candidateList, coverageTable, h, heatmapView } from "../render.js";
import { announce, focusHeading, main, page, section, select, session } from "../shell.js";

export async function teamsList() {
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

const TABS = [
  ["heatmap", "Heatmap"],
  ["coverage", "Coverage & risks"],
  ["ai", "AI readiness"],
  ["advice", "Build / buy / borrow"],
  ["candidates", "Internal candidates"],
];

function tabContent(team, active) {
  const base = `/v1/teams/${encodeURIComponent(team)}`;
  if (active === "heatmap") {
    return section(async () => {
      const [map, coverage] = await Promise.all([
        api.get(`${base}/heatmap`),
        api.get(`${base}/gaps`).catch(() => null),
      ]);
      return heatmapView(map, coverage);
    });
  }
  if (active === "coverage") return section(async () => coverageTable(await api.get(`${base}/gaps`)));
  if (active === "ai") {
    return section(async () => {
      const data = await api.get(`${base}/gaps`, { ai: true });
      return [h("p", {}, "Coverage of the AI competencies the team's roles require."), coverageTable(data)];
    });
  }
  if (active === "advice") return section(async () => adviceView(await api.get(`${base}/advice`)));
  const out = h("div", { "aria-live": "polite" });
  return section(async () => {
    const roles = await api.getAll("/v1/roles", "roles");
    return [
      h(
        "p",
        {},
        `People from every team you may see, not only ${team}, ranked by readiness for the role you choose.`,
      ),
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

// The ARIA tabs pattern: arrow keys, Home and End move between tabs; Enter, Space or a
// click shows one, and the focus moves to its panel's heading, with the change announced.
export async function teamView(team, tab) {
  page(`Team ${team}`);
  // Only what the caller may open: evaluators see no individuals (heatmap, candidates).
  const tabs = TABS.filter(
    ([id]) => !(session.me.role === "evaluator" && (id === "heatmap" || id === "candidates")),
  );
  let active = tabs.some(([id]) => id === tab) ? tab : tabs[0][0];
  const panel = h("div", { role: "tabpanel", id: "team-panel" });
  const buttons = tabs.map(([id, label]) =>
    h(
      "button",
      { type: "button", role: "tab", id: `tab-${id}`, "aria-controls": "team-panel", dataset: { tab: id } },
      label,
    ),
  );
  function show(id, moveFocus) {
    active = id;
    const label = tabs.find(([t]) => t === id)[1];
    for (const button of buttons) {
      const selected = button.dataset.tab === id;
      button.setAttribute("aria-selected", String(selected));
      button.tabIndex = selected ? 0 : -1;
    }
    panel.setAttribute("aria-labelledby", `tab-${id}`);
    const heading = h("h2", { tabindex: "-1" }, `${label} · ${team}`);
    panel.replaceChildren(heading, tabContent(team, id));
    // the address follows the tab, without re-drawing the page
    history.replaceState(null, "", `#/teams/${encodeURIComponent(team)}/${id}`);
    if (moveFocus) {
      focusHeading(heading);
      announce(`${label} of ${team} shown`);
    }
  }
  const list = h("div", { role: "tablist", "aria-label": "Team views", class: "tabs" }, buttons);
  list.addEventListener("keydown", (event) => {
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    buttons[(to + buttons.length) % buttons.length].focus();
  });
  for (const button of buttons) button.addEventListener("click", () => show(button.dataset.tab, true));
  main.append(list, panel);
  show(active, false);
}
