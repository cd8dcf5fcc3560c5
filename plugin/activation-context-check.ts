// Checks what the host hands to activate besides the settings: a missing port would otherwise fail much later, or
// worse, silently (no setPaymentState: a paid order never reaches the host).

/** One part of the ActivationContext the host left out or gave in the wrong shape. */
export interface ContextProblem {
  /** The part's path, e.g. `orders.setPaymentState`, `clock.now`. */
  part: string;
  message: string;
}

export class ActivationContextError extends Error {
  override readonly name = "ActivationContextError";
  readonly code = "invalid-activation-context";
  readonly status = 500;
  constructor(readonly problems: ContextProblem[]) {
    super(`Invalid Svea Instore activation context: ${problems.map((p) => p.message).join("; ")}`);
  }
}

/** The methods each part must have, and what the plugin uses them for. */
const REQUIRED: Record<string, Record<string, string>> = {
  logger: { debug: "logging", info: "logging", warn: "logging", error: "logging" },
  clock: { now: "every time the plugin reads", sleep: "paced status reads and deadlines" },
  orders: { get: "reading the order reconcile settles", setPaymentState: "telling the host a link is waiting, paid or failed" },
};
const STORAGE: Record<string, string> = { read: "the plugin's records", update: "the plugin's records" };

/** Every part of `context` that activate cannot use, named; empty when all are usable. */
export function contextProblems(context: unknown): ContextProblem[] {
  if (context === null || typeof context !== "object") return [{ part: "", message: "the activation context must be an object" }];
  const given = context as Record<string, unknown>;
  const problems: ContextProblem[] = [];
  const methods = (name: string, required: Record<string, string>, optional = false) => {
    const part = given[name];
    if (part === undefined && optional) return;
    if (part === null || (typeof part !== "object" && typeof part !== "function")) {
      problems.push({ part: name, message: `${name}: is required (an object with ${Object.keys(required).join(", ")})` });
      return;
    }
    for (const [method, use] of Object.entries(required)) {
      if (typeof (part as Record<string, unknown>)[method] !== "function") problems.push({ part: `${name}.${method}`, message: `${name}.${method}: must be a function (${use})` });
    }
  };
  for (const [name, required] of Object.entries(REQUIRED)) methods(name, required);
  methods("storage", STORAGE, true);
  if (given.dataDir !== undefined && (typeof given.dataDir !== "string" || given.dataDir === "")) problems.push({ part: "dataDir", message: "dataDir: must be a non-empty path" });
  return problems;
}
