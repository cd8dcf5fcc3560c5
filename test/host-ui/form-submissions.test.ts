// The form-token registry: a repeated post of a carried-out form gets its outcome, never a second action.
import { describe, expect, it } from "vitest";
import { createFormSubmissions, postedInput, type CarriedOut, type Refused } from "../../host/ui/form-submissions.js";

const done = (path: string): CarriedOut => ({ carriedOut: true, path, notices: [{ code: "credited", severity: "info", message: "Krediterat." }] });
const refused = (why: string): Refused<string> => ({ carriedOut: false, refused: why });

describe("form submissions", () => {
  it("acts once per token: a repeat after the first, or while it runs, gets the first one's outcome", async () => {
    const forms = createFormSubmissions();
    let acted = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const act = async () => {
      acted++;
      await gate;
      return done(`/orders/a?n=${acted}`);
    };
    const first = forms.once("t1.credit", act);
    const second = forms.once("t1.credit", act);
    release();
    expect(await first).toEqual({ ...done("/orders/a?n=1"), repeated: false });
    expect(await second).toEqual({ ...done("/orders/a?n=1"), repeated: true });
    expect(await forms.once("t1.credit", act)).toMatchObject({ path: "/orders/a?n=1", repeated: true });
    expect(acted).toBe(1);
    // Another form of the same page, or a post without a token, is an action of its own.
    expect(await forms.once("t1.annul", act)).toMatchObject({ path: "/orders/a?n=2", repeated: false });
    expect(await forms.once(undefined, act)).toMatchObject({ path: "/orders/a?n=3", repeated: false });
    expect(await forms.once(undefined, act)).toMatchObject({ path: "/orders/a?n=4", repeated: false });
    expect(acted).toBe(4);
  });

  it("keeps nothing for a refused or failed post: the clerk's corrected post acts, and only one of two repeats of it", async () => {
    const forms = createFormSubmissions();
    expect(await forms.once("t2.credit", async () => refused("amount"))).toEqual(refused("amount"));
    await expect(forms.once("t2.credit", () => Promise.reject(new Error("plugin failed")))).rejects.toThrow("plugin failed");
    let acted = 0;
    const act = async () => done(`/orders/b?n=${++acted}`);
    const [a, b] = await Promise.all([forms.once("t2.credit", act), forms.once("t2.credit", act)]);
    expect([a.carriedOut && a.repeated, b.carriedOut && b.repeated].sort()).toEqual([false, true]);
    expect(acted).toBe(1);
  });

  it("forgets the oldest carried-out tokens past its bound, and ignores a token too long to be one of its own", async () => {
    const forms = createFormSubmissions(2);
    let acted = 0;
    const act = async () => done(`/n/${++acted}`);
    for (const token of ["a", "b", "c"]) await forms.once(token, act);
    await new Promise((r) => setImmediate(r));
    expect(await forms.once("c", act)).toMatchObject({ repeated: true });
    expect(await forms.once("a", act)).toMatchObject({ repeated: false, path: "/n/4" });
    const long = "x".repeat(201);
    await forms.once(long, act);
    expect(await forms.once(long, act)).toMatchObject({ repeated: false });
  });

  it("answers a carried-out token sent again with other input as other input (nothing done), and the same input as a repeat", async () => {
    const forms = createFormSubmissions();
    let acted = 0;
    const act = async () => done(`/orders/c?n=${++acted}`);
    const sent = (form: Record<string, string>) => ({ input: postedInput(form), otherInput: () => "other input" });
    expect(await forms.once("t3.credit", act, sent({ formToken: "t3.credit", amount: "10,50" }))).toMatchObject({ repeated: false });
    // The token is not part of the input; the order of the fields is not either.
    expect(postedInput({ a: "1", b: "2", formToken: "x" })).toBe(postedInput({ formToken: "y", b: "2", a: "1" }));
    expect(await forms.once("t3.credit", act, sent({ amount: "10,50", formToken: "t3.credit" }))).toMatchObject({ repeated: true, path: "/orders/c?n=1" });
    expect(await forms.once("t3.credit", act, sent({ formToken: "t3.credit", amount: "20" }))).toEqual({ carriedOut: false, refused: "other input" });
    expect(acted).toBe(1);
  });
});
