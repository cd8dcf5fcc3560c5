// The reference host commits an order before the plugin's hook runs, as an ERP does: while Svea is creating the link
// the order is already in the order book (a host killed then still has what the customer may pay), and a refusal puts
// back exactly what was there.
import { afterEach, describe, expect, it } from "vitest";
import type { HostOrder } from "../../plugin/host-contract/host-contract-types.js";
import { orderFor, startStory, type Story } from "./story-harness.js";

let story: Story | undefined;
afterEach(async () => {
  await story?.close();
  story = undefined;
});

async function storedRows(s: Story, id: string): Promise<HostOrder["rows"] | undefined> {
  return (await s.host.store.get(id))?.order.rows;
}

describe("the host's order book, written ahead of the plugin", () => {
  it("holds the edited order while Svea creates its link, and a refused edit puts the saved one back", async () => {
    const s = (story = await startStory());
    const first = orderFor("wa-1");
    expect((await s.save(first)).status).toBe(201);
    await s.pause();

    // Svea holds the re-issue's create until the clock moves: the edit must already be in the order book.
    expect((await s.admin("POST", "/faults", { kind: "delay", endpoint: "create", delayMs: 1_000 })).status).toBe(201);
    const edited = orderFor("wa-1", { rows: [{ ...first.rows[0]!, quantity: "3" }, first.rows[1]!], total: "356.10" });
    const saving = s.save(edited);
    let seen: string | undefined;
    for (let i = 0; i < 200 && seen !== "3"; i++) {
      seen = String((await storedRows(s, "wa-1"))?.[0]?.quantity);
      if (seen !== "3") await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toBe("3");
    expect((await s.requests()).filter((r) => r.method === "POST" && r.path === "/api/v1/orders")).toHaveLength(1);
    // The re-issue's cancel waits for Svea's 5 s status-poll gap and the create for its delay, both on the shared clock.
    let done = false;
    void saving.finally(() => (done = true));
    for (let i = 0; i < 20 && !done; i++) {
      await s.advance(1_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    const saved = await saving;
    expect(saved.status).toBe(200);
    expect(saved.paymentView?.state).toBe("waiting");
    expect((await s.requests()).filter((r) => r.method === "POST" && r.path === "/api/v1/orders")).toHaveLength(2);

    // Refused (no mobile number): nothing reaches Svea, and the order book holds the accepted edit again.
    const before = await s.host.store.get("wa-1");
    const refused = await s.save(orderFor("wa-1", { ...edited, customer: { ...edited.customer, mobilePhone: "12345" } }));
    expect(refused.status).toBe(422);
    expect(await s.host.store.get("wa-1")).toEqual(before);
    // A new order that is refused leaves nothing behind.
    expect((await s.save(orderFor("wa-2", { customer: { ...first.customer, mobilePhone: "12345" } }))).status).toBe(422);
    expect(await s.host.store.get("wa-2")).toBeUndefined();
  });
});
