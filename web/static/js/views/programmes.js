// Cross-training programmes: the list, HR's draft form, and one programme: its tracks, each
// cohort's progress and milestones, the pairs and people's progress the caller may see
// (GET /v1/programmes/{id}: the same as chat's programme_status). Nobody is ranked: people
// are listed by name, and milestones are the cohort's.

import * as api from "../api.js";
import { h, pct, personLink, problem, readinessMeter, shown as limits, statusBadge, table } from "../render.js";
import { CURATORS, announce, main, page, session } from "../shell.js";

const MILESTONE = { 0.25: "a quarter", 0.5: "half", 0.75: "three quarters", 1: "all" };

export async function programmesList() {
  const data = await api.get("/v1/programmes");
  const out = h("div", { "aria-live": "polite" });
  const parts = [
    table(
      "programmes",
      `${data.programmes.length} cross-training ${data.programmes.length === 1 ? "programme" : "programmes"}`,
      ["Programme", "Departments", "Runs", "Taking part", "Status"],
      data.programmes.map((p) => [
        h("a", { href: `#/programmes/${encodeURIComponent(p.programme_id)}` }, p.title),
        p.departments.join(" and "),
        `${p.starts} to ${p.ends}`,
        String(p.participants),
        statusBadge(p.status),
      ]),
      "No programme yet.",
    ),
  ];
  if (CURATORS.has(session.me.role)) {
    const first = h("input", { id: "programme-first", value: "HR", required: true, maxlength: "128" });
    const second = h("input", { id: "programme-second", value: "IT", required: true, maxlength: "128" });
    const quarter = h("input", { id: "programme-quarter", placeholder: "e.g. 2027Q1", maxlength: "6" });
    parts.push(
      h("h2", {}, "Draft a programme"),
      h(
        "form",
        {
          class: "inline-form",
          onsubmit: async (event) => {
            event.preventDefault();
            try {
              const made = await api.send("POST", "/v1/programmes", {
                first_department: first.value.trim(),
                second_department: second.value.trim(),
                quarter: quarter.value.trim() || null,
              });
              location.hash = `#/programmes/${made.programme_id}`;
            } catch (error) {
              out.replaceChildren(problem(error));
            }
          },
        },
        h("div", { class: "field" }, h("label", { for: "programme-first" }, "Department"), first),
        h("div", { class: "field" }, h("label", { for: "programme-second" }, "With department"), second),
        h("div", { class: "field" }, h("label", { for: "programme-quarter" }, "Quarter (default: the next)"), quarter),
        h("button", { type: "submit", class: "primary" }, "Draft the programme"),
      ),
      out,
    );
  }
  return parts;
}

function cohortTable(data) {
  return table(
    "cohorts",
    "Cohorts: each department's participants together",
    ["Cohort", "Taking part", "Actions done", "Mean readiness in the track", "Milestones"],
    data.cohorts.map((c) =>
      c.suppressed
        ? [
            c.department,
            c.participants ? `fewer than ${limits.minGroup}` : "nobody yet",
            "not shown",
            "not shown",
            "",
          ]
        : [
            c.department,
            `${c.participants} of ${data.invited[c.department]}`,
            `${c.actions_done} of ${c.actions} (${pct(c.share_done)})`,
            readinessMeter(c.mean_readiness, ""),
            c.milestones.length
              ? `${MILESTONE[c.milestones[c.milestones.length - 1]]} of the cohort's actions done`
              : "none yet",
          ],
    ),
  );
}

function trackView(data, track, reload) {
  const mine = data.mine && data.mine.track_id === track.track_id ? data.mine : null;
  const done = new Set(mine ? mine.done : []);
  return h(
    "section",
    { class: "programme-track" },
    h("h3", {}, `${track.title}: ${track.learners} learns from ${track.partners}`),
    h("p", {}, track.skills.map((s) => `${s.name} to level ${s.level}`).join(", ")),
    h(
      "ol",
      { class: "track-actions" },
      track.actions.map((a) =>
        h(
          "li",
          {},
          mine
            ? h(
                "label",
                {},
                h("input", {
                  type: "checkbox",
                  checked: done.has(a.index) ? "" : null,
                  disabled: done.has(a.index) ? "" : null,
                  onchange: async () => {
                    await api.send(
                      "POST",
                      `/v1/programmes/${data.programme_id}/participants/${mine.employee_id}/actions/${a.index}/done`,
                    );
                    announce(`Marked done: ${a.title}`);
                    reload();
                  },
                }),
                ` ${a.title} (${a.hours} h)`,
              )
            : `${a.title} (${a.hours} h)`,
        ),
      ),
    ),
  );
}

export async function programmeView(id) {
  const path = `/v1/programmes/${encodeURIComponent(id)}`;
  const data = await api.get(path);
  page(data.title);
  const reload = () => programmeView(id).catch((error) => main.replaceChildren(problem(error)));
  const act = (method, url, body) => async () => {
    try {
      await api.send(method, url, body);
      reload();
    } catch (error) {
      main.append(problem(error));
    }
  };
  const controls = [];
  if (CURATORS.has(session.me.role) && data.status === "draft") {
    controls.push(
      h("button", { type: "button", class: "primary", onclick: act("PATCH", path, { status: "approved", version: data.version }) }, "Approve"),
      h("button", { type: "button", onclick: act("PATCH", path, { status: "rejected", version: data.version }) }, "Reject"),
    );
  }
  // Only ever for the caller: taking part is each person's own choice.
  const me = session.me.employee_id;
  if (me && data.status === "approved") {
    const url = `${path}/participants/${encodeURIComponent(me)}`;
    controls.push(
      data.mine
        ? h("button", { type: "button", onclick: act("DELETE", url) }, "Leave the programme")
        : h("button", { type: "button", class: "primary", onclick: act("PUT", url) }, "Take part"),
    );
  }
  main.append(
    h(
      "p",
      {},
      statusBadge(data.status),
      ` ${data.departments.join(" and ")} learn from each other, ${data.starts} to ${data.ends}.`,
      data.status === "draft" ? " A draft: HR approves it before people can take part." : "",
    ),
    controls.length ? h("div", { class: "actions" }, controls) : "",
    data.mine
      ? h(
          "p",
          { class: "mine" },
          `You: ${data.mine.actions_done} of ${data.mine.actions} actions done; readiness in your track ${pct(data.mine.readiness)}`,
          data.mine.partner_ids.length ? "; your partner: " : "; no partner yet",
          data.mine.partners.map((p, n) => [n ? ", " : "", personLink(p.employee_id, p.name)]),
          ".",
        )
      : "",
    h("h2", {}, "Tracks"),
    ...data.tracks.map((t) => trackView(data, t, reload)),
    h("h2", {}, "Progress"),
    cohortTable(data),
    data.pairs.length
      ? table(
          "pairs",
          "Pairs: one from each department, matched by what each can teach the other",
          data.departments,
          data.pairs.map((p) =>
            data.departments.map((d) => {
              const m = p.members.find((x) => x.department === d);
              return m ? [personLink(m.employee_id, m.name), ` (teaches ${m.teaches} levels)`] : "";
            }),
          ),
        )
      : "",
    data.people.length > (data.mine ? 1 : 0)
      ? table(
          "participants",
          "Taking part, by name (nobody is ranked)",
          ["Person", "Department", "Actions done", "Readiness in the track"],
          data.people.map((p) => [
            personLink(p.employee_id, p.name),
            p.department,
            `${p.actions_done} of ${p.actions}`,
            readinessMeter(p.readiness, ""),
          ]),
        )
      : "",
  );
}
