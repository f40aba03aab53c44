// Learning plans: the list the caller may see, and one plan to review, approve and track.

import * as api from "../api.js";
import { h, planTimeline, problem, statusBadge } from "../render.js";
import { canDecide, main, page, select, session } from "../shell.js";

export async function plansList() {
  const status = new URLSearchParams(location.hash.split("?")[1] || "").get("status") || "";
  const data = await api.getAll("/v1/plans", "plans", { status });
  const names = {};
  try {
    // the first thousand people name the plans; beyond that the ids do
    for (const e of (await api.get("/v1/employees", { limit: 1000 })).employees) names[e.employee_id] = e.name;
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

export async function planView(id, notice = null) {
  // The ETag is the version shown: a decision or a tick on a plan changed since then gets
  // 412, and the page says so and shows the plan as it is now.
  const { body: plan, etag } = await api.getTagged(`/v1/plans/${encodeURIComponent(id)}`);
  // Names for the ids; the ids stand if a lookup is refused.
  const [person, role] = await Promise.all([
    api.get(`/v1/employees/${encodeURIComponent(plan.employee_id)}`).catch(() => null),
    plan.role_id ? api.get(`/v1/roles/${encodeURIComponent(plan.role_id)}`).catch(() => null) : null,
  ]);
  page(`Plan ${plan.plan_id}`);
  const own = session.me.employee_id === plan.employee_id;
  const out = h("div", { "aria-live": "polite" }, notice ? h("p", { class: "error", role: "alert" }, notice) : null);
  const comment = h("textarea", { id: "decision-comment", rows: "2", maxlength: "2000" });
  const changed = async (error) => {
    if (error.status !== 412) return false;
    await planView(id, `Not saved: ${error.message} Below is the plan as it is now.`);
    return true;
  };
  const decide = async (status) => {
    try {
      await api.send("PATCH", `/v1/plans/${encodeURIComponent(id)}`, { status, comment: comment.value }, etag);
      await planView(id);
    } catch (error) {
      if (!(await changed(error))) out.replaceChildren(problem(error));
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
  const trackable = ["approved", "in_progress"].includes(plan.status) && session.me.role !== "evaluator";
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
                undefined,
                etag,
              );
              await planView(id);
            } catch (error) {
              if (!(await changed(error))) out.replaceChildren(problem(error));
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
