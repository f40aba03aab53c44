// Ingest (HR, admin): upload documents and frameworks, review inferred requirements.

import * as api from "../api.js";
import { h, pct, problem, roleView } from "../render.js";
import { loading, section, select } from "../shell.js";

export async function ingestView() {
  const skills = (await api.getAll("/v1/skills", "skills")).skills;
  const file = h("input", { id: "ingest-file", type: "file", required: true, accept: ".md,.txt,.pdf,.docx" });
  const kind = h(
    "select",
    { id: "ingest-kind", required: true },
    h("option", { value: "job_description" }, "job description"),
    h("option", { value: "profile" }, "employee profile"),
  );
  // Choose a role or a person by name (the list suggests them), or type a new role's id.
  const entity = h("input", {
    id: "ingest-entity",
    type: "text",
    required: true,
    list: "ingest-entities",
    autocomplete: "off",
    placeholder: "e.g. Data Engineer, Dana Okafor, or a new role's id",
  });
  const entities = h("datalist", { id: "ingest-entities" });
  Promise.all([
    api.getAll("/v1/roles", "roles").catch(() => ({ roles: [] })),
    api.get("/v1/employees", { limit: 1000 }).catch(() => ({ employees: [] })),
  ]).then(([roles, people]) =>
    entities.replaceChildren(
      ...roles.roles.map((r) => h("option", { value: r.role_id }, `${r.title} (role)`)),
      ...people.employees.map((e) => h("option", { value: e.employee_id }, `${e.name} (${e.team})`)),
    ),
  );
  const out = h("div", { "aria-live": "polite" });

  function review(roleId, found) {
    const skillName = (id) => (skills.find((s) => s.skill_id === id) || {}).name || id;
    const rows = found.map((q, i) => {
      // Each row's controls say which requirement they belong to (read out one by one).
      const what = q.evidence ? `“${q.evidence}”` : skillName(q.skill_id);
      const include = h("input", {
        type: "checkbox",
        id: `keep-${roleId}-${i}`,
        checked: true,
        "aria-label": `Keep the requirement ${what}`,
      });
      const skill = h(
        "select",
        { "aria-label": `Skill for ${what}` },
        skills.map((s) => h("option", { value: s.skill_id, selected: s.skill_id === q.skill_id }, s.name)),
      );
      const level = h("input", {
        type: "number",
        min: "1",
        max: "5",
        value: String(q.level),
        "aria-label": `Level for ${what}`,
      });
      const importance = h("input", {
        type: "number",
        min: "1",
        max: "5",
        value: String(q.importance),
        "aria-label": `Importance of ${what}`,
      });
      const row = h(
        "tr",
        {},
        h("td", {}, include),
        h("td", {}, skill),
        h("td", {}, level),
        h("td", {}, importance),
        h("td", { class: "num" }, q.confidence === undefined ? "declared" : pct(q.confidence)),
        h("td", {}, q.evidence ? h("q", { class: "span" }, q.evidence) : ""),
      );
      row.read = () =>
        include.checked
          ? {
              skill_id: skill.value,
              level: Number(level.value),
              importance: Number(importance.value),
              evidence: q.evidence,
            }
          : null;
      return row;
    });
    const result = h("div", { "aria-live": "polite" });
    return h(
      "section",
      { class: "review" },
      h("h3", {}, `Inferred requirements for ${roleId}`),
      h(
        "p",
        { class: "muted" },
        "Extracted from the text: check each one, correct the skill or level, untick what is wrong, then accept.",
      ),
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["Keep", "Skill", "Level", "Importance", "Confidence", "From the text"].map((t) =>
              h("th", { scope: "col" }, t),
            ),
          ),
        ),
        h("tbody", {}, rows),
      ),
      h(
        "button",
        {
          type: "button",
          class: "primary",
          onclick: async () => {
            try {
              const role = await api.send("PUT", `/v1/roles/${encodeURIComponent(roleId)}/requirements`, {
                requirements: rows.map((r) => r.read()).filter(Boolean),
              });
              result.replaceChildren(
                h(
                  "p",
                  { class: "ok-text", role: "status" },
                  `Saved ${role.requirements.length} requirements for ${role.title}.`,
                ),
                roleView(role),
              );
            } catch (error) {
              result.replaceChildren(problem(error));
            }
          },
        },
        "Accept requirements",
      ),
      result,
    );
  }

  const form = h(
    "form",
    {
      class: "upload",
      onsubmit: async (event) => {
        event.preventDefault();
        if (!file.files.length) return;
        const data = new FormData();
        data.append("file", file.files[0]);
        // The upload goes where these say; front matter naming another target is refused.
        data.append("kind", kind.value);
        data.append("entity_id", entity.value.trim());
        out.replaceChildren(loading());
        try {
          let report = await api.upload("/v1/documents", data);
          if (report.job_id) report = await followJob(report, out); // a large document
          const uploaded = new Set(report.documents.map((d) => d.role_id).filter(Boolean));
          const inferred = Object.entries(report.inferred_requirements || {}).filter(([roleId]) =>
            uploaded.has(roleId),
          );
          out.replaceChildren(
            h(
              "p",
              { role: "status", class: "ok-text" },
              `Stored: ${report.documents.map((d) => `${d.file} as ${d.kind.replace("_", " ")} for ${d.role_id || d.employee_id}${d.created_role ? " (new role)" : ""}`).join(", ")}.`,
            ),
            ...(inferred.length
              ? inferred.map(([roleId, found]) => review(roleId, found))
              : [
                  h(
                    "p",
                    { class: "muted" },
                    "No requirements were inferred (the role's declared requirements stand).",
                  ),
                ]),
          );
        } catch (error) {
          out.replaceChildren(problem(error));
        }
      },
    },
    h(
      "div",
      { class: "field" },
      h("label", { for: "ingest-file" }, "Document (.md, .txt, .pdf, .docx)"),
      file,
    ),
    h("div", { class: "field" }, h("label", { for: "ingest-kind" }, "Kind"), kind),
    h(
      "div",
      { class: "field" },
      h("label", { for: "ingest-entity" }, "For which role or person"),
      entity,
      entities,
    ),
    h("button", { type: "submit", class: "primary" }, "Upload"),
  );
  // A framework export: every file of it at once (ESCO CSVs, O*NET text files, native CSV/YAML).
  const frameworkFiles = h("input", {
    id: "framework-files",
    type: "file",
    multiple: true,
    required: true,
    accept: ".csv,.txt,.tsv,.yaml,.yml",
  });
  const frameworkOut = h("div", { "aria-live": "polite" });
  const frameworkForm = h(
    "form",
    {
      class: "upload",
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData();
        for (const f of frameworkFiles.files) data.append("files", f);
        frameworkOut.replaceChildren(loading());
        try {
          let report = await api.upload("/v1/frameworks", data);
          // A large upload is a job: follow it until it ends, showing how far it has got.
          if (report.job_id) report = await followJob(report, frameworkOut);
          frameworkOut.replaceChildren(
            h(
              "p",
              { role: "status", class: "ok-text" },
              `Framework imported (${report.format.toUpperCase()}).`,
            ),
            h(
              "table",
              {},
              h("caption", {}, "Records"),
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  ["records", "new", "updated", "unchanged"].map((t) => h("th", { scope: "col" }, t)),
                ),
              ),
              h(
                "tbody",
                {},
                Object.entries(report.counts).map(([name, c]) =>
                  h(
                    "tr",
                    {},
                    h("th", { scope: "row" }, name.replace("_", " ")),
                    h("td", { class: "num" }, c.inserted),
                    h("td", { class: "num" }, c.updated),
                    h("td", { class: "num" }, c.unchanged),
                  ),
                ),
              ),
            ),
          );
        } catch (error) {
          frameworkOut.replaceChildren(problem(error));
        }
      },
    },
    h(
      "div",
      { class: "field" },
      h("label", { for: "framework-files" }, "Framework files (ESCO, O*NET or native CSV/YAML)"),
      frameworkFiles,
    ),
    h("button", { type: "submit", class: "primary" }, "Import framework"),
  );

  // Roles whose requirements were read from a job description and still await a person.
  const pending = (await api.getAll("/v1/roles", "roles")).roles.filter((r) => r.inferred_requirements > 0);
  const pendingOut = h("div", { "aria-live": "polite" });
  const pendingList = pending.length
    ? h(
        "ul",
        {},
        pending.map((r) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "link",
                onclick: async () => {
                  const role = await api.get(`/v1/roles/${encodeURIComponent(r.role_id)}`);
                  pendingOut.replaceChildren(review(r.role_id, role.requirements));
                },
              },
              `${r.title} (${r.inferred_requirements} inferred)`,
            ),
          ),
        ),
      )
    : h("p", { class: "muted" }, "None: every role's requirements have been reviewed.");
  return [
    h(
      "p",
      {},
      "Upload job descriptions or employee profiles. Requirements read from a job description are marked inferred until you accept them.",
    ),
    h("h2", {}, "Documents"),
    form,
    out,
    h("h2", {}, "Competency frameworks"),
    frameworkForm,
    frameworkOut,
    h("h2", {}, "Waiting for review"),
    pendingList,
    pendingOut,
  ];
}

// A background job (GET /v1/jobs/{id}) followed until it ends, with a progress bar; its
// result, or an error naming what failed.
async function followJob(job, out) {
  const bar = h("progress", { id: "job-progress", max: "1", "aria-label": "Import progress" });
  const stage = h("span", { id: "job-stage" });
  out.replaceChildren(
    h(
      "div",
      { class: "job", role: "status" },
      h("label", { for: "job-progress" }, "Importing in the background (you may leave this page): "),
      bar,
      " ",
      stage,
    ),
  );
  for (;;) {
    stage.textContent = `${job.stage}${job.total ? ` — ${job.done} of ${job.total}` : ""}`;
    if (job.progress !== null && job.progress !== undefined) bar.value = job.progress;
    else bar.removeAttribute("value"); // indeterminate while the stage has no count
    if (job.state === "succeeded") return job.result;
    if (job.state === "failed") {
      throw new api.ApiError(422, { detail: `The import failed: ${job.errors.join("; ")}` });
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    job = await api.get(`/v1/jobs/${encodeURIComponent(job.job_id)}`);
  }
}
