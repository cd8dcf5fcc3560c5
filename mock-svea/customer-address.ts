// A deterministic customer for a paid order: the preset values, plus a name and address derived from a hash of the order.
import { createHash } from "node:crypto";
import type { Address, CustomerInformation, PresetValue } from "../common/svea-instore-types.js";
import type { MockOrder } from "./mock-svea-schemas.js";

interface CountryPeople {
  firstNames: string[];
  lastNames: string[];
  streets: string[];
  cities: [postalCode: string, city: string][];
}

const PEOPLE: Record<string, CountryPeople> = {
  SE: {
    firstNames: ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Nils"],
    lastNames: ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson"],
    streets: ["Storgatan", "Kungsgatan", "Drottninggatan", "Skolgatan", "Parkvägen", "Ringvägen"],
    cities: [["11122", "Stockholm"], ["41103", "Göteborg"], ["21115", "Malmö"], ["75310", "Uppsala"]],
  },
  NO: {
    firstNames: ["Ingrid", "Ola", "Kari", "Per", "Silje", "Knut"],
    lastNames: ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Berg"],
    streets: ["Storgata", "Kirkegata", "Parkveien", "Skolegata"],
    cities: [["0150", "Oslo"], ["5003", "Bergen"], ["7010", "Trondheim"]],
  },
  FI: {
    firstNames: ["Aino", "Mikko", "Laura", "Juha", "Emilia", "Antti"],
    lastNames: ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen"],
    streets: ["Mannerheimintie", "Hämeenkatu", "Kauppakatu", "Puistotie"],
    cities: [["00100", "Helsinki"], ["33100", "Tampere"], ["20100", "Turku"]],
  },
  DK: {
    firstNames: ["Mette", "Søren", "Line", "Jens", "Camilla", "Rasmus"],
    lastNames: ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen"],
    streets: ["Vestergade", "Østergade", "Nørregade", "Søndergade"],
    cities: [["1050", "København K"], ["8000", "Aarhus C"], ["5000", "Odense C"]],
  },
};

function preset(values: readonly PresetValue[] | undefined, name: PresetValue["attributeName"]): string | undefined {
  return values?.find((p) => p.attributeName === name)?.value;
}

function pick<T>(list: readonly T[], hash: Buffer, byte: number): T {
  return list[hash[byte]! % list.length]!;
}

/** The same order always yields the same customer, so tests and screenshots are stable. */
export function customerFor(order: MockOrder): CustomerInformation {
  const { request } = order;
  const hash = createHash("sha256").update(`${order.merchantId}\u0000${order.merchantOrderNumber}`).digest();
  const people = PEOPLE[request.countryCode] ?? PEOPLE.SE!;
  const firstName = pick(people.firstNames, hash, 0);
  const lastName = pick(people.lastNames, hash, 1);
  const [derivedPostalCode, city] = pick(people.cities, hash, 2);
  const streetAddress = `${pick(people.streets, hash, 3)} ${(hash[4]! % 60) + 1}`;
  const postalCode = preset(request.presetValues, "PostalCode") ?? derivedPostalCode;
  const isCompany = preset(request.presetValues, "IsCompany") === "True";
  const fullName = isCompany ? `${lastName} ${pick(["Bygg", "Konsult", "Handel", "Service"], hash, 5)} AB` : `${firstName} ${lastName}`;
  const address: Address = {
    fullName,
    firstName: isCompany ? null : firstName,
    lastName: isCompany ? null : lastName,
    streetAddress,
    coAddress: null,
    postalCode,
    city,
    countryCode: request.countryCode,
    isGeneric: false,
    addressLines: [streetAddress, `${postalCode} ${city}`],
  };
  const emailLocal = `${firstName}.${lastName}`.toLowerCase().normalize("NFD").replace(/[^a-z.]/g, "");
  return {
    emailAddress: preset(request.presetValues, "EmailAddress") ?? `${emailLocal}@example.com`,
    mobilePhoneNumber: request.mobilePhoneNumber ?? null,
    billingAddress: address,
    shippingAddress: { ...address, addressLines: [...address.addressLines!] },
  };
}
