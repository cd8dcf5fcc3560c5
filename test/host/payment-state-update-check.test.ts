// The reference host's orders port refuses a payment-state update outside the host contract, and stores a valid one as given.
import { describe, expect, it } from "vitest";
import { checkedPaymentStateUpdates } from "../../host/payment-state-update-check.js";
import { PluginCallError } from "../../host/plugin-dispatcher.js";
import type { PaymentStateUpdate } from "../../plugin/host-contract/host-contract-types.js";
import type { PluginLogger } from "../../plugin/host-contract/plugin-api.js";

function recordingLogger(): PluginLogger & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const log = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

const paid: PaymentStateUpdate = {
  orderId: "ord-1",
  state: "paid",
  paymentLink: null,
  sveaReference: 8000001,
  paymentMethod: "Card",
  billingAddress: { fullName: "Karin Lindqvist", streetAddress: "Storgatan 1", postalCode: "41101", city: "Göteborg", countryCode: "SE" },
} as PaymentStateUpdate;

describe("checkedPaymentStateUpdates", () => {
  it("passes an update that meets the host contract to the host's store", async () => {
    const stored: PaymentStateUpdate[] = [];
    const logger = recordingLogger();
    await checkedPaymentStateUpdates(async (u) => void stored.push(u), logger)(paid);
    expect(stored).toEqual([paid]);
    expect(logger.lines).toEqual([]);
  });

  it("refuses an update outside the contract with a typed error, stores nothing, and logs the fields and rules without the customer's data", async () => {
    const stored: PaymentStateUpdate[] = [];
    const logger = recordingLogger();
    const bad = { ...paid, state: "settled", sveaReference: "8000001" } as unknown as PaymentStateUpdate;
    const refused = await checkedPaymentStateUpdates(async (u) => void stored.push(u), logger)(bad).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(PluginCallError);
    expect(refused).toMatchObject({ code: "plugin-contract-violation", status: 502, subject: "orders.setPaymentState" });
    expect(stored).toEqual([]);
    expect(logger.lines).toHaveLength(1);
    const [line] = logger.lines;
    expect(line!.level).toBe("error");
    expect(line!.obj).toMatchObject({ orderId: "ord-1" });
    const errors = (line!.obj as { errors: { path: string; rule: string }[] }).errors;
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: "state", rule: "enum" }), expect.objectContaining({ path: "sveaReference" })]));
    expect(JSON.stringify(line)).not.toContain("Karin");
  });
});
