// An environment variable as the start-up commands read it: empty counts as unset, so the documented default applies.
// docker-compose passes `VAR=` (or `VAR: ""`) for a variable an .env file leaves blank, meaning "not set".

/** The variable's value, or undefined when it is unset or empty. */
export function envSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}
