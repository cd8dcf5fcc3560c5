// Shared helpers for the schema suites: a valid base request to mutate, and assertions on field errors.
import { expect } from "vitest";
import type { FieldError, Validated } from "../../common/json-schema-validator.js";
import { loadSveaInstoreFixture } from "../../fixtures/svea-instore/load-svea-instore-fixture.js";

export type Json = Record<string, any>;

/** The example request from the API document, as a mutable plain object. */
export function exampleRequest(): Json {
  return loadSveaInstoreFixture("create-order-request.example") as Json;
}

/** A minimal valid order row. */
export function validRow(overrides: Json = {}): Json {
  return { name: "Kaffe", quantity: 100, unitPrice: 2500, vatPercent: 1200, unit: "st", ...overrides };
}

/** Sets a value at a dotted path with [i] indices; `undefined` deletes the property. */
export function setPath(target: Json, path: string, value: unknown): Json {
  const parts = path.replace(/\[(\d+)\]/g, ".$1").split(".");
  let node: any = target;
  for (const part of parts.slice(0, -1)) node = node[part];
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return target;
}

export function expectAccepted<T>(result: Validated<T>): void {
  expect(result.ok ? [] : result.errors).toEqual([]);
}

/** The result is a refusal that names exactly this field path and rule (other errors may accompany it). */
export function expectRefused<T>(result: Validated<T>, path: string, rule: string): FieldError[] {
  expect(result.ok).toBe(false);
  const errors = result.ok ? [] : result.errors;
  expect(errors.map((e) => `${e.path} ${e.rule}`)).toContain(`${path} ${rule}`);
  return errors;
}

export const chars = (n: number): string => "x".repeat(n);
