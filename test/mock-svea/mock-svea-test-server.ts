// Starts a mock Svea server for a test: in memory, on a ManualClock, on 127.0.0.1 port 0, silent, no cron.
import { ManualClock } from "../../common/clock.js";
import { startMockSvea, type MockSveaServer, type StartMockSveaOptions } from "../../mock-svea/start-mock-svea.js";

export const DEMO = { id: "demo-merchant", password: "demo-password-2026" } as const;
export const OTHER = { id: "other-merchant", password: "other-password-2026" } as const;

export interface TestMock extends MockSveaServer {
  clock: ManualClock;
}

export async function startTestMock(options: StartMockSveaOptions = {}): Promise<TestMock> {
  const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock(Date.UTC(2026, 0, 15, 10, 0, 0));
  const server = await startMockSvea({ port: 0, dataFile: null, logger: false, sweepSchedule: false, callbackRetryScheduleMs: [1_000, 5_000, 30_000], ...options, clock });
  return Object.assign(server, { clock });
}

export function basic(merchant: { id: string; password: string }): string {
  return `Basic ${Buffer.from(`${merchant.id}:${merchant.password}`).toString("base64")}`;
}

let counter = 0;
/** A valid CreateOrderRequest for the demo merchant in Sweden; override any field. */
export function orderRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    merchantOrderNumber: `T-${process.pid}-${counter}`,
    countryCode: "SE",
    termsUri: "https://shop.example/terms",
    orderItems: [
      { articleNumber: "K-1", name: "Kaffe", quantity: 200, unitPrice: 4900, vatPercent: 1200, unit: "st" },
      { articleNumber: "M-1", name: "Mugg", quantity: 100, unitPrice: 12500, vatPercent: 2500, unit: "st" },
    ],
    ...overrides,
  };
}
