// Where a JSON text first goes wrong, as line and column and a fixed phrase: JSON.parse's SyntaxError quotes the text
// around the fault (part of a password in a config file, say), so a message for the operator is built from this instead.
import type { BilingualText } from "./bilingual-text.js";
import type { ProblemLocale } from "./field-problem-text.js";

export interface JsonSyntaxPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units as an editor counts them for the usual characters. */
  column: number;
  /** 0-based offset into the text. */
  offset: number;
  /** What is wrong there, in words that never quote the text. */
  problem: string;
  /** The same in Swedish and English. */
  problems: BilingualText;
}

/** What can be wrong where the scan stops, in words that never quote the text. */
const PROBLEMS = {
  "empty": { sv: "det finns inget JSON-värde (texten är tom)", en: "there is no JSON value (the text is empty)" },
  "early-end": { sv: "texten tar slut för tidigt", en: "the text ends too early" },
  "bom": { sv: "en byteordningsmarkering (BOM) före JSON-värdet", en: "a byte order mark (BOM) before the JSON value" },
  "after-end": { sv: "oväntad text efter JSON-värdets slut", en: "unexpected text after the end of the JSON value" },
  "colon": { sv: "':' väntades efter ett egenskapsnamn", en: "expected ':' after a property name" },
  "comma-or-brace": { sv: "',' eller '}' väntades efter ett egenskapsvärde", en: "expected ',' or '}' after a property value" },
  "comma-or-bracket": { sv: "',' eller ']' väntades efter ett element i en lista", en: "expected ',' or ']' after an array element" },
  "key": { sv: "ett egenskapsnamn inom dubbla citattecken väntades (inget avslutande kommatecken)", en: "expected a property name in double quotes (no trailing comma)" },
  "key-or-brace": { sv: "ett egenskapsnamn inom dubbla citattecken eller '}' väntades", en: "expected a property name in double quotes or '}'" },
  "number": { sv: "ett felformat tal", en: "a malformed number" },
  "value-or-bracket": { sv: "ett värde eller ']' väntades (inget avslutande kommatecken)", en: "expected a value or ']' (no trailing comma)" },
  "value": { sv: "ett värde väntades (ett ord utan citattecken, enkla citattecken eller ett avslutande kommatecken är inte JSON)", en: "expected a value (an unquoted word, a single quote or a trailing comma is not JSON)" },
  "control": { sv: "ett styrtecken (t.ex. en radbrytning) inuti en sträng", en: "a control character (such as a line break) inside a string" },
  "escape": { sv: "en ogiltig escape-sekvens (\\) inuti en sträng", en: "an invalid escape (\\) inside a string" },
  "unclosed": { sv: "en sträng som aldrig avslutas", en: "a string that is never closed" },
} as const satisfies Record<string, BilingualText>;

type Problem = keyof typeof PROBLEMS;

type Expect = "value" | "value-or-]" | "key" | "key-or-}" | ":" | ",-or-end" | "end";

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})/y;
const LITERALS = ["true", "false", "null"] as const;

/**
 * The first fault of a JSON text (RFC 8259), or undefined when the text is valid JSON. Scans with an explicit stack, so
 * deep nesting cannot overflow the call stack.
 */
export function jsonSyntaxPosition(text: string): JsonSyntaxPosition | undefined {
  const stack: ("{" | "[")[] = [];
  let expect: Expect = "value";
  let i = 0;
  const at = (offset: number, problem: Problem): JsonSyntaxPosition => ({ ...lineAndColumn(text, offset), offset, problem: PROBLEMS[problem].en, problems: PROBLEMS[problem] });
  const afterValue = (): Expect => (stack.length > 0 ? ",-or-end" : "end");

  for (;;) {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
    if (i >= text.length) {
      if (expect === "end") return undefined;
      return at(i, expect === "value" && stack.length === 0 ? "empty" : "early-end");
    }
    const ch = text[i]!;
    if (i === 0 && ch === "\uFEFF") return at(i, "bom");
    if (expect === "end") return at(i, "after-end");
    if (expect === ":") {
      if (ch !== ":") return at(i, "colon");
      i++;
      expect = "value";
      continue;
    }
    if (expect === ",-or-end") {
      const top = stack.at(-1)!;
      if (ch === ",") {
        i++;
        expect = top === "{" ? "key" : "value";
        continue;
      }
      if (ch === (top === "{" ? "}" : "]")) {
        i++;
        stack.pop();
        expect = afterValue();
        continue;
      }
      return at(i, top === "{" ? "comma-or-brace" : "comma-or-bracket");
    }
    if ((expect === "key-or-}" && ch === "}") || (expect === "value-or-]" && ch === "]")) {
      i++;
      stack.pop();
      expect = afterValue();
      continue;
    }
    if (expect === "key" || expect === "key-or-}") {
      if (ch !== '"') return at(i, expect === "key" ? "key" : "key-or-brace");
      const end = stringEnd(text, i);
      if (typeof end !== "number") return at(end.offset, end.problem);
      i = end;
      expect = ":";
      continue;
    }
    // A value.
    if (ch === "{" || ch === "[") {
      stack.push(ch);
      i++;
      expect = ch === "{" ? "key-or-}" : "value-or-]";
      continue;
    }
    if (ch === '"') {
      const end = stringEnd(text, i);
      if (typeof end !== "number") return at(end.offset, end.problem);
      i = end;
      expect = afterValue();
      continue;
    }
    if (ch === "-" || (ch >= "0" && ch <= "9")) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return at(i, "number");
      i = NUMBER.lastIndex;
      expect = afterValue();
      continue;
    }
    const literal = LITERALS.find((word) => text.startsWith(word, i));
    if (literal) {
      i += literal.length;
      expect = afterValue();
      continue;
    }
    return at(i, expect === "value-or-]" ? "value-or-bracket" : "value");
  }
}

/** The offset just past the string starting at `start` (a double quote), or where and why it is malformed. */
function stringEnd(text: string, start: number): number | { offset: number; problem: Problem } {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { offset: i, problem: "control" };
    if (code === 0x5c) {
      ESCAPE.lastIndex = i;
      if (!ESCAPE.test(text)) return { offset: i, problem: "escape" };
      i = ESCAPE.lastIndex;
      continue;
    }
    i++;
  }
  return { offset: start, problem: "unclosed" };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** "line 3, column 15: expected ',' or '}' after a property value", or a plain note when no fault is found. */
export function describeJsonSyntaxError(text: string, locale: ProblemLocale = "en"): string {
  const where = jsonSyntaxPosition(text);
  if (locale === "sv") return where ? `rad ${where.line}, kolumn ${where.column}: ${where.problems.sv}` : "inte giltig JSON";
  return where ? `line ${where.line}, column ${where.column}: ${where.problem}` : "not valid JSON";
}
