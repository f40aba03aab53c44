// The shell every view shares: the page regions, who is signed in, navigation by role, and
// small building blocks (a page, a section filled by a loader, a select field).

import * as api from "./api.js";
import { h, problem } from "./render.js";

export const main = document.getElementById("main");
export const header = document.getElementById("header");
export const dialog = document.getElementById("record");
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
    links.push(["#/teams", "Teams"]);
  } else {
    links.push(["#/people", "People"], ["#/teams", "Teams"], ["#/plans", "Plans"]);
  }
  if (CURATORS.has(session.me.role)) links.push(["#/ingest", "Ingest"]);
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
        session.me.name ? `${session.me.name} · ` : "",
        h("span", { class: "badge role" }, session.me.role),
      ),
      h("button", { type: "button", class: "small", onclick: signOut }, "Sign out"),
    ),
  );
}

export function signOut() {
  api.setKey(null);
  sessionStorage.removeItem("talent-insights.chats");
  session.me = null;
  location.hash = "";
  restart();
}

export function page(title, ...children) {
  document.title = `${title} · talent-insights`;
  main.replaceChildren(h("h1", {}, title), ...children);
  main.focus({ preventScroll: true });
}

export function loading() {
  return h("p", { class: "muted", role: "status" }, "Loading…");
}

// A section filled by an async loader; errors (403, 404…) are shown in place.
export function section(loader) {
  const el = h("div", { class: "section" }, loading());
  loader()
    .then((content) => el.replaceChildren(...[content].flat().filter(Boolean)))
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
