// Reads and checks the merchants config (schemas/mock-svea/merchants-config.schema.json) and answers credential checks.
import { timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describeJsonSyntaxError } from "../common/json-syntax-position.js";
import { mockSveaValidators, type MerchantConfig, type MerchantsConfig } from "./mock-svea-schemas.js";

/** The built-in demo config: demo-merchant (SE, NO, FI, DK) and other-merchant (SE) for isolation tests. */
export const DEMO_MERCHANTS_FILE = demoMerchantsFile();

function demoMerchantsFile(): string {
  // Compiled code runs from dist/mock-svea/, sources from mock-svea/; the fixture lives once, at the repository root.
  const here = fileURLToPath(import.meta.url);
  const up = /[\\/]dist[\\/]mock-svea[\\/][^\\/]+$/.test(here) ? "../../" : "../";
  return fileURLToPath(new URL(`${up}fixtures/mock-svea/merchants.json`, import.meta.url));
}

export class MerchantsConfigError extends Error {
  override readonly name = "MerchantsConfigError";
}

export type CountryConfig = MerchantConfig["countries"][number];

export class Merchants {
  private readonly byId: Map<string, MerchantConfig>;

  private constructor(readonly config: MerchantsConfig) {
    this.byId = new Map(config.merchants.map((m) => [m.id, m]));
  }

  /** Validates a parsed config; throws MerchantsConfigError naming every bad field. */
  static from(config: unknown, source = "merchants config"): Merchants {
    const checked = mockSveaValidators.merchantsConfig(config);
    if (!checked.ok) throw new MerchantsConfigError(`${source}: ${checked.errors.map((e) => `${e.path || "$"} ${e.message}`).join("; ")}`);
    const seen = new Set<string>();
    for (const [i, m] of checked.value.merchants.entries()) {
      if (seen.has(m.id)) throw new MerchantsConfigError(`${source}: merchants[${i}].id "${m.id}" is given twice`);
      seen.add(m.id);
      const paId = m.paymentAdmin?.merchantId;
      if (paId !== undefined && checked.value.merchants.some((o, j) => j < i && o.paymentAdmin?.merchantId === paId))
        throw new MerchantsConfigError(`${source}: merchants[${i}].paymentAdmin.merchantId "${paId}" is given twice`);
      const countries = new Set(m.countries.map((c) => c.countryCode));
      if (countries.size !== m.countries.length) throw new MerchantsConfigError(`${source}: merchants[${i}].countries lists a country twice`);
    }
    return new Merchants(checked.value);
  }

  static async fromFile(path: string): Promise<Merchants> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      throw new MerchantsConfigError(`cannot read merchants config ${path}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON.parse's message: it quotes the text around the fault, which may be part of a password.
      throw new MerchantsConfigError(`${path} is not valid JSON: ${describeJsonSyntaxError(text)}`);
    }
    return Merchants.from(parsed, path);
  }

  get(id: string): MerchantConfig | undefined {
    return this.byId.get(id);
  }

  /** The merchant whose Payment Admin merchant id this is (the Payment Admin id differs from the Instore one). */
  byPaymentAdminId(paymentAdminMerchantId: string): MerchantConfig | undefined {
    return this.config.merchants.find((m) => m.paymentAdmin?.merchantId === paymentAdminMerchantId);
  }

  get all(): readonly MerchantConfig[] {
    return this.config.merchants;
  }

  /** Constant-time password check; an unknown id still costs a comparison so timing does not reveal which ids exist. */
  verify(id: string, password: string): boolean {
    const merchant = this.byId.get(id);
    const expected = Buffer.from(merchant?.password ?? "\u0000no-such-merchant\u0000", "utf8");
    const given = Buffer.from(password, "utf8");
    const same = given.length === expected.length && timingSafeEqual(given, expected);
    return merchant !== undefined && same;
  }

  country(merchant: MerchantConfig, countryCode: string): CountryConfig | undefined {
    return merchant.countries.find((c) => c.countryCode === countryCode);
  }
}
