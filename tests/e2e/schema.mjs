// Validates MSP Planner workspace files against the published JSON Schema
// (public/schema/workspace.schema.json). End-to-end tests use it on files
// downloaded from the app; schema.test.mjs tests the schema itself.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export const schemaPath = fileURLToPath(
  new URL("../../public/schema/workspace.schema.json", import.meta.url),
);

export const schema = JSON.parse(readFileSync(schemaPath, "utf8"));

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/**
 * Checks a workspace file against the schema.
 * @param {string | object} json the file's text, or its already parsed value
 * @returns {{valid: boolean, errors: Array<{instancePath: string, keyword: string, message: string, params: object}>}}
 *   `errors` are Ajv's error objects (empty when valid); a text that is not
 *   JSON gives one error with keyword "json".
 */
export function validateWorkspaceFile(json) {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (e) {
      return {
        valid: false,
        errors: [{ instancePath: "", schemaPath: "", keyword: "json", params: {}, message: `is not valid JSON: ${e.message}` }],
      };
    }
  }
  const valid = validate(value);
  return { valid, errors: valid ? [] : [...validate.errors] };
}

/** Errors as lines such as `/projects/0/tasks/0/estimate/optimistic must be >= 0`. */
export function describeErrors(errors) {
  return errors
    .map((e) => {
      const extra = e.keyword === "additionalProperties" || e.keyword === "unevaluatedProperties"
        ? ` (${e.params.additionalProperty ?? e.params.unevaluatedProperty})`
        : "";
      return `${e.instancePath || "(top level)"} ${e.message}${extra}`;
    })
    .join("\n");
}
