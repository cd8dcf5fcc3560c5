// Refused pages kept for the language switch: a key shows its page again (more than once), only at its own address, and the oldest go first.
import { describe, expect, it } from "vitest";
import { createRefusedPages } from "../../host/ui/refused-pages.js";

const page = (path: string, text: string) => ({ path, shownIn: async (locale: string) => `${text} (${locale})` });

describe("createRefusedPages", () => {
  it("gives a page back under its key as often as asked (switching back and forth), only at its own address", async () => {
    const pages = createRefusedPages<string>();
    const key = pages.put(page("/orders/ord-1", "refused"));
    expect(await pages.get(key, "/orders/ord-1")?.shownIn("en")).toBe("refused (en)");
    expect(await pages.get(key, "/orders/ord-1")?.shownIn("sv")).toBe("refused (sv)");
    expect(pages.get(key, "/orders/ord-2")).toBeUndefined();
    expect(pages.get(undefined, "/orders/ord-1")).toBeUndefined();
    expect(pages.get("no-such-key", "/orders/ord-1")).toBeUndefined();
  });

  it("keeps the last pages only", () => {
    const pages = createRefusedPages<string>(2);
    const [first, second, third] = ["a", "b", "c"].map((text) => pages.put(page("/orders/new", text)));
    expect([pages.get(first, "/orders/new"), pages.get(second, "/orders/new")?.path, pages.get(third, "/orders/new")?.path]).toEqual([undefined, "/orders/new", "/orders/new"]);
  });
});
