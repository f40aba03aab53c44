// The app: sign-in, then routing to one view per screen (views/). Every screen is built from
// the public API; what a role may not see is refused by the API and shown as such here.

import * as api from "./api.js";
import * as oidc from "./oidc.js";
import { h, problem, shown } from "./render.js";
import { header, moved, nav, onSignOut, page, section, session } from "./shell.js";
import { chatView } from "./views/chat.js";
import { peopleList, personView } from "./views/people.js";
import { teamView, teamsList } from "./views/teams.js";
import { planView, plansList } from "./views/plans.js";
import { ingestView } from "./views/ingest.js";
import { scorecardView } from "./views/scorecard.js";
import { rolePage } from "./views/roles.js";
import { programmeView, programmesList } from "./views/programmes.js";
import { initiativeView, initiativesList } from "./views/initiatives.js";

async function route() {
  if (!session.me) return;
  const hash = location.hash || "#/chat";
  const [path] = hash.slice(1).split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  nav();
  try {
    if (parts[0] === "people" && parts[1]) await personView(parts[1]);
    else if (parts[0] === "people") page("People", section(peopleList));
    else if (parts[0] === "teams" && parts[1]) await teamView(parts[1], parts[2]);
    else if (parts[0] === "teams") page("Teams", section(teamsList));
    else if (parts[0] === "plans" && parts[1]) await planView(parts[1]);
    else if (parts[0] === "plans")
      page(session.me.role === "employee" ? "My plans" : "Learning plans", section(plansList));
    else if (parts[0] === "roles" && parts[1]) await rolePage(parts[1]);
    else if (parts[0] === "programmes" && parts[1]) await programmeView(parts[1]);
    else if (parts[0] === "programmes") page("Cross-training", section(programmesList));
    else if (parts[0] === "initiatives" && parts[1]) await initiativeView(parts[1]);
    else if (parts[0] === "initiatives") page("AI initiatives", section(initiativesList));
    else if (parts[0] === "ingest") page("Ingest documents", section(ingestView));
    else if (parts[0] === "scorecard") scorecardView();
    else chatView();
  } catch (error) {
    page(
      error.status === 403 ? "Not allowed" : error.status === 404 ? "Not found" : "Something went wrong",
      problem(error),
    );
  }
}

async function signIn(message) {
  header.replaceChildren(h("span", { class: "brand" }, "talent-insights"));
  const provider = (await oidc.config()).sign_in;
  const key = h("input", {
    id: "api-key",
    name: "api-key",
    type: "password",
    autocomplete: "off",
    required: true,
    spellcheck: "false",
  });
  // With an identity provider configured, its button comes first; keys stay for scripts,
  // demos and people the provider does not know.
  const withProvider = provider
    ? h(
        "div",
        { class: "signin" },
        h(
          "button",
          {
            type: "button",
            class: "primary",
            onclick: () => oidc.begin(provider).catch((error) => signIn(error.message)),
          },
          `Sign in with ${provider.provider}`,
        ),
      )
    : "";
  page(
    "Sign in",
    withProvider,
    h(
      "form",
      {
        class: "signin",
        onsubmit: async (event) => {
          event.preventDefault();
          moved.yet = true; // signed in: the focus goes to what comes next
          api.setKey(key.value.trim());
          await start();
        },
      },
      h(
        "p",
        {},
        provider ? "Or paste an API key. " : "Paste the API key you were given. ",
        "`make run` prints a demo key per role. It is kept in this browser tab only.",
      ),
      h("div", { class: "field" }, h("label", { for: "api-key" }, "API key"), key),
      message ? h("p", { class: "error", role: "alert" }, message) : null,
      h("button", { type: "submit", class: provider ? "" : "primary" }, "Sign in"),
    ),
  );
  if (!provider) key.focus();
}

async function start() {
  try {
    const token = await oidc.finish(); // back from the identity provider?
    if (token) api.setKey(token);
  } catch (error) {
    return signIn(error.message);
  }
  if (!api.getKey()) return signIn();
  try {
    session.me = await api.get("/v1/me");
    shown.minGroup = session.me.min_group_size;
  } catch (error) {
    api.setKey(null);
    return signIn(
      error.status === 401 ? `That key or sign-in is not valid: ${error.message}` : error.message,
    );
  }
  await route();
}

onSignOut(start);
// A key revoked or a token expired while the app is open: sign in again, saying why.
api.onUnauthorized((reason) => {
  if (!session.me) return; // signing in: start() says what was wrong
  session.me = null;
  api.setKey(null);
  signIn(`You were signed out: ${reason || "your key or sign-in is no longer valid"}.`);
});
window.addEventListener("hashchange", () => {
  moved.yet = true;
  route();
});
start();
