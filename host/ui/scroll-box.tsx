// A box that scrolls on its own (a wide table at 320 CSS px): a keyboard user must be able to reach it to scroll it.
import type { Child, FC } from "hono/jsx";

/**
 * Focusable (Tab stops on it, and the arrow keys then scroll it: WCAG 2.1.1), and a region named by the heading,
 * legend or caption `labelledBy` points at, so a screen reader says what the stop is, in the page's language.
 */
export const ScrollBox: FC<{ labelledBy: string; children?: Child }> = ({ labelledBy, children }) => (
  <div class="table-scroll" role="region" tabindex={0} aria-labelledby={labelledBy}>
    {children}
  </div>
);
