// Faults a test injects through the admin API: failing, slow or dropped endpoint calls, refused SMS, failing callbacks.
import type { Fault } from "./mock-svea-schemas.js";

export type Endpoint = "create" | "status" | "cancel" | "return";
export type EndpointFault = Extract<Fault, { endpoint: string }>;
type CallbackFault = Extract<Fault, { kind: "callback-failure" | "callback-suppressed" }>;

interface ArmedFault<F> {
  id: number;
  fault: F;
  /** undefined: never runs out */
  remaining: number | undefined;
}

export class FaultInjector {
  private nextId = 1;
  private endpointFaults: ArmedFault<EndpointFault>[] = [];
  private callbackFaults: ArmedFault<CallbackFault>[] = [];
  private smsFailures = new Set<string>();

  add(fault: Fault): number {
    const id = this.nextId++;
    switch (fault.kind) {
      case "sms-failure":
        this.smsFailures.add(normalizeNumber(fault.mobilePhoneNumber));
        break;
      case "callback-failure":
      case "callback-suppressed":
        this.callbackFaults.push({ id, fault, remaining: fault.kind === "callback-failure" ? fault.count : undefined });
        break;
      default:
        this.endpointFaults.push({ id, fault, remaining: fault.count ?? 1 });
    }
    return id;
  }

  /** Consumes one use of the first fault armed for this endpoint (or for "any"). */
  takeEndpointFault(endpoint: Endpoint): EndpointFault | null {
    const armed = this.endpointFaults.find((f) => f.fault.endpoint === endpoint || f.fault.endpoint === "any");
    if (!armed) return null;
    if (armed.remaining !== undefined && --armed.remaining <= 0) this.endpointFaults = this.endpointFaults.filter((f) => f !== armed);
    return armed.fault;
  }

  /** Whether the SMS operator accepts a message to this number. */
  smsAccepted(mobilePhoneNumber: string): boolean {
    return !this.smsFailures.has(normalizeNumber(mobilePhoneNumber));
  }

  /** What to do instead of delivering this order's callback, consuming one use of a counted failure. */
  takeCallbackFault(merchantId: string, merchantOrderNumber: string): "fail" | "suppress" | null {
    const armed = this.callbackFaults.find(
      (f) => f.fault.merchantOrderNumber === merchantOrderNumber && (f.fault.merchantId === undefined || f.fault.merchantId === merchantId),
    );
    if (!armed) return null;
    if (armed.remaining !== undefined && --armed.remaining <= 0) this.callbackFaults = this.callbackFaults.filter((f) => f !== armed);
    return armed.fault.kind === "callback-suppressed" ? "suppress" : "fail";
  }

  list(): { endpoint: ArmedFault<EndpointFault>[]; callback: ArmedFault<CallbackFault>[]; smsFailures: string[] } {
    return { endpoint: [...this.endpointFaults], callback: [...this.callbackFaults], smsFailures: [...this.smsFailures] };
  }

  clear(): void {
    this.endpointFaults = [];
    this.callbackFaults = [];
    this.smsFailures.clear();
  }
}

// "+46 70-123 45 67" and "+46701234567" are the same phone.
function normalizeNumber(n: string): string {
  return n.replace(/[\s\-().]/g, "");
}
