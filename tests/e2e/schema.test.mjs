// The JSON Schema of the workspace file (public/schema/workspace.schema.json)
// accepts the sample file exported by the Rust test suite and refuses broken
// copies of it at the right place. Run: node --test tests/e2e/schema.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { describeErrors, schema, validateWorkspaceFile } from "./schema.mjs";

const samplePath = new URL("../fixtures/sample-workspace.json", import.meta.url);
const sampleText = readFileSync(samplePath, "utf8");
const sample = JSON.parse(sampleText);
// The sample project with a stored Monte Carlo run, exported on its own.
const simulatedPath = new URL("../fixtures/sample-project-simulated.json", import.meta.url);
const simulated = JSON.parse(readFileSync(simulatedPath, "utf8"));

/** A deep copy of the sample with `edit` applied. */
function edited(edit) {
  const copy = structuredClone(sample);
  edit(copy);
  return copy;
}

/** [instancePath, keyword] of each error, in Ajv's order. */
function where(errors) {
  return errors.map((e) => [e.instancePath, e.keyword]);
}

function assertValid(json) {
  const { valid, errors } = validateWorkspaceFile(json);
  assert.equal(valid, true, describeErrors(errors));
  assert.deepEqual(errors, []);
}

function assertRefused(json, expected) {
  const { valid, errors } = validateWorkspaceFile(json);
  assert.equal(valid, false, "the file should be refused");
  assert.deepEqual(where(errors), expected, describeErrors(errors));
  return errors;
}

test("the schema is draft 2020-12 with the published $id", () => {
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  assert.equal(schema.$id, "workspace.schema.json");
});

test("the exported sample workspace is valid", () => {
  assert.equal(sample.format, "msp-planner");
  assert.ok(sample.projects.length > 0 && sample.projects[0].tasks.length > 3, "sample has a project with tasks");
  assertValid(sampleText);
  assertValid(sample);
});

