// The README against the code: the scripts, flags, variables, settings, codes, routes, paths and links it names exist, and
// the lists an ERP vendor or a developer relies on (settings, the mock's flags, refusal and notice codes) are complete.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HOST_MESSAGE_KEYS } from "../../host/host-messages.js";
import { HOST_STARTUP_ERROR_CODES } from "../../host/host-startup-error.js";
import { DEFAULT_DATA_FILE, DEFAULT_PORT } from "../../mock-svea/start-mock-svea.js";
import { parseCliOptions, USAGE } from "../../mock-svea/cli.js";
import { openApiDocument } from "../../mock-svea/openapi-document.js";
import { messageCatalog } from "../../plugin/i18n/index.js";
import { schema as settingsSchema } from "../../schemas/generated/plugin/settings.js";
import { backticked, headingAnchors, readme, repoRoot, section, tableRows } from "./readme-sections.js";

const root = fileURLToPath(repoRoot);
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };

/** The source text of every file under `dirs` with one of the code extensions. */
function sourceFiles(dirs: readonly string[]): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === "node_modules" || name === "generated") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mjs|sh)$/.test(name)) out.push({ path, text: readFileSync(path, "utf8") });
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return out;
}
const PRODUCT_DIRS = ["plugin", "common", "host", "mock-svea", "scripts", "bench", "soak"];

/** A code as a whole word: `svea-unavailable` does not count as `svea-unavailable-x` or `x-svea-unavailable`. */
const mentions = (text: string, code: string) => new RegExp(`(?<![\\w-])${code.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`).test(text);

describe("README: commands", () => {
  it("names only npm scripts package.json has", () => {
    const named = new Set([...readme.matchAll(/npm run (?:-s )?([a-z][\w:-]*)/g)].map((m) => m[1]!));
    // The quick-start table's shorthand: `npm run test:schemas`, `test:mock`, ...
    for (const token of backticked(readme)) if (/^test:[a-z-]+$/.test(token)) named.add(token);
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((name) => !(name in pkg.scripts))).toEqual([]);
    expect(pkg.scripts).toHaveProperty("start");
    expect(pkg.scripts).toHaveProperty("test");
  });
});

describe("README: the plugin's settings", () => {
  it("the settings table lists exactly the settings schema's properties", () => {
    const rows = tableRows(section("The plugin's settings (`schemas/plugin/settings.schema.json`)"));
    const named = rows.flatMap((cells) => backticked(cells[0]!));
    expect(named.sort()).toEqual(Object.keys(settingsSchema.properties).sort());
  });
});

