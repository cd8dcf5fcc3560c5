// The Hono environment every route of the mock shares: node bindings (for the socket) and per-request variables.
import type { HttpBindings } from "@hono/node-server";
import type { JournalVariables } from "./request-journal.js";

export type MockSveaEnv = { Bindings: HttpBindings; Variables: JournalVariables };
