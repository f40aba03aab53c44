// Learning plans: the list the caller may see, and one plan to review, approve and track.

import * as api from "../api.js";
import { dateTime, h, planTimeline, problem, statusBadge } from "../render.js";
import {
  announce,
  canDecide,
  focusHeading,
  main,
  nav,
  page,
  plansChanged,
  select,
  session,
} from "../shell.js";

const STATUSES = [
  ["", "all"],
  ["draft", "draft"],
  ["approved", "approved"],
  ["rejected", "rejected"],
  ["in_progress", "in progress"],
  ["completed", "completed"],
];

// Newest first, by person, role and the time each was drafted; a decider's drafts to decide
// are one choice of the filter (and counted in the navigation).
export async function plansList() {
  const status = new URLSearchParams(location.hash.split("?")[1] || "").get("status") || "";
  const toDecide = status === "to_decide";
  const data = await api.getAll(
    "/v1/plans",
    "plans",
    toDecide ? { to_decide: true } : { status },
  );
  const options = canDecide() ? [["to_decide", "to decide (mine)"], ...STATUSES] : STATUSES;
  const noun = data.plans.length === 1 ? "plan" : "plans";
  const caption = toDecide
    ? `${data.plans.length} ${noun} waiting for your decision, newest first`
    : `${data.plans.length} ${noun}${status ? ` (${status.replace("_", " ")})` : ""}, newest first`;
  return [
    select("plan-status", "Status", options, status, (value) => {
      location.hash = value ? `#/plans?status=${value}` : "#/plans";
    }),
    h(
      "table",
      { class: "plans" },
      h("caption", {}, caption),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Person", "Towards", "Drafted", "Horizon", "Status"].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h(
        "tbody",
        {},
        data.plans.length
          ? data.plans.map((p) =>
              h(
                "tr",
                {},
                h(
                  "th",
                  { scope: "row" },
                  h(
                    "a",
                    {
                      href: `#/plans/${encodeURIComponent(p.plan_id)}`,
                      "aria-label": `${p.employee_name}'s plan${p.role_title ? ` towards ${p.role_title}` : ""}, drafted ${dateTime(p.created_at)}`,
                    },
                    p.employee_name,
                  ),
                ),
                h("td", {}, p.role_title || "own skills"),
                h("td", {}, h("time", { datetime: `${p.created_at}Z` }, dateTime(p.created_at))),
                h("td", {}, `${p.weeks} weeks × ${p.hours_per_week} h`),
                h("td", {}, statusBadge(p.status), p.may_decide ? h("span", { class: "badge warn" }, "to decide") : null),
              ),
            )
          : h("tr", {}, h("td", { colspan: "5" }, toDecide ? "Nothing waits for your decision." : "No plans.")),
      ),
    ),
  ];
}

export async function planView(id, notice = null, saved = null) {
  // The ETag is the version shown: a decision or a tick on a plan changed since then gets
  // 412, and the page says so and shows the plan as it is now.
  const { body: plan, etag } = await api.getTagged(`/v1/plans/${encodeURIComponent(id)}`);
  page(`${plan.employee_name}'s learning plan`);
  if (saved) {
    focusHeading(main.querySelector("h1")); // the decision's result, read from the top
    announce(saved);
  }
  const own = session.me.employee_id === plan.employee_id;
  const out = h(
    "div",
    { "aria-live": "polite" },
    notice ? h("p", { class: "error", role: "alert" }, notice) : null,
    saved ? h("p", { class: "saved", role: "status" }, saved) : null,
  );
  const comment = h("textarea", { id: "decision-comment", rows: "2", maxlength: "2000" });
  const changed = async (error) => {
    if (error.status !== 412) return false;
    await planView(id, `Not saved: ${error.message} Below is the plan as it is now.`);
    return true;
  };
  const decide = async (status) => {
    try {
      await api.send("PATCH", `/v1/plans/${encodeURIComponent(id)}`, { status, comment: comment.value }, etag);
      plansChanged(); // one fewer to decide: the navigation counts again
      nav();
      await planView(id, null, `Plan ${status}. ${plan.employee_name} and the portal are told.`);
    } catch (error) {
      if (!(await changed(error))) out.replaceChildren(problem(error));
    }
  };
  const decision =
    plan.may_decide && !own
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
              await planView(id, null, box.checked ? `Marked done: ${a.title}.` : `Marked not done: ${a.title}.`);
              document.getElementById(`done-${index}`)?.focus(); // stay on the ticked action
            } catch (error) {
              if (!(await changed(error))) out.replaceChildren(problem(error));
            }
          });
          return h(
            "div",
            { class: "check" },
            box,
            h("label", { for: `done-${index}` }, a.title),
            evidenceNote(a),
          );
        }),
      )
    : null;
  const progress = plan.progress && plan.progress.total ? progressBar(plan.progress) : null;
  main.append(
    ...[
      h(
        "p",
        {},
        "For ",
        h("a", { href: `#/people/${plan.employee_id}` }, plan.employee_name),
        plan.role_title ? `, towards ${plan.role_title}` : ", for their own skills",
        ` · drafted ${dateTime(plan.created_at)}`,
        plan.created_by_name ? ` by ${plan.created_by_name}` : "",
      ),
      plan.decided_by_name
        ? h(
            "p",
            { class: "muted" },
            `Decided by ${plan.decided_by_name} on ${dateTime(plan.decided_at)}${plan.comment ? `: “${plan.comment}”` : ""}`,
          )
        : null,
      out,
      planTimeline(plan),
      decision,
      progress,
      checklist,
    ].filter(Boolean), // append() would print a null
  );
}

// How far the plan has got: actions and hours done.
function progressBar(progress) {
  const text = `${progress.done} of ${progress.total} actions done (${progress.hours_done} of ${progress.hours_total} hours)`;
  return h(
    "p",
    { class: "plan-progress", id: "plan-progress" },
    h("progress", { max: String(progress.total), value: String(progress.done), "aria-label": "Plan progress" }),
    ` ${text}`,
  );
}

// What says an action is done when nobody ticked it: a course completion the LMS reported.
function evidenceNote(action) {
  if (!action.evidence) return null;
  const e = action.evidence;
  return h("span", { class: "muted evidence" }, ` — ${e.source} reported by ${e.reported_by} on ${e.on}`);
}
