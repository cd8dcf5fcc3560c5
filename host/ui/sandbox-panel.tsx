// The sandbox control under the order list: both clocks as they stand, and a form that moves them forward and sweeps.
import type { FC } from "hono/jsx";
import type { Locale } from "../../plugin/host-contract/host-contract-types.js";
import { FormToken } from "./form-token.js";
import { formatInstant } from "./format-instant.js";
import type { PageContext } from "./layout.js";
import type { SandboxClockStatus } from "./sandbox-clock.js";
import { uiMessage } from "./ui-messages.js";

export type SandboxStatus = SandboxClockStatus & { realNow: number };

export const SandboxPanel: FC<{ ctx: PageContext; status: SandboxStatus; locale: Locale; timeZone: string }> = ({ ctx, status, locale, timeZone }) => {
  const aheadHours = Math.round((status.hostNow - status.realNow) / 3_600_000);
  return (
    <section class="panel" id="sandbox" aria-labelledby="sandbox-heading">
      <h2 id="sandbox-heading">{uiMessage(locale, "sandbox")}</h2>
      <p class="muted">{uiMessage(locale, "sandbox-explain")}</p>
      <p id="sandbox-now">
        {uiMessage(locale, "sandbox-now", { host: formatInstant(status.hostNow, timeZone), mock: status.mockNow === null ? uiMessage(locale, "sandbox-mock-silent") : formatInstant(status.mockNow, timeZone) })}
        {aheadHours > 0 && ` ${uiMessage(locale, "sandbox-ahead", { hours: aheadHours })}`}
      </p>
      <form method="post" action="/sandbox/advance" class="actions">
        <FormToken ctx={ctx} form="sandbox-advance" />
        <label for="sandbox-hours">{uiMessage(locale, "sandbox-hours")}</label>
        <input id="sandbox-hours" name="hours" type="number" min="1" max="1000" step="1" value="49" required />
        <button type="submit" id="sandbox-advance">
          {uiMessage(locale, "sandbox-advance")}
        </button>
      </form>
    </section>
  );
};
