// Renders /openapi.json as a readable reference: FastAPI's own docs page would load Swagger UI
// from a CDN, and detente's pages load nothing from outside the server.
"use strict";

(function () {
  const el = (tag, attrs, ...kids) => {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") n.className = v; else if (k === "text") n.textContent = v; else n.setAttribute(k, v);
    }
    for (const k of kids) if (k !== null && k !== undefined) n.append(k instanceof Node ? k : String(k));
    return n;
  };

  function resolve(spec, schema) {
    let s = schema || {};
    for (let i = 0; s.$ref && i < 10; i++) s = spec.components.schemas[s.$ref.split("/").pop()] || {};
    return s;
  }

  function typeOf(spec, s) {
    s = s || {};
    if (s.$ref) return s.$ref.split("/").pop();
    if (s.anyOf) return s.anyOf.map((x) => typeOf(spec, x)).join(" | ");
    if (s.enum) return s.enum.map((x) => JSON.stringify(x)).join(" | ");
    if (s.type === "array") return `array of ${typeOf(spec, s.items)}`;
    if (s.const !== undefined) return JSON.stringify(s.const);
    return s.type || "any";
  }

  function fieldsTable(spec, schema, seen) {
    const s = resolve(spec, schema);
    const props = s.properties || {};
    const req = new Set(s.required || []);
    const table = el("table", { class: "fields" },
      el("thead", {}, el("tr", {}, el("th", { text: "field" }), el("th", { text: "type" }), el("th", { text: "description" }))));
    const body = el("tbody");
    const nested = [];
    for (const [name, p] of Object.entries(props)) {
      const desc = [p.description, p.maxItems ? `at most ${p.maxItems} items` : null,
        p.default !== undefined && p.default !== null ? `default ${JSON.stringify(p.default)}` : null].filter(Boolean).join(" · ");
      body.append(el("tr", {},
        el("td", {}, el("code", { text: name }), req.has(name) ? el("span", { class: "req", text: "required" }) : null),
        el("td", {}, el("code", { text: typeOf(spec, p) })),
        el("td", { text: desc })));
      const inner = p.items && p.items.$ref ? p.items : null;
      if (inner && !seen.has(inner.$ref)) { seen.add(inner.$ref); nested.push(inner); }
    }
    table.append(body);
    const out = [table];
    for (const n of nested) out.push(el("h3", { text: n.$ref.split("/").pop() }), ...fieldsTable(spec, n, seen));
    return out;
  }

  function curl(path, method, example) {
    const data = example ? ` \\\n  -H 'Content-Type: application/json' \\\n  -d '${JSON.stringify(example)}'` : "";
    return `curl -s ${method === "get" ? "" : "-X POST "}${location.origin}${path}${data}`;
  }

  function endpoint(spec, path, method, op) {
    const d = el("details", { class: "card endpoint" });
    d.append(el("summary", {}, el("span", { class: `method ${method}`, text: method.toUpperCase() }),
      el("span", { class: "path", text: path }), el("span", { class: "sum", text: op.summary || "" })));
    const body = el("div", { class: "body" });
    if (op.description) body.append(el("p", { text: op.description }));
    const rb = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
    let example = null;
    if (rb) {
      const s = resolve(spec, rb.schema);
      body.append(el("h3", { text: "Request body" }), ...fieldsTable(spec, rb.schema, new Set()));
      example = (s.examples && s.examples[0]) || null;
      if (!example && s.properties && s.properties.documents) {
        const item = resolve(spec, s.properties.documents.items);
        if (item.examples) example = { documents: [item.examples[0]] };
      }
    }
    body.append(el("h3", { text: "Example" }), el("pre", { text: curl(path, method, example) }));
    const codes = el("div", { class: "codes" });
    let sample = null;
    for (const [code, r] of Object.entries(op.responses || {})) {
      codes.append(el("div", {}, el("b", { text: code }), " ", r.description || ""));
      const ex = r.content && r.content["application/json"] && r.content["application/json"].example;
      if (ex && code === "200") sample = ex;
    }
    body.append(el("h3", { text: "Responses" }), codes);
    if (sample) body.append(el("h3", { text: "Example response" }), el("pre", { text: JSON.stringify(sample, null, 2) }));
    d.append(body);
    return d;
  }

  document.addEventListener("DOMContentLoaded", async () => {
    const root = document.getElementById("api");
    try {
      const spec = await (await fetch("/openapi.json")).json();
      root.replaceChildren(
        el("h1", { text: `${spec.info.title} API ${spec.info.version}` }),
        el("p", { class: "intro", text: spec.info.description || "" }));
      for (const [path, ops] of Object.entries(spec.paths))
        for (const [method, op] of Object.entries(ops)) root.append(endpoint(spec, path, method, op));
      for (const d of root.querySelectorAll("details")) if (d.querySelector(".method.post")) d.open = true;
    } catch (e) {
      root.replaceChildren(el("p", { class: "error", text: `could not load /openapi.json: ${e.message}` }));
    }
  });
})();
