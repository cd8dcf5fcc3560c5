// Every reason the reference host can refuse to start has a Swedish and an English text, with the same placeholders.
import { describe, expect, it } from "vitest";
import { withSwedishUnder } from "../../common/bilingual-text.js";
import { describeJsonSyntaxError } from "../../common/json-syntax-position.js";
import { listenProblemText, portProblem } from "../../common/port-setting.js";
import { timeZoneProblem } from "../../common/time-zone.js";
import { DirectoryNotWritableError } from "../../common/writable-directory.js";
import { HostStartupError } from "../../host/host-startup-error.js";
import { STARTUP_MESSAGE_KEYS, startupMessage } from "../../host/host-startup-messages.js";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the host's start-up messages", () => {
  it.each(STARTUP_MESSAGE_KEYS)("%s: Swedish and English, different, with the same placeholders", (key) => {
    const raw = startupMessage(key);
    expect(raw.sv.trim()).not.toBe("");
    expect(raw.en.trim()).not.toBe("");
    expect(raw.sv).not.toBe(raw.en);
    expect(placeholders(raw.sv)).toEqual(placeholders(raw.en));
  });

  it("fills a placeholder in each language, from one value or from one per language", () => {
    expect(startupMessage("database-open", { settings: { sv: "DATABASE_URL och HOST_PG_SCHEMA", en: "DATABASE_URL and HOST_PG_SCHEMA" }, detail: "ECONNREFUSED" })).toEqual({
      sv: "kan inte öppna orderdatabasen som DATABASE_URL och HOST_PG_SCHEMA anger: ECONNREFUSED",
      en: "cannot open the orders' database given by DATABASE_URL and HOST_PG_SCHEMA: ECONNREFUSED",
    });
  });

  it("a refusal reads as one English line with its Swedish under it; HostStartupError keeps both", () => {
    const text = startupMessage("schedules-mode", { value: "manaul" });
    expect(withSwedishUnder(text)).toBe('HOST_SCHEDULES must be "cron" or "manual", not "manaul"\n  sv: HOST_SCHEDULES måste vara "cron" eller "manual", inte "manaul"');
    const error = new HostStartupError("schedule-invalid", text);
    expect(error.messages).toEqual(text);
    expect(error.message).toBe(withSwedishUnder(text));
  });

  it("the shared rules say themselves in Swedish too: port, listen, time zone, a folder not writable, a JSON fault", () => {
    expect(portProblem("HOST_PORT", "abc", "sv")).toBe('HOST_PORT måste vara ett heltal från 0 till 65535, inte "abc"');
    expect(portProblem("HOST_PORT", "abc")).toBe('HOST_PORT must be an integer from 0 to 65535, not "abc"');
    expect(listenProblemText(Object.assign(new Error("listen EACCES"), { code: "EACCES", syscall: "listen" }), 80, "HOST_PORT")).toEqual({
      sv: "porten 80 på 127.0.0.1 får inte användas av den här användaren; välj en över 1023 med HOST_PORT",
      en: "port 80 on 127.0.0.1 may not be used by this user; choose one above 1023 with HOST_PORT",
    });
    expect(listenProblemText(Object.assign(new Error("open EACCES"), { code: "EACCES", syscall: "open" }), 80, "HOST_PORT")).toBeUndefined();
    expect(timeZoneProblem("HOST_TIME_ZONE", "Stockholm", "sv")).toBe('HOST_TIME_ZONE måste vara en IANA-tidszon, t.ex. Europe/Stockholm, inte "Stockholm"');
    const readOnly = new DirectoryNotWritableError("/srv/data", { sv: "värdens ordermapp", en: "the host's orders folder" }, "EROFS");
    expect(readOnly.message).toBe(readOnly.messages.en);
    expect(readOnly.messages.sv).toMatch(/^värdens ordermapp \/srv\/data ligger på ett skrivskyddat filsystem/);
    expect(readOnly.role).toBe("the host's orders folder");
    expect(describeJsonSyntaxError('{"a": 1,}', "sv")).toBe("rad 1, kolumn 9: ett egenskapsnamn inom dubbla citattecken väntades (inget avslutande kommatecken)");
    expect(describeJsonSyntaxError('{"a": 1,}')).toBe("line 1, column 9: expected a property name in double quotes (no trailing comma)");
  });
});
