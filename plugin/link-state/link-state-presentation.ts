// How a link state looks in the host's order list: icon id, icon colour and label in the clerk's language.
import type { LinkState, Locale } from "../host-contract/host-contract-types.js";
import { t, type MessageKey } from "../i18n/index.js";

export type IconColour = "own" | "red" | "black" | "grey" | "normal";

export interface LinkStateIcon {
  name: string;
  colour: IconColour;
}

const COLOURS: Record<LinkState | "none", IconColour> = {
  none: "normal",
  waiting: "own",
  failed: "red",
  cancelled: "black",
  expired: "grey",
  paid: "normal",
};

const LABELS: Record<LinkState | "none", MessageKey> = {
  none: "state.none",
  waiting: "state.waiting",
  failed: "state.failed",
  cancelled: "state.cancelled",
  expired: "state.expired",
  paid: "state.paid",
};

export function linkStateIcon(state: LinkState | "none"): LinkStateIcon {
  return { name: `svea-instore-${state}`, colour: COLOURS[state] };
}

export function linkStateLabel(state: LinkState | "none", locale: Locale): string {
  return t(locale, LABELS[state]);
}
