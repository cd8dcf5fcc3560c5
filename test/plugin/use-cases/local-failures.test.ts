// A failure on the plugin's own side (a full disk, its store or the host failing) is said as that, never as a Svea outage.
import { describe, expect, it } from "vitest";
import { PostgresStoreError } from "../../../plugin/store/postgres-connection-secret.js";
import { SveaAuthError, SveaUnexpectedResponseError, SveaUnavailableError } from "../../../plugin/svea-client/index.js";
import { PaymentAdminError } from "../../../plugin/svea-payment-admin-client/payment-admin-errors.js";
import { classifySveaFailure } from "../../../plugin/use-cases/index.js";
import { FakeSvea } from "../support/fake-svea.js";
import { hostOrder, startKit, testSettings } from "../support/plugin-test-kit.js";

const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });

describe("classifySveaFailure", () => {
  it("gives an error that is neither the client's nor the network's its own reason, still 'may have reached Svea'", () => {
    const failure = classifySveaFailure(enospc());
    expect(failure).toMatchObject({ reason: "local-failure", mayHaveReachedSvea: true, code: "ENOSPC" });
    expect(failure.localized?.sv).toMatch(/^Betaltillägget kunde inte spara sitt arbete \(felet finns här, inte hos Svea/);
    expect(failure.localized?.en).toMatch(/^The plugin could not store its work \(the fault is here, not at Svea/);
    // The host's own words stay in the log: the link keeps the code only.
    expect(failure.detail).not.toContain("no space left");
    expect(failure.detail).toContain("(ENOSPC)");
    expect(classifySveaFailure(new PostgresStoreError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")).reason).toBe("local-failure");
    expect(classifySveaFailure("a thrown string").reason).toBe("local-failure");
  });

  it("keeps Svea's reasons for the client's errors, and for network failures and timeouts of any client", () => {
    expect(classifySveaFailure(new SveaUnavailableError("network", { outcomeUnknown: true })).reason).toBe("svea-unavailable");
    expect(classifySveaFailure(new SveaUnexpectedResponseError("the body is not JSON", { status: 200 }))).toMatchObject({ reason: "svea-unavailable", mayHaveReachedSvea: true });
    const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    expect(classifySveaFailure(refused)).toMatchObject({ reason: "svea-unavailable", mayHaveReachedSvea: true });
    expect(classifySveaFailure(new DOMException("The operation timed out.", "TimeoutError"))).toMatchObject({ reason: "timeout", mayHaveReachedSvea: true });
    expect(classifySveaFailure(new SveaUnavailableError("paced-past-deadline", { outcomeUnknown: false }))).toMatchObject({ reason: "timeout", mayHaveReachedSvea: false });
  });

  it("reads refused credentials as nothing carried out, unless the client marks an earlier attempt that may have landed", () => {
    expect(classifySveaFailure(new SveaAuthError())).toMatchObject({ reason: "svea-unauthorized", mayHaveReachedSvea: false });
    expect(classifySveaFailure(new SveaAuthError(undefined, { outcomeUnknown: true }))).toMatchObject({ reason: "svea-unauthorized", mayHaveReachedSvea: true });
    const call = { kind: "credit", method: "POST", path: "/api/v1/orders/1/deliveries/1/credits" } as const;
    expect(classifySveaFailure(new PaymentAdminError("auth", call, { status: 401 }))).toMatchObject({ reason: "svea-unauthorized", mayHaveReachedSvea: false });
    expect(classifySveaFailure(new PaymentAdminError("auth", call, { status: 401, outcomeUnknown: true }))).toMatchObject({ reason: "svea-unauthorized", mayHaveReachedSvea: true });
  });
});

describe("a store failure after Svea answered", () => {
  it("check-now: Svea's answer could not be stored is said as the plugin's fault, in Swedish and English, not 'Svea could not be reached'", async () => {
    for (const [locale, text] of [
      ["en", /^The plugin could not store its work/],
      ["sv", /^Betaltillägget kunde inte spara sitt arbete/],
    ] as const) {
      const svea = new FakeSvea();
      const kit = await startKit(testSettings(), { svea });
      const saved = await kit.instance.hooks["order.save"]({ order: hostOrder(), locale: "en" });
      svea.complete(saved.accepted ? saved.paymentView!.links[0]!.merchantOrderNumber : "");
      kit.clock.advance(6_000);
      kit.storage.landThenFail = 1;
      const reads = svea.count("status");
      const check = await kit.instance.hooks["order.check-payment"]({ order: hostOrder(), locale });
      expect(svea.count("status")).toBe(reads + 1);
      const warnings = check.notices.filter((n) => n.severity === "warning");
      expect(warnings).toEqual([expect.objectContaining({ code: "local-failure", message: expect.stringMatching(text) })]);
    }
  });

  it("save: a link Svea created but the plugin could not store is no Svea outage, and the clerk is told to check before saving again", async () => {
    const svea = new FakeSvea();
    const kit = await startKit(testSettings(), { svea });
    const create = svea.createOrder.bind(svea);
    let failStore = true;
    svea.createOrder = async (request, options) => {
      const created = await create(request, options);
      // The write that stores the created link fails; the one recording the failure goes through.
      if (failStore) kit.storage.landThenFail = 1;
      failStore = false;
      return created;
    };
    const saved = await kit.instance.hooks["order.save"]({ order: hostOrder(), locale: "en" });
    expect(saved.accepted).toBe(true);
    if (!saved.accepted) return;
    expect(saved.notices).toContainEqual(expect.objectContaining({ code: "local-failure", severity: "error", message: expect.stringMatching(/^The payment link could not be stored: the fault is here, not at Svea/) }));
    expect(JSON.stringify(saved)).not.toContain("Svea could not be reached");
    const link = (await kit.deps.store.getOrder("order-1"))?.links.at(-1);
    // Kept as possibly at Svea: check-now and reconcile read it before anything new is sent.
    expect(link).toMatchObject({ reason: "local-failure", mayExistAtSvea: true });
  });
});
