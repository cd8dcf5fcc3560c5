// The host's dispatcher turns the plugin's HookInputError (the real class) into the clerk API's 400 input-invalid with
// the fields, and any other throw into plugin-failed, whose text stays in the log.
import { describe, expect, it } from "vitest";
import { HostOrderFileError } from "../../host/host-order-file-error.js";
import { createPluginDispatcher, PluginCallError } from "../../host/plugin-dispatcher.js";
import type { PluginManifest } from "../../host/plugin-package-loader.js";
import { HookInputError } from "../../plugin/hook-input.js";
import type { PluginInstance } from "../../plugin/host-contract/plugin-api.js";
import { capturingLogger, rejectionOf } from "./host-test-helpers.js";

const manifest = { hooks: ["order.check-payment"], commands: [] } as unknown as PluginManifest;

function pluginThrowing(error: unknown): PluginInstance {
  return { hooks: { "order.check-payment": async () => Promise.reject(error) }, commands: {} } as unknown as PluginInstance;
}

const input = { order: { id: "o1" }, locale: "en" } as never;

describe("createPluginDispatcher", () => {
  it("answers the plugin's HookInputError as input-invalid (400) with each field and rule, logged once", async () => {
    const { logger, lines } = capturingLogger();
    const thrown = new HookInputError("order.check-payment", [{ path: "order.rows[0].quantity", rule: "pattern", message: "must match pattern", params: { pattern: "^\\d+$" } }]);
    const refused = await rejectionOf(createPluginDispatcher(manifest, pluginThrowing(thrown), logger).hook("order.check-payment", input));
    expect(refused).toBeInstanceOf(PluginCallError);
    expect(refused).toMatchObject({ code: "input-invalid", status: 400, subject: "order.check-payment" });
    expect((refused as PluginCallError).errors).toEqual([{ path: "order.rows[0].quantity", rule: "pattern", message: "must match pattern", params: { pattern: "^\\d+$" } }]);
    expect(lines().map((l) => l.msg)).toEqual(["the plugin refused the host's input as outside the host contract"]);
  });

  it("answers any other throw, or a look-alike without fields, as plugin-failed (500) with no fields", async () => {
    for (const thrown of [new Error("boom"), Object.assign(new Error("x"), { code: "invalid-hook-input", errors: [] }), Object.assign(new Error("y"), { code: "invalid-hook-input", errors: [{ path: 3 }] })]) {
      const { logger } = capturingLogger();
      const refused = await rejectionOf(createPluginDispatcher(manifest, pluginThrowing(thrown), logger).hook("order.check-payment", input));
      expect(refused).toMatchObject({ code: "plugin-failed", status: 500, errors: [] });
    }
  });

  it("passes on a failed write of the host's order file during the call as one that may follow work at Svea, not as 'nothing changed'", async () => {
    const { logger, lines } = capturingLogger();
    const thrown = new HostOrderFileError("/data/host-orders.json", Object.assign(new Error("no space"), { code: "ENOSPC" }));
    const failed = await rejectionOf(createPluginDispatcher(manifest, pluginThrowing(thrown), logger).hook("order.check-payment", input));
    expect(failed).toBeInstanceOf(HostOrderFileError);
    expect(failed).toMatchObject({ code: "order-file-unwritable-in-plugin", status: 503, file: "/data/host-orders.json", writeErrorCode: "ENOSPC" });
    // The host's error handler says it once; the dispatcher adds no "plugin call failed" with the stack.
    expect(lines()).toEqual([]);
  });
});
