// A TCP port given as text (a flag or an environment variable): one rule for every setting that names a port.

/** The port, or undefined when the text is not an integer from 0 (any free port) to 65535. */
export function parsePort(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** What is wrong with a setting's port, naming the setting (a flag or an environment variable). */
export function portProblem(setting: string, text: string): string {
  return `${setting} must be an integer from 0 to 65535, not "${text.slice(0, 100)}"`;
}
