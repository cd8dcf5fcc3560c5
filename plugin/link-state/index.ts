// Link states: mapping Svea's answers to states, and how each state is shown.
export { linkStateFromSvea, type SveaLinkObservation, type SveaOrderStatus } from "./link-state-from-svea.js";
export { linkStateIcon, linkStateLabel, type IconColour, type LinkStateIcon } from "./link-state-presentation.js";
