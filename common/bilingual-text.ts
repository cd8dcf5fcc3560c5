// A text for an operator in Swedish and English, and how a start-up refusal shows it: the English line first, as it
// always was, and the Swedish one under it, as the reference host shows settings problems.
import type { ProblemLocale } from "./field-problem-text.js";

export type BilingualText = Readonly<Record<ProblemLocale, string>>;

/** The same text in both languages, from a function that writes it in either. */
export function inBothLanguages(text: (locale: ProblemLocale) => string): BilingualText {
  return { sv: text("sv"), en: text("en") };
}

/** `english`, then `  sv: swedish` on the line under it (each line of a Swedish text that spans several indented alike). */
export function withSwedishUnder(text: BilingualText): string {
  return `${text.en}\n  sv: ${text.sv.replace(/\n/g, "\n      ")}`;
}
