// Where a JSON text goes wrong, said as line, column and a fixed phrase that never quotes the text (JSON.parse's does).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeJsonSyntaxError, jsonSyntaxPosition } from "../../common/json-syntax-position.js";

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe("jsonSyntaxPosition", () => {
  it.each([
    ['{\n  "password": hunter2secret\n}', 2, 15, "expected a value"],
    ['{"a": 1,}', 1, 9, "no trailing comma"],
    ['{"a": 1', 1, 8, "ends too early"],
    ["", 1, 1, "no JSON value"],
    ['{"a": "x" "b": 1}', 1, 11, "expected ',' or '}'"],
    ["[1, 2,, 3]", 1, 7, "expected a value"],
    ['{"p": "abc\ndef"}', 1, 11, "control character"],
    ["\uFEFF{}", 1, 1, "byte order mark"],
    ['{"a": tru}', 1, 7, "expected a value"],
    ['{"a": 1} x', 1, 10, "after the end"],
    ["{'a': 1}", 1, 2, "property name in double quotes"],
    ['{"a": "\\x"}', 1, 8, "invalid escape"],
    ['{"a": "open', 1, 7, "never closed"],
    ["[01]", 1, 3, "expected ',' or ']'"],
    ["[-]", 1, 2, "malformed number"],
  ])("%j: line %i, column %i (%s)", (text, line, column, problem) => {
    expect(parses(text)).toBe(false);
    expect(jsonSyntaxPosition(text)).toMatchObject({ line, column, problem: expect.stringContaining(problem) });
  });

  it("never quotes the text, only line, column and a fixed phrase", () => {
    const said = describeJsonSyntaxError('{\n  "merchants": [{ "password": S3cret-Pw }]\n}');
    expect(said).toBe("line 2, column 31: expected a value (an unquoted word, a single quote or a trailing comma is not JSON)");
    expect(said).not.toMatch(/S3cret|Pw/);
  });

  it("finds a fault exactly when JSON.parse throws (property)", () => {
    const nearJson = fc.oneof(
      fc.json(),
      fc.string(),
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom("", ",", "}", "]", "'", "x", "\n", "\\", '"', "-", "0", " ")).map(([json, at, insert]) => {
        const i = at % (json.length + 1);
        return json.slice(0, i) + insert + json.slice(i + 1);
      }),
    );
    fc.assert(
      fc.property(nearJson, (text) => {
        expect(jsonSyntaxPosition(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("scans deep nesting without overflowing the call stack", () => {
    expect(jsonSyntaxPosition("[".repeat(200_000))).toMatchObject({ line: 1, column: 200_001, problem: "the text ends too early" });
  });
});
