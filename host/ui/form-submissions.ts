// Each form a page renders carries a token; a post repeating a token whose action was carried out (a double click, a
// resubmit after Back) gets that outcome again instead of acting twice: no second credit, no second order.
import type { Notice } from "../../plugin/host-contract/host-contract-types.js";

export interface CarriedOut {
  carriedOut: true;
  /** Where the clerk is sent, with the notices the action gave. */
  path: string;
  notices: Notice[];
}

export interface Refused<R> {
  carriedOut: false;
  refused: R;
}

export type Submitted<R> = (CarriedOut & { repeated: boolean }) | Refused<R>;

export interface FormSubmissions {
  /**
   * Runs `act` unless a post with the same token was carried out: then it answers that outcome, `repeated`. A post
   * repeating one still under way waits for it. A refused (or failed) post keeps nothing, so the clerk's corrected
   * post acts. A post without a token (an API client, a test) always acts.
   * `sent`: what the post carries (its fields but the token). A carried-out token sent again with other input is not
   * a repeat (a page the browser kept, another order or amount typed into it): it is answered `otherInput()`, a
   * refusal, so the page shows that input again rather than the first post's outcome in its place.
   */
  once<R>(token: unknown, act: () => Promise<CarriedOut | Refused<R>>, sent?: { input: string; otherInput: () => R }): Promise<Submitted<R>>;
}

/** A form's fields but its token, as one text: equal posts, equal texts. */
export function postedInput(form: Record<string, unknown>): string {
  return JSON.stringify(
    Object.entries(form)
      .filter(([name]) => name !== "formToken")
      .map(([name, value]) => [name, Array.isArray(value) ? value.map(String) : String(value)])
      .sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)),
  );
}

/** Tokens of carried-out posts kept, the oldest dropped first: a double click or a Back comes within minutes. */
const KEPT = 1_000;
const MAX_TOKEN_LENGTH = 200;

export function createFormSubmissions(limit = KEPT): FormSubmissions {
  const byToken = new Map<string, Promise<(CarriedOut & { input: string | undefined }) | null>>();
  const remember = (token: string, running: Promise<CarriedOut | Refused<unknown>>, input: string | undefined) => {
    const kept = running.then(
      (outcome) => (outcome.carriedOut ? { ...outcome, input } : null),
      () => null,
    );
    byToken.set(token, kept);
    void kept.then((outcome) => {
      if (!outcome) {
        if (byToken.get(token) === kept) byToken.delete(token);
        return;
      }
      for (const oldest of byToken.keys()) {
        if (byToken.size <= limit) break;
        byToken.delete(oldest);
      }
    });
  };
  return {
    async once(token, act, sent) {
      const key = typeof token === "string" && token !== "" && token.length <= MAX_TOKEN_LENGTH ? token : null;
      if (key) {
        // Re-read after each wait: a refused post frees the token, and the first waiter to go on takes it again.
        for (let earlier = byToken.get(key); earlier; earlier = byToken.get(key)) {
          const found = await earlier;
          if (!found) continue;
          const { input, ...outcome } = found;
          if (sent && input !== undefined && input !== sent.input) return { carriedOut: false, refused: sent.otherInput() };
          return { ...outcome, repeated: true };
        }
      }
      const running = act();
      if (key) remember(key, running, sent?.input);
      const outcome = await running;
      return outcome.carriedOut ? { ...outcome, repeated: false } : outcome;
    },
  };
}
