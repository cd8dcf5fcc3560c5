// The PostgreSQL connection string's password never leaves in an error: not in its message, its stack, or any field a
// logger writes beside them.
import { describe, expect, it } from "vitest";
import * as pluginEntry from "../../../plugin/index.js";
import { PostgresStoreError, redactConnectionSecret } from "../../../plugin/store/postgres-connection-secret.js";

const connection = "postgres://shop:s3cr%40t-pw@db.internal:5432/erp";
const PASSWORD = "s3cr@t-pw";

/** Everything a JSON logger would write of the error. */
const logged = (error: Error) => JSON.stringify({ ...error, message: error.message, stack: error.stack });

describe("redactConnectionSecret", () => {
  it("passes an error that holds no secret through unchanged, fields and all", () => {
    const error = Object.assign(new Error('password authentication failed for user "shop"'), { code: "28P01", severity: "FATAL" });
    expect(redactConnectionSecret(error, connection)).toBe(error);
  });

  it("removes the connection string and the password, decoded or encoded, from the message and the stack, keeping the code", () => {
    const error = Object.assign(new Error(`cannot reach ${connection} (password ${PASSWORD}, or s3cr%40t-pw)`), { code: "ECONNREFUSED" });
    const safe = redactConnectionSecret(error, connection);
    expect(safe).toBeInstanceOf(PostgresStoreError);
    // A host catches it by the class the package entry exports (README: PostgreSQL store).
    expect(safe).toBeInstanceOf(pluginEntry.PostgresStoreError);
    expect(safe.message).toBe("cannot reach postgres://[redacted] (password [redacted], or [redacted])");
    expect((safe as PostgresStoreError).code).toBe("ECONNREFUSED");
    expect(logged(safe)).not.toContain(PASSWORD);
    expect(logged(safe)).not.toContain("s3cr%40t");
  });

  it("drops the fields of an error whose message is clean but whose fields hold the secret (Node's invalid-URL error keeps the URL in input)", () => {
    const error = Object.assign(new TypeError("Invalid URL"), { code: "ERR_INVALID_URL", input: connection, nested: { again: PASSWORD } });
    expect(logged(error)).toContain(PASSWORD.replace("@", "%40"));
    const safe = redactConnectionSecret(error, connection);
    expect(safe).toBeInstanceOf(PostgresStoreError);
    expect(safe.message).toBe("Invalid URL");
    expect((safe as PostgresStoreError).code).toBe("ERR_INVALID_URL");
    expect(logged(safe)).not.toContain(PASSWORD);
    expect(logged(safe)).not.toContain("s3cr%40t");
  });

  it("treats fields it cannot read as JSON as holding the secret", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = Object.assign(new Error("query failed"), { code: "XX000", cyclic });
    const safe = redactConnectionSecret(error, connection);
    expect(safe).toBeInstanceOf(PostgresStoreError);
    expect(safe).not.toHaveProperty("cyclic");
  });
});