test("every property in the schema has a description", () => {
  const missing = [];
  const walk = (node, path) => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${path}/${i}`));
    } else if (node && typeof node === "object") {
      if (node.properties) {
        for (const [name, sub] of Object.entries(node.properties)) {
          if (typeof sub.description !== "string" || sub.description.trim() === "") {
            missing.push(`${path}/properties/${name}`);
          }
        }
      }
      for (const [key, sub] of Object.entries(node)) {
        // Conditions only restrict properties described next to them.
        if (!["if", "then", "else"].includes(key)) walk(sub, `${path}/${key}`);
      }
    }
  };
  walk(schema, "#");
  assert.deepEqual(missing, []);
});

test("a negative optimistic estimate is refused", () => {
  const errors = assertRefused(
    edited((f) => { f.projects[0].tasks[0].estimate.optimistic = -3; }),
    [["/projects/0/tasks/0/estimate/optimistic", "minimum"]],
  );
  assert.equal(errors[0].params.limit, 0);
});

test("a string where a number belongs is refused", () => {
  const errors = assertRefused(
    edited((f) => { f.projects[0].tasks[2].estimate.likely = "eight"; }),
    [["/projects/0/tasks/2/estimate/likely", "type"]],
  );
  assert.equal(errors[0].params.type, "number");
});

test("an unknown link kind is refused", () => {
  const errors = assertRefused(
    edited((f) => { f.projects[0].dependencies[0].kind = "XX"; }),
    [["/projects/0/dependencies/0/kind", "enum"]],
  );
  assert.deepEqual(errors[0].params.allowedValues, ["FS", "SS", "FF", "SF"]);
});

test("a missing required name is refused", () => {
  const task = assertRefused(
    edited((f) => { delete f.projects[0].tasks[1].name; }),
    [["/projects/0/tasks/1", "required"]],
  );
  assert.equal(task[0].params.missingProperty, "name");
  const top = assertRefused(edited((f) => { delete f.name; }), [["", "required"]]);
  assert.equal(top[0].params.missingProperty, "name");
});

test("a wrong format is refused", () => {
  const errors = assertRefused(edited((f) => { f.format = "trello"; }), [["/format", "const"]]);
  assert.equal(errors[0].params.allowedValue, "msp-planner");
});

test("a misspelt field is refused where it is", () => {
  const errors = assertRefused(
    edited((f) => { f.projects[0].tasks[0].estimte = f.projects[0].tasks[0].estimate; }),
    [["/projects/0/tasks/0", "additionalProperties"]],
  );
  assert.equal(errors[0].params.additionalProperty, "estimte");
});

test("ranges and written forms of the domain are enforced", () => {
  const cases = [
    [(f) => { f.schema_version = 2; }, [["/schema_version", "const"]]],
    [(f) => { f.schema_version = "3"; }, [["/schema_version", "const"]]],
    [(f) => { f.settings.currency = "dollars"; }, [["/settings/currency", "pattern"]]],
    [(f) => { f.settings.business_hours.mon[0].start = "8.30"; }, [["/settings/business_hours/mon/0/start", "pattern"]]],
    [(f) => { f.settings.holidays[0].date = "2026-02-30"; }, [["/settings/holidays/0/date", "format"]]],
    [(f) => { f.requests[0].received = "2026-11-23T09:15:00Z"; }, [["/requests/0/received", "pattern"]]],
    [(f) => { f.requests[0].category = "Break/fix"; }, [["/requests/0/category", "enum"]]],
    [(f) => { f.requests[0].devices = 2.5; }, [["/requests/0/devices", "type"]]],
    [(f) => { f.rate_card[0].hours_per_week = 200; }, [["/rate_card/0/hours_per_week", "maximum"]]],
    [(f) => { f.projects[0].tasks[0].units = 0; }, [["/projects/0/tasks/0/units", "exclusiveMinimum"]]],
    [(f) => { f.projects[0].tasks[0].percent_complete = 120; }, [["/projects/0/tasks/0/percent_complete", "maximum"]]],
    [(f) => { f.projects[0].tasks[0].name = "   "; }, [["/projects/0/tasks/0/name", "pattern"]]],
    [(f) => { f.projects[0].tasks[0].estimate = null; }, [["/projects/0/tasks/0/estimate", "type"]]],
    [(f) => { f.projects[0].pricing.contingency = { kind: "percent" }; },
      [["/projects/0/pricing/contingency", "required"], ["/projects/0/pricing/contingency", "if"]]],
    [(f) => { f.projects[0].pricing.contingency = { kind: "percent", percent: -1 }; },
      [["/projects/0/pricing/contingency/percent", "minimum"]]],
    [(f) => { f.projects[0].pricing.contingency = { kind: "risk_based", percent: 10 }; },
      [["/projects/0/pricing/contingency/percent", "false schema"], ["/projects/0/pricing/contingency", "if"]]],
    [(f) => { f.projects[0].pricing.contingency = { kind: "percent", percent: 10, pct: 5 }; },
      [["/projects/0/pricing/contingency", "additionalProperties"]]],
    [(f) => { f.projects[0].pricing.contingency = { kind: "fixed" }; },
      [["/projects/0/pricing/contingency/kind", "enum"]]],
    [(f) => { f.contents = "backup"; }, [["/contents", "enum"]]],
    [(f) => { f.exported_at = "2026-11-25T10:00:00.000Z"; }, [["/exported_at", "pattern"]]],
  ];
  for (const [edit, expected] of cases) assertRefused(edited(edit), expected);
});

test("optional fields may be left out or null", () => {
  assertValid({ format: "msp-planner", schema_version: 3, name: "Empty" });
  assertValid({
    format: "msp-planner",
    schema_version: 3,
    name: "Bare",
    settings: {},
    clients: [{ id: "c1", name: "Alder", business_hours: null }],
    contracts: [{ id: "k1", name: "Standard", kind: "block_hours", block_hours: 20 }],
    rate_card: [{ id: "r1", name: "Tech", cost_rate: 40, bill_rate: 90 }],
    requests: [{
      id: "q1", title: "New laptop", received: "2026-11-23T09:15:00.250", category: "add",
      override: { outcome: "project", reason: "Part of the office move" },
    }],
    projects: [{
      id: "p1",
      name: "Move",
      start: "2027-01-04",
      sections: [{ id: "s1", name: "Plan" }],
      tasks: [{ id: "t1", section_id: "s1", name: "Survey", estimate: { optimistic: 1, likely: 2, pessimistic: 4 } }],
      dependencies: [],
      pricing: { contingency: { kind: "risk_based" }, cap: null },
      simulation: null,
    }],
  });
});

test("a template built from the sample project is valid", () => {
  const p = sample.projects[0];
  assertValid(edited((f) => {
    f.templates = [{
      id: "tpl-move",
      name: "Office move",
      description: "Moving a small office",
      category: "move",
      keywords: ["move", "relocation"],
      built_in: true,
      sections: p.sections,
      tasks: p.tasks,
      dependencies: p.dependencies,
      materials: p.materials,
      per_device_task_ids: [p.tasks[2].id],
    }];
  }));
  assertRefused(
    edited((f) => { f.templates = [{ id: "tpl", name: "T", computed: {} }]; }),
    [["/templates/0", "additionalProperties"]],
  );
});

test("computed figures may grow, but stay read-only extras of exports", () => {
  assertValid(edited((f) => {
    Object.assign(f.projects[0].computed, {
      tasks: [{
        id: "t1", early_start: "2027-01-04T08:00:00", early_finish: "2027-01-04T12:30:00",
        late_start: "2027-01-04T08:00:00", late_finish: "2027-01-04T12:30:00",
        total_float_hours: 0, critical: true, something_new: 1,
      }],
      finish: "2027-01-29T17:00:00",
      cost: 4200,
      price: 9800,
      simulation: {
        iterations: 10000, seed: 42, current: false,
        hours: { p50: 77, p80: 81, p90: 83 }, cost: { p50: 4100, p80: 4300, p90: 4400 },
        price: { p50: 9500, p80: 9900, p90: 10100 },
        finish: { p50: "2027-01-19T10:17:00", p80: "2027-01-19T11:30:00", p90: "2027-01-19T12:03:00" },
        added_later: 1,
      },
      added_later: "anything",
    });
    f.requests[0].computed = {
      outcome: "support", reasons: ["Break/fix under the SLA."], priority: "P3",
      response_due: "2026-11-23T13:15:00", resolution_due: "2026-11-26T09:15:00",
    };
  }));
  assertRefused(edited((f) => { delete f.projects[0].computed.sigma_hours; }), [["/projects/0/computed", "required"]]);
  assertRefused(
    edited((f) => { f.projects[0].computed.tasks = [{ id: "t1", early_start: "next Monday" }]; }),
    [["/projects/0/computed/tasks/0/early_start", "pattern"], ["/projects/0/computed/tasks/0/early_start", "format"]],
  );
});

test("a project with a stored simulation is valid, with its figures in computed", () => {
  assertValid(simulated);
  const p = simulated.projects[0];
  assert.equal(p.simulation.iterations, 500);
  assert.equal(p.simulation.hours_histogram.length, 20);
  assert.equal(p.computed.simulation.current, true);
  assert.deepEqual(p.computed.simulation.hours, p.simulation.hours);
  assert.deepEqual(p.computed.simulation.finish, p.simulation.finish);
  assert.equal(typeof p.computed.cost, "number");
  assert.equal(typeof p.computed.price, "number");
});

test("a stored simulation is refused where it is wrong", () => {
  const copy = (edit) => {
    const f = structuredClone(simulated);
    edit(f.projects[0].simulation, f.projects[0].computed);
    return f;
  };
  const at = "/projects/0/simulation";
  // The record may also be null: Ajv adds that it is not, at the record.
  const inRecord = (errors) => [...errors, [at, "type"], [at, "anyOf"]];
  const cases = [
    [(s) => { s.seed = 2 ** 53; }, inRecord([[`${at}/seed`, "maximum"]])],
    [(s) => { s.iterations = 2.5; }, inRecord([[`${at}/iterations`, "type"]])],
    [(s) => { s.inputs = "ABCDEF0123456789"; }, inRecord([[`${at}/inputs`, "pattern"]])],
    [(s) => { delete s.cost; }, inRecord([[at, "required"]])],
    [(s) => { s.hours.p95 = 90; }, inRecord([[`${at}/hours`, "additionalProperties"]])],
    [(s) => { s.price.p50 = -1; }, inRecord([[`${at}/price/p50`, "minimum"]])],
    [(s) => { s.finish.p80 = "next week"; }, inRecord([[`${at}/finish/p80`, "pattern"], [`${at}/finish/p80`, "format"]])],
    [(s) => { s.hours_histogram[0].count = -1; }, inRecord([[`${at}/hours_histogram/0/count`, "minimum"]])],
    [(s) => { s.finish_histogram[0].from = 3; }, inRecord([[`${at}/finish_histogram/0/from`, "type"]])],
    [(s) => { s.critical[0].index = 0; }, inRecord([[`${at}/critical/0/index`, "exclusiveMinimum"]])],
    [(s) => { s.critical.push(...s.critical); }, inRecord([[`${at}/critical`, "maxItems"]])],
    [(s, c) => { delete c.simulation.current; }, [["/projects/0/computed/simulation", "required"]]],
    [(s, c) => { c.simulation.finish.p50 = 5; }, [["/projects/0/computed/simulation/finish/p50", "type"]]],
    [(s, c) => { c.price = "20059.21"; }, [["/projects/0/computed/price", "type"]]],
    [(s, c) => { c.pricing_error = ""; }, [["/projects/0/computed/pricing_error", "minLength"]]],
  ];
  for (const [edit, expected] of cases) assertRefused(copy(edit), expected);
});

test("text that is not JSON is refused", () => {
  const { valid, errors } = validateWorkspaceFile('{"format": "msp-planner",\n  oops}');
  assert.equal(valid, false);
  assert.deepEqual(where(errors), [["", "json"]]);
});
