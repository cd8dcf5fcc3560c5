// Link states: mapping Svea's answers to states, how each state is shown, and which link addresses are handed on.
export { linkStateFromSvea, type SveaLinkObservation, type SveaOrderStatus } from "./link-state-from-svea.js";
export { linkStateIcon, linkStateLabel, type IconColour, type LinkStateIcon, type ViewState } from "./link-state-presentation.js";
export { webAddressOrNull } from "./web-address.js";