describe("README: the mock's flags and variables", () => {
  const usageFlags = [...USAGE.matchAll(/--([a-z-]+)/g)].map((m) => `--${m[1]}`).filter((f) => f !== "--help");
  const usageVariables = [...new Set([...USAGE.matchAll(/\b(MOCK_SVEA_[A-Z_]+)/g)].map((m) => m[1]!))];
  const tables = {
    mock: tableRows(section("Flags and environment variables")),
    "npm start": tableRows(section("`npm start` and the mock")),
  };
  const flagOf = (cells: string[]) => /^`(--[a-z-]+)/.exec(cells[0]!)?.[1];

  for (const [name, rows] of Object.entries(tables)) {
    it(`the ${name} table lists every flag of the CLI's usage, and no other`, () => {
      const flags = rows.map(flagOf).filter((f): f is string => f !== undefined);
      expect(flags.sort()).toEqual([...usageFlags].sort());
    });

    it(`the ${name} table's defaults for --port, --data and --fsync are the CLI's`, () => {
      const defaults = parseCliOptions([], {});
      if (defaults === "help") throw new Error("no help without --help");
      const defaultOf = (flag: string) => rows.find((cells) => flagOf(cells) === flag)?.[2];
      expect(defaultOf("--port")).toContain(String(DEFAULT_PORT));
      expect(defaults.port).toBe(DEFAULT_PORT);
      expect(defaultOf("--data")).toContain(DEFAULT_DATA_FILE);
      expect(defaults.dataFile).toBe(DEFAULT_DATA_FILE);
      expect(defaultOf("--fsync")).toContain(defaults.fsync);
    });
  }

  it("every flag of the usage is one the parser takes", () => {
    const sample: Record<string, string> = { "--port": "0", "--data": "x.json", "--fsync": "never", "--merchants": "m.json", "--admin-token": "readme-admin-token-0123456789abcdef", "--public-url": "http://mock.example", "--duplicate-create-status": "422" };
    for (const flag of usageFlags) {
      const args = flag in sample ? [flag, sample[flag]!] : [flag];
      expect(() => parseCliOptions(args, {}), flag).not.toThrow();
    }
  });

  it("the mock table's variables are the usage's, and each one changes what the CLI does", () => {
    const named = tables.mock.flatMap((cells) => [...cells[1]!.matchAll(/`(MOCK_SVEA_[A-Z_]+)(?:=([^`]+))?`/g)].map((m) => ({ name: m[1]!, value: m[2] })));
    expect([...new Set(named.map((v) => v.name))].sort()).toEqual([...usageVariables].sort());
    const sample: Record<string, string> = {
      MOCK_SVEA_PORT: "0",
      MOCK_SVEA_DATA: "elsewhere.json",
      MOCK_SVEA_FSYNC: "never",
      MOCK_SVEA_MERCHANTS: "m.json",
      MOCK_SVEA_ADMIN_TOKEN: "readme-admin-token-0123456789abcdef",
      MOCK_SVEA_PUBLIC_URL: "http://mock.example",
      MOCK_SVEA_DUPLICATE_CREATE_STATUS: "400",
    };
    const shape = (options: ReturnType<typeof parseCliOptions>) => JSON.stringify(options, (key, value: unknown) => (key === "clock" ? "a clock" : value));
    const plain = shape(parseCliOptions([], {}));
    for (const { name, value } of named) {
      const given = value ?? sample[name];
      expect(given, `a sample value for ${name}`).toBeDefined();
      expect(shape(parseCliOptions([], { [name]: given })), name).not.toBe(plain);
    }
  });
});

describe("README: environment variables and constants", () => {
  const CAPS = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b/g;
  // Named in the README but not ours: an open(2) flag, a libphonenumber-js number type, a placeholder.
  const NOT_OURS = new Set(["O_DSYNC", "FIXED_LINE_OR_MOBILE", "HOST_API_VERSION_OF_THE_HOST"]);

  it("every variable and constant it names occurs in the code, the tests or package.json", () => {
    const corpus = [...sourceFiles([...PRODUCT_DIRS, "test", ".ci"]).map((f) => f.text), readFileSync(join(root, ".ci/run"), "utf8"), JSON.stringify(pkg)].join("\n");
    const named = new Set([...readme.matchAll(CAPS)].map((m) => m[0]).filter((name) => !NOT_OURS.has(name)));
    expect(named.size).toBeGreaterThan(30);
    expect([...named].filter((name) => !mentions(corpus, name))).toEqual([]);
  });

  it("every environment variable the product reads is in it", () => {
    // Passed from the bench's parent to its children, never set by a person.
    const INTERNAL = new Set(["BENCH_CHILD_OPTIONS"]);
    const read = new Set<string>();
    for (const { text } of sourceFiles(PRODUCT_DIRS)) {
      for (const m of text.matchAll(/\benv(?:\.|\[")([A-Z][A-Z0-9_]+)/g)) read.add(m[1]!);
      for (const m of text.matchAll(/\brequired\("([A-Z][A-Z0-9_]+)"\)/g)) read.add(m[1]!);
      // Read through common/env-setting.ts (an empty variable counts as unset).
      for (const m of text.matchAll(/\benvSetting\(\w+, "([A-Z][A-Z0-9_]+)"\)/g)) read.add(m[1]!);
      for (const m of text.matchAll(/_ENV_VARIABLE = "([A-Z][A-Z0-9_]+)"/g)) read.add(m[1]!);
    }
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((name) => !INTERNAL.has(name) && !mentions(readme, name))).toEqual([]);
  });
});

describe("README: start-host-node's variables", () => {
  it("the table lists exactly the variables scripts/start-host-node.ts reads", () => {
    const script = readFileSync(join(root, "scripts/start-host-node.ts"), "utf8");
    const read = new Set([...script.matchAll(/\benv(?:\.|\[")([A-Z][A-Z0-9_]+)|\b(?:required|envSetting|pgSchemaSetting)\((?:(?:process\.)?env, )?"([A-Z][A-Z0-9_]+)"\)/g)].map((m) => (m[1] ?? m[2])!));
    const listed = tableRows(section("What it stores, and how nodes stay out of each other's way"))
      .flatMap((cells) => backticked(cells[0]!))
      .filter((token) => /^[A-Z][A-Z0-9_]+$/.test(token));
    expect(read.size).toBeGreaterThan(10);
    expect(listed.sort()).toEqual([...read].sort());
  });
});

describe("README: codes an ERP matches on", () => {
  const keys = Object.keys(messageCatalog);
  const codesOf = (prefix: string, renamed: Record<string, string>) =>
    keys.filter((key) => key.startsWith(`${prefix}.`)).map((key) => key.slice(prefix.length + 1)).map((rest) => renamed[rest] ?? rest);
  // The keys whose code is not the key without its prefix, as "Messages (plugin/i18n)" lists them.
  const refusalCodes = codesOf("refusal", { "after-payment-not-yet": "after-payment-pending" });
  const noticeCodes = [
    ...codesOf("notice", {
      "annul-preview-cancel": "annul-will-cancel",
      "annul-preview-credit": "annul-will-credit",
      "annul-preview-nothing-left": "annul-will-credit",
      "annulled-cancelled": "annulled",
      "annulled-credited": "annulled",
      "annulled-nothing-left": "annulled",
      "create-unavailable": "svea-unavailable",
      "create-local-failure": "local-failure",
      "create-outcome-unknown": "svea-unavailable",
      "create-unauthorized-outcome-unknown": "svea-unauthorized",
      "link-reissued-sms-failed": "link-reissued",
    }),
    ...codesOf("check", {}),
    ...codesOf("failure", {}),
  ];

  it("every refusal code is under 'Refusal codes', and every code there is one", () => {
    const text = section("Refusal codes");
    expect(refusalCodes.length).toBeGreaterThan(50);
    expect(refusalCodes.filter((code) => !mentions(text, code))).toEqual([]);
    // Refused outside the catalog's refusal keys: a save whose status read Svea kept answering 403 (the client's own text).
    const known = new Set([...refusalCodes, "svea-rate-limited"]);
    // Named there but no refusal: the payment method's code.
    const listed = backticked(text).filter((token) => /^[a-z]+(-[a-z0-9]+)+$/.test(token) && token !== "svea-instore");
    expect(listed.filter((code) => !known.has(code))).toEqual([]);
  });

  it("every notice code is in the 'Notice codes' table, and every code there is one", () => {
    // The first column: codes separated by commas or slashes, with remarks in brackets.
    const listed = tableRows(section("Notice codes")).flatMap((cells) =>
      cells[0]!
        .replace(/\([^)]*\)/g, "")
        .split(/[\s,/]+/)
        .filter((word) => word !== ""),
    );
    expect(noticeCodes.filter((code) => !listed.includes(code))).toEqual([]);
    // check-payment also passes on why Svea could not be read (the link's reason) and the order-busy refusal's text.
    const known = new Set([...noticeCodes, "timeout", "svea-unauthorized", "order-busy"]);
    expect(listed.filter((code) => !known.has(code))).toEqual([]);
  });

  it("every HostStartupError code is named in 'The reference host'", () => {
    const text = section("The reference host (`host/`)");
    expect(HOST_STARTUP_ERROR_CODES.filter((code) => !backticked(text).includes(code))).toEqual([]);
  });

  it("the clerk API's problem-code table holds exactly the host's codes", () => {
    const rows = tableRows(section("Clerk API")).filter((cells) => cells.length === 3 && /^\d{3}$/.test(cells[1]!));
    const listed = rows.flatMap((cells) => backticked(cells[0]!));
    expect(listed.sort()).toEqual([...HOST_MESSAGE_KEYS].sort());
  });
});

describe("README: the mock's admin API", () => {
  it("the admin table lists exactly the admin routes the mock's OpenAPI document serves", () => {
    const doc = openApiDocument("http://mock.example") as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/__admin"))
      .flatMap(([path, operations]) => Object.keys(operations).filter((k) => /^(get|put|post|delete|patch)$/.test(k)).map((method) => `${method.toUpperCase()} ${path}`));
    const listed = tableRows(section("Admin API (`/__admin`)"))
      .flatMap((cells) => backticked(cells[0]!))
      .filter((token) => /^(GET|PUT|POST|DELETE|PATCH) \/__admin/.test(token))
      .map((route) => route.replace(/\?.*$/, ""))
      // The list itself, which the document does not describe as an operation of its own.
      .filter((route) => route !== "GET /__admin");
    expect(served.length).toBeGreaterThan(10);
    expect(listed.sort()).toEqual(served.sort());
  });
});

describe("README: the mock's Svea API", () => {
  it("the endpoint table's answers are the statuses the mock's OpenAPI document gives each endpoint", () => {
    const doc = openApiDocument("http://mock.example") as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
    const rows = tableRows(section("Svea API endpoints")).filter((cells) => /^`(GET|POST) \/api\/v1\//.test(cells[0]!));
    expect(rows.map((cells) => cells[0])).toHaveLength(4);
    for (const cells of rows) {
      const [method, path] = backticked(cells[0]!)[0]!.split(" ") as [string, string];
      const described = Object.keys(doc.paths[path]?.[method.toLowerCase()]?.responses ?? {}).sort();
      expect(cells[1]!.match(/\b[1-5]\d\d\b/g)?.sort(), `${method} ${path}`).toEqual(described);
    }
  });
});

