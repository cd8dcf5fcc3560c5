// A TCP port given as text (a flag or an environment variable): one rule for every setting that names a port, and what
// a listen refused on one says.
import { inBothLanguages, type BilingualText } from "./bilingual-text.js";
import type { ProblemLocale } from "./field-problem-text.js";

/** The port, or undefined when the text is not an integer from 0 (any free port) to 65535. */
export function parsePort(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** What is wrong with a setting's port, naming the setting (a flag or an environment variable). */
export function portProblem(setting: string, text: string, locale: ProblemLocale = "en"): string {
  const value = text.slice(0, 100);
  return locale === "sv" ? `${setting} måste vara ett heltal från 0 till 65535, inte "${value}"` : `${setting} must be an integer from 0 to 65535, not "${value}"`;
}

/**
 * Why listening on `port` (chosen by `setting`) failed, when it is about the port: in use (EADDRINUSE), or not this
 * user's to take (EACCES on listen or bind; EACCES opening a file is about that file). Undefined otherwise.
 */
export function listenProblem(error: unknown, port: number, setting: string, locale: ProblemLocale = "en"): string | undefined {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  if (code === "EADDRINUSE")
    return locale === "sv"
      ? `porten ${port} på 127.0.0.1 används redan; välj en annan med ${setting} (0 = valfri ledig port)`
      : `port ${port} on 127.0.0.1 is already in use; choose another with ${setting} (0 = any free port)`;
  if (code === "EACCES" && (syscall === "listen" || syscall === "bind"))
    return locale === "sv"
      ? `porten ${port} på 127.0.0.1 får inte användas av den här användaren; välj en över 1023 med ${setting}`
      : `port ${port} on 127.0.0.1 may not be used by this user; choose one above 1023 with ${setting}`;
  return undefined;
}

/** listenProblem in Swedish and English, or undefined when the failure is not about the port. */
export function listenProblemText(error: unknown, port: number, setting: string): BilingualText | undefined {
  return listenProblem(error, port, setting) === undefined ? undefined : inBothLanguages((locale) => listenProblem(error, port, setting, locale) ?? "");
}
