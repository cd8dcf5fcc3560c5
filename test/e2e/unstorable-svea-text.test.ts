// A customer's name from Svea holding U+0000 or half a character, with the plugin and the host's order book both in
// PostgreSQL (which stores neither): the payment still lands, paid, with U+FFFD in their place and a warning naming
// the fields.
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../common/clock.js";
import { openPostgresHostOrderStore, type PostgresHostOrderStore } from "../../host/postgres-host-order-store.js";
import { createPostgresPluginStore } from "../../plugin/store/index.js";
import { capturingLogger } from "../host/host-test-helpers.js";
import { dropSchema, freshSchema, testDatabaseUrl } from "../support/postgres-test-database.js";
import { eventually, orderFor, startStory, type Story } from "./story-harness.js";

const FFFD = "\uFFFD";

/** What Svea reports about the customer once paid: text no database holds as it is, in several fields. */
const customerInformation = {
  emailAddress: "anna@example.com",
  mobilePhoneNumber: "+46701234567",
  billingAddress: {
    fullName: "Anna\u0000 Lindqvist",
    firstName: "Anna",
    lastName: "Lind\uD83Dqvist",
    streetAddress: "Storgatan 1 \uD83C\uDFE0",
    coAddress: null,
    postalCode: "11122",
    city: "Stockholm",
    countryCode: "SE",
    isGeneric: false,
    addressLines: ["Storgatan 1", "\uDC00111 22 Stockholm"],
  },
  shippingAddress: null,
};

describe("text from Svea that PostgreSQL cannot hold (end to end, plugin and host on PostgreSQL)", () => {
  let story: Story | undefined;
  let hostStore: PostgresHostOrderStore | undefined;
  const schemas: string[] = [];
  afterEach(async () => {
    await story?.close();
    await hostStore?.close();
    const url = await testDatabaseUrl();
    for (const schema of schemas.splice(0)) await dropSchema(url, schema);
  });

  it("a paid order whose callback's status names the customer with U+0000 and lone surrogates is stored paid, in the plugin and in the host", async () => {
    const connectionString = await testDatabaseUrl();
    const pluginSchema = freshSchema("text_plugin");
    const hostSchema = freshSchema("text_host");
    schemas.push(pluginSchema, hostSchema);
    const logs = capturingLogger();
    hostStore = await openPostgresHostOrderStore({ connectionString, schema: hostSchema, clock: systemClock });
    story = await startStory({ orderStore: hostStore, logger: logs.logger, settings: { postgres: { connectionString, schema: pluginSchema, poolSize: 2 } } });

    const saved = await story.save(orderFor("ord-text-1"));
    expect(saved.paymentView?.state).toBe("waiting");
    const mon = saved.paymentView!.links.at(-1)!.merchantOrderNumber;
    await story.pause();
    const paid = await story.admin("POST", `/orders/${story.mock.merchant.id}/${encodeURIComponent(mon)}/complete`, { customerInformation });
    expect(paid.status).toBe(200);

    // The callback arrives, the plugin reads the status and tells the host: the payment lands.
    const view = await eventually(() => story!.view("ord-text-1"), (v) => v?.state === "paid", story.clock);
    expect(view?.state).toBe("paid");
    const host = await hostStore.get("ord-text-1");
    expect(host?.payment).toMatchObject({
      state: "paid",
      billingAddress: {
        fullName: `Anna${FFFD} Lindqvist`,
        lastName: `Lind${FFFD}qvist`,
        streetAddress: "Storgatan 1 \uD83C\uDFE0",
        addressLines: ["Storgatan 1", `${FFFD}111 22 Stockholm`],
      },
    });
    // The plugin's own PostgreSQL store holds the paid link (read by a second store on the same schema).
    const reader = createPostgresPluginStore({ connectionString, schema: pluginSchema, poolSize: 1 });
    try {
      expect((await reader.getOrder("ord-text-1"))?.links.at(-1)).toMatchObject({ merchantOrderNumber: mon, state: "paid" });
    } finally {
      await reader.close();
    }

    // Never silent: a warning names the fields, never the customer's text.
    const warnings = logs.lines().filter((line) => String(line.msg).includes("replaced with U+FFFD"));
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]).toMatchObject({
      sveaCall: "status",
      fields: [
        "customerInformation.billingAddress.fullName",
        "customerInformation.billingAddress.lastName",
        "customerInformation.billingAddress.addressLines[1]",
      ],
    });
    expect(JSON.stringify(warnings)).not.toMatch(/Anna|Lind|Storgatan/);
  });
});
