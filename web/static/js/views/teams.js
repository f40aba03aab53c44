// Teams: the list, and one team's coverage, heatmap, AI readiness, build/buy/borrow and candidates.

import * as api from "../api.js";
import { candidateList, coverageTable, h } from "../render.js";
import { main, nav, page, section, select, session } from "../shell.js";

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

export async function teamView(team, tab) {
  page(`Team ${team}`);
  const tabs = [
    ["heatmap", "Heatmap"],
    ["coverage", "Coverage & risks"],
    ["ai", "AI readiness"],
    ["advice", "Build / buy / borrow"],
    ["candidates", "Internal candidates"],
  ];
  if (session.me.role === "evaluator") tabs.splice(0, 1); // individuals: not for evaluators
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
      const roles = await api.getAll("/v1/roles", "roles");
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