describe("README: paths and links", () => {
  it("every file or folder it names exists", () => {
    const FOLDERS = /^(\.\/)?(plugin|common|host|mock-svea|schemas|scripts|bench|soak|fixtures|test|docs|\.ci)\//;
    const named = backticked(readme)
      .map((token) => token.split(/[\s,:]/)[0]!.replace(/^\.\//, ""))
      .filter((path) => FOLDERS.test(path) && !path.includes("<") && !path.includes("*"))
      // Written by the build (`npm run generate`).
      .filter((path) => !path.startsWith("schemas/generated/"));
    const linked = [...readme.matchAll(/\]\(((?:\.\/)?(?:docs|test)\/[^)#\s]+)\)/g)].map((m) => m[1]!);
    expect(named.length + linked.length).toBeGreaterThan(100);
    expect([...new Set([...named, ...linked])].filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it("every link to a section leads to a heading", () => {
    const anchors = headingAnchors();
    const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(20);
    expect(links.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });
});

describe("README: code an installed ERP copies", () => {
  /** The modules behind the package's exports that a README example may import, by specifier. */
  const ENTRIES: Record<string, string> = {
    "svea-instore-erp-plugin": "plugin/index.ts",
    "svea-instore-erp-plugin/mock-svea": "mock-svea/index.ts",
    "svea-instore-erp-plugin/reference-host": "host/index.ts",
  };
  const imports = [...readme.matchAll(/^```(?:ts|typescript|js|mjs)\n([\s\S]*?)^```/gm)].flatMap((block) =>
    [...block[1]!.matchAll(/^import \{([^}]*)\} from "([^"]+)";/gm)].map((m) => ({
      specifier: m[2]!,
      values: m[1]!
        .split(",")
        .map((name) => name.trim())
        .filter((name) => name !== "" && !name.startsWith("type ")),
    })),
  );

  it("imports only from the package's exports, each value it names exported there", async () => {
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.map((i) => i.specifier).filter((specifier) => !(specifier in ENTRIES))).toEqual([]);
    for (const { specifier, values } of imports) {
      const exported = (await import(join(root, ENTRIES[specifier]!))) as Record<string, unknown>;
      expect([specifier, values.filter((name) => !(name in exported))]).toEqual([specifier, []]);
    }
  });
});
