// A role: what it requires, the roles it leads to and comes from, and where its holders came
// from and went (GET /v1/roles/{id} and /v1/roles/{id}/paths: the same as chat's get_role and
// role_paths).

import * as api from "../api.js";
import { h, rolePathsView, roleView, scrollable } from "../render.js";
import { main, page, section } from "../shell.js";

export async function rolePage(id) {
  const role = await api.get(`/v1/roles/${encodeURIComponent(id)}`);
  page(role.title);
  main.append(
    role.description ? h("p", {}, role.description) : "",
    scrollable(h("div", {}, roleView(role))),
    h("h2", {}, "Career paths"),
    section(async () => rolePathsView(await api.get(`/v1/roles/${encodeURIComponent(id)}/paths`))),
  );
}
