// The reference host's settings for `npm start`, read from its REFERENCE_HOST_* variables: each checked, a bad one
// refused in English and Swedish naming the variable; an empty one counts as unset (its default applies).
import { DEFAULT_HOST_PORT } from "../host/demo-host.js";
import { startupMessage } from "../host/host-startup-messages.js";
import { parseAllowedHosts } from "../host/request-origin-guards.js";
import { DEFAULT_CLERK_TIME_ZONE } from "../host/ui/format-instant.js";
import { inBothLanguages, type BilingualText } from "../common/bilingual-text.js";
import { envSetting } from "../common/env-setting.js";
import { parsePort, portProblem } from "../common/port-setting.js";
import { isTimeZone, timeZoneProblem } from "../common/time-zone.js";

/** What `npm start` says of the reference host beside the mock's flags. */
export const REFERENCE_HOST_USAGE = `reference host (started alongside):
  env REFERENCE_HOST_PORT  port on 127.0.0.1 (default ${DEFAULT_HOST_PORT}; 0 = any free port)
  env REFERENCE_HOST_ALLOWED_HOSTS  names the pages and clerk API answer to besides 127.0.0.1, localhost and [::1],
                           comma-separated: name (any port) or name:port (e.g. a proxy's name)
  env REFERENCE_HOST_TIME_ZONE  the shop's IANA time zone, in which the clerk pages show times (default ${DEFAULT_CLERK_TIME_ZONE})
  orders, the plugin's data and the callback key live beside the mock's data file (default ./data), or in memory with --memory`;

export interface ReferenceHostEnv {
  port: number;
  allowedHosts: string[];
  timeZone: string;
}

export function referenceHostEnv(env: NodeJS.ProcessEnv): { ok: true; settings: ReferenceHostEnv } | { ok: false; problem: BilingualText } {
  const portText = envSetting(env, "REFERENCE_HOST_PORT") ?? String(DEFAULT_HOST_PORT);
  const port = parsePort(portText);
  if (port === undefined) return { ok: false, problem: inBothLanguages((locale) => portProblem("REFERENCE_HOST_PORT", portText, locale)) };
  const allowed = parseAllowedHosts(envSetting(env, "REFERENCE_HOST_ALLOWED_HOSTS") ?? "");
  if (!allowed.ok) {
    return { ok: false, problem: startupMessage("allowed-hosts", { setting: "REFERENCE_HOST_ALLOWED_HOSTS", value: allowed.entry.slice(0, 100) }) };
  }
  const timeZone = envSetting(env, "REFERENCE_HOST_TIME_ZONE") ?? DEFAULT_CLERK_TIME_ZONE;
  if (!isTimeZone(timeZone)) return { ok: false, problem: inBothLanguages((locale) => timeZoneProblem("REFERENCE_HOST_TIME_ZONE", timeZone, locale)) };
  return { ok: true, settings: { port, allowedHosts: allowed.hosts, timeZone } };
}
