// Moves Active orders past their expiry to Canceled (reason "expired"): every minute by node-cron, or on demand.
import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../common/clock.js";
import type { OrderRepository } from "./order-repository.js";

export interface SweepResult {
  expired: { merchantId: string; merchantOrderNumber: string }[];
}

export class ExpirySweeper {
  private task: ScheduledTask | null = null;
  private running: Promise<SweepResult> | null = null;

  constructor(
    private readonly repo: OrderRepository,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Schedules the sweep; the time that decides expiry is always the injected clock's, whatever triggers the run. */
  start(expression = "* * * * *"): void {
    this.task = cron.schedule(
      expression,
      async () => {
        await this.run().catch(this.onError);
      },
      { name: "mock-svea-expiry-sweeper", noOverlap: true },
    );
  }

  /** One sweep. A call while a sweep runs joins that sweep instead of starting another. */
  run(): Promise<SweepResult> {
    this.running ??= this.sweep().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
    await this.running?.catch(() => {});
  }

  private async sweep(): Promise<SweepResult> {
    const now = this.clock.now();
    const nowIso = new Date(now).toISOString();
    const saves: Promise<void>[] = [];
    const expired: SweepResult["expired"] = [];
    for (const order of this.repo.allOrders()) {
      if (order.orderStatus !== "Active" || Date.parse(order.expiresAt) > now) continue;
      expired.push({ merchantId: order.merchantId, merchantOrderNumber: order.merchantOrderNumber });
      saves.push(this.repo.save({ ...order, orderStatus: "Canceled", reason: "expired", canceledAt: nowIso }));
    }
    await Promise.all(saves);
    return { expired };
  }
}
