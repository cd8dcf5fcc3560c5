// The countries Svea Instore serves: currency, the VAT rates Svea accepts, and the texts the plugin adds to an order.

export interface CountryRules {
  currency: string;
  /** Valid VAT rates in hundredths of a percent (2500 = 25 %). */
  vatHundredths: readonly number[];
  /** The unit sent for a row whose unit is empty (Svea requires one). */
  defaultUnit: string;
  /** The name of the row that carries the difference between per-row rounding and the host's total. */
  roundingRowName: string;
}

// The rates are the ones the bundled mock's demo merchant accepts on a new order (a test holds the two equal): a rate
// Svea refuses is refused here, at the clerk's save, instead of as a failed link. Finland: 25.5 % since 2024-09-01
// (24 % no longer), 13.5 % since 2026-01-01 in place of 14 % (the mock takes 14 % only on orders made before then).
export const SVEA_INSTORE_COUNTRIES = {
  SE: { currency: "SEK", vatHundredths: [0, 600, 1200, 2500], defaultUnit: "st", roundingRowName: "Öresavrundning" },
  NO: { currency: "NOK", vatHundredths: [0, 1200, 1500, 2500], defaultUnit: "stk", roundingRowName: "Øreavrunding" },
  FI: { currency: "EUR", vatHundredths: [0, 1000, 1350, 2550], defaultUnit: "kpl", roundingRowName: "Pyöristys" },
  DK: { currency: "DKK", vatHundredths: [0, 2500], defaultUnit: "stk", roundingRowName: "Øreafrunding" },
} as const satisfies Record<string, CountryRules>;

export type SveaInstoreCountry = keyof typeof SVEA_INSTORE_COUNTRIES;

export function countryRulesOf(countryCode: string): CountryRules | undefined {
  const code = countryCode.toUpperCase();
  return Object.hasOwn(SVEA_INSTORE_COUNTRIES, code) ? SVEA_INSTORE_COUNTRIES[code as SveaInstoreCountry] : undefined;
}

/** Hundredths of a percent as a percent for messages: 2550 → "25.5", 600 → "6". */
export function formatVatHundredths(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const frac = String(hundredths % 100).padStart(2, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}
