// A payment state as the clerk sees it: a shape of its own per state, the plugin's colour, and always the state in words beside it.
import type { FC } from "hono/jsx";
import type { LinkState, PaymentView } from "../../plugin/host-contract/host-contract-types.js";

/** The design card's colours, plus "neutral" for an order the plugin has nothing to say about (paid in cash). */
type IconColour = PaymentView["icon"]["colour"] | "neutral";
type IconState = LinkState | "none" | "checking";

/** The design card's colours (the page's stylesheet sets them, as `colour-*` classes: the CSP allows no inline style). "own" is the plugin's own blue, "normal" an ordinary green. */
export const ICON_COLOURS: Record<IconColour, string> = {
  own: "#0b5cad",
  red: "#c62828",
  black: "#111111",
  grey: "#767676",
  normal: "#2e7d32",
  neutral: "#555555",
};

// 16×16 outlines that differ in shape as well as colour: an hourglass, a cross, a bar, a clock, a tick, a dash, a question mark.
const SHAPES: Record<IconState, string> = {
  waiting: "M4 2h8M4 14h8M5 2c0 4 6 4 6 6s-6 2-6 6M11 2c0 4-6 4-6 6s6 2 6 6",
  failed: "M8 1a7 7 0 1 0 0 14A7 7 0 1 0 8 1M5 5l6 6M11 5l-6 6",
  cancelled: "M8 1a7 7 0 1 0 0 14A7 7 0 1 0 8 1M4 8h8",
  expired: "M8 1a7 7 0 1 0 0 14A7 7 0 1 0 8 1M8 4v4l3 2",
  paid: "M8 1a7 7 0 1 0 0 14A7 7 0 1 0 8 1M4.5 8.5l2.5 2.5 4.5-5",
  none: "M4 8h8",
  checking: "M8 1a7 7 0 1 0 0 14A7 7 0 1 0 8 1M6 6a2 2 0 1 1 2 2v1.5M8 11.5v.5",
};

/**
 * The shape a plugin's icon name asks for, when it names a state ("svea-instore-cancelled": a paid order annulled or
 * credited in full is drawn as cancelled, as its colour says, not with the paid tick); else the state's own.
 */
function shapeOf(state: IconState, iconName: string | undefined): IconState {
  const named = iconName?.split("-").at(-1);
  return named !== undefined && Object.hasOwn(SHAPES, named) ? (named as IconState) : state;
}

/** The icon and its words. `label` is what the clerk reads; the SVG is decoration for those who see colour and shape. */
export const StateIcon: FC<{ state: IconState; colour: IconColour; label: string; iconName?: string }> = ({ state, colour, label, iconName }) => (
  <span class={`state state-${state} colour-${colour}`} data-state={state} data-colour={colour} data-icon={iconName ?? `state-${state}`} data-shape={shapeOf(state, iconName)}>
    <svg class="state-svg" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={SHAPES[shapeOf(state, iconName)]} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
    <span class="state-label">{label}</span>
  </span>
);

/** The payment cell of an order: the plugin's view, or a dash for an order it has nothing to say about. */
export const PaymentState: FC<{ view: PaymentView | null; noneLabel: string }> = ({ view, noneLabel }) =>
  view ? <StateIcon state={view.state} colour={view.icon.colour} label={view.label} iconName={view.icon.name} /> : <StateIcon state="none" colour="neutral" label={noneLabel} />;
