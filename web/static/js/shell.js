// The shell every view shares: the page regions, who is signed in, navigation by role, and
// small building blocks (a page, a section filled by a loader, a select field).

import * as api from "./api.js";
import { h, problem, scrollable } from "./render.js";

export const main = document.getElementById("main");
export const header = document.getElementById("header");
export const dialog = document.getElementById("record");
const statusRegion = document.getElementById("status");

// A short message screen readers announce (the page changed, a decision was saved).
export function announce(message) {
  if (!statusRegion) return;
  statusRegion.textContent = "";
  // a new text node after a tick, so the same message twice is announced twice
  setTimeout(() => {
    statusRegion.textContent = message;
  }, 50);
}

// Move focus to a heading (new content) without scrolling past it.
export function focusHeading(heading) {
  if (!heading) return;
  heading.setAttribute("tabindex", "-1");
  heading.focus({ preventScroll: false });
}
// Who the key speaks for (GET /v1/me), set at sign-in.
export const session = { me: null };
// What signing out leads to (the app sets it: back to the sign-in page).
let restart = () => {};
export const onSignOut = (fn) => {
  restart = fn;
};

export const CURATORS = new Set(["hr", "admin"]);
export const canDecide = () => CURATORS.has(session.me.role) || session.me.role === "manager";

export function nav() {
  const links = [["#/chat", "Chat"]];
  if (session.me.role === "employee") {
    links.push([`#/people/${session.me.employee_id}`, "My profile"], ["#/plans", "My plans"]);
  } else if (session.me.role === "evaluator") {
    links.push(["#/teams", "Teams"], ["#/scorecard", "Scorecard"]);
  } else {
    links.push(["#/people", "People"], ["#/teams", "Teams"], ["#/plans", "Plans"]);
    links.push(["#/scorecard", "Scorecard"]);
  }
  links.push(["#/programmes", "Cross-training"], ["#/initiatives", "AI initiatives"]);
  if (CURATORS.has(session.me.role)) links.push(["#/ingest", "Ingest"]);
  const here = location.hash || "#/chat";
  const anchors = links.map(([href, label]) =>
    h("a", { href, "aria-current": here.startsWith(href) ? "page" : null }, label),
  );
  header.replaceChildren(
    h("a", { class: "brand", href: "#/chat" }, "talent-insights"),
    h("nav", { "aria-label": "Main" }, h("ul", {}, anchors.map((a) => h("li", {}, a)))),
    h(
      "div",
      { class: "whoami" },
      h(
        "span",
        { id: "whoami" },
        session.me.name ? `${session.me.name} · ` : "",
        h("span", { class: "badge role" }, session.me.role),
      ),
      h("button", { type: "button", class: "small", onclick: signOut }, "Sign out"),
    ),
  );
  if (canDecide()) plansToDecide(anchors.find((a) => a.getAttribute("href") === "#/plans"));
}

// Drafts waiting for this caller's decision, counted beside "Plans"; the link opens them.
// Counted once a minute at most (the navigation is drawn on every move) and again after a
// plan changes (`plansChanged`).
const WAITING_FOR_S = 60;
let waitingCount = null; // {total: a promise, shared by navigations meanwhile; at}
export const plansChanged = () => {
  waitingCount = null;
};

async function plansToDecide(link) {
  if (!link) return;
  try {
    if (!waitingCount || Date.now() - waitingCount.at > WAITING_FOR_S * 1000) {
      const total = api.get("/v1/plans", { to_decide: true, limit: 1 }).then((d) => d.total);
      waitingCount = { total, at: Date.now() };
      total.catch(() => {
        waitingCount = null; // asked again on the next move
      });
    }
    const waiting = await waitingCount.total;
    if (!waiting) return;
    link.setAttribute("href", "#/plans?status=to_decide");
    link.setAttribute("aria-label", `Plans, ${waiting} to decide`);
    link.append(" ", h("span", { class: "count", "aria-hidden": "true" }, String(waiting)));
  } catch {
    // the count is a convenience; the list still opens
  }
}

export function signOut() {
  api.setKey(null);
  plansChanged();
  sessionStorage.removeItem("talent-insights.chats");
  session.me = null;
  location.hash = "";
  restart();
}

// Whether the person has moved within the app (signed in, followed a link): a page loaded
// afresh keeps the focus at the top, where the skip link is.
export const moved = { yet: false };

// A new page: after a move within the app its heading takes the focus (so keyboard and
// screen-reader users start at the new content), and the change is announced.
export function page(title, ...children) {
  document.title = `${title} · talent-insights`;
  const heading = h("h1", { tabindex: "-1" }, title);
  main.replaceChildren(heading, ...children);
  if (moved.yet) {
    focusHeading(heading);
    announce(`${title} page`);
  }
}

export function loading() {
  return h("p", { class: "muted", role: "status" }, "Loading…");
}

// A section filled by an async loader; errors (403, 404…) are shown in place.
export function section(loader) {
  const el = h("div", { class: "section" }, loading());
  loader()
    .then((content) => {
      el.replaceChildren(...[content].flat().filter(Boolean));
      scrollable(el);
    })
    .catch((error) => el.replaceChildren(problem(error)));
  return el;
}

export function select(id, label, options, value, onchange) {
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
