// What the mock's use cases and routes depend on, passed in as one bundle so tests can substitute any part.
import type { Logger } from "pino";
import type { Clock } from "../common/clock.js";
import type { CallbackDispatcher } from "./callback-dispatcher.js";
import type { DuplicateCreateStatus } from "./duplicate-create-refusal.js";
import type { ExpirySweeper } from "./expiry-sweeper.js";
import type { FaultInjector } from "./fault-injector.js";
import type { Merchants } from "./merchants-config.js";
import type { OrderRepository } from "./order-repository.js";
import type { PollGuard } from "./poll-guard.js";
import type { RequestJournal } from "./request-journal.js";

export interface MockSveaDeps {
  repo: OrderRepository;
  merchants: Merchants;
  clock: Clock;
  callbacks: CallbackDispatcher;
  sweeper: ExpirySweeper;
  faults: FaultInjector;
  pollGuard: PollGuard;
  requests: RequestJournal;
  logger: Logger;
  /** How a create under a merchantOrderNumber already used is refused (409 by default; a setting, changed at run time). */
  duplicateCreateStatus: DuplicateCreateStatus;
  /** The base URL customers and clients reach the mock at, without a trailing slash (known once the server listens). */
  publicUrl(): string;
}
