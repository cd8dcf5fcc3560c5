// How a link state looks in the host's order list: icon id, icon colour and label in the clerk's language.
import type { LinkState, Locale } from "../host-contract/host-contract-types.js";
import { t, type MessageKey } from "../i18n/index.js";

export type IconColour = "own" | "red" | "black" | "grey" | "normal";

/**
 * What the order list shows: a link's state, "none" before the first link, or "checking" while the latest link's
 * create has no known outcome (Svea may hold it: in the plugin's own colour, as a link the customer may have).
 */
export type ViewState = LinkState | "none" | "checking";

export interface LinkStateIcon {
  name: string;
  colour: IconColour;
}

const COLOURS: Record<ViewState, IconColour> = {
  none: "normal",
  checking: "own",
  waiting: "own",
  failed: "red",
  cancelled: "black",
  expired: "grey",
  paid: "normal",
};

const LABELS: Record<ViewState, MessageKey> = {
  none: "state.none",
  checking: "state.checking",
  waiting: "state.waiting",
  failed: "state.failed",
  cancelled: "state.cancelled",
  expired: "state.expired",
  paid: "state.paid",
};

export function linkStateIcon(state: ViewState): LinkStateIcon {
  return { name: `svea-instore-${state}`, colour: COLOURS[state] };
}

export function linkStateLabel(state: ViewState, locale: Locale): string {
  return t(locale, LABELS[state]);
}
