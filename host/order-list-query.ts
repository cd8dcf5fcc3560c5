// The host's orders joined with what the plugin shows for each: one batched payment-view call per list.
import type { Locale, PaymentView } from "../plugin/host-contract/host-contract-types.js";
import type { HostOrderRecord, HostOrderStore } from "./host-order-store.js";
import type { PluginDispatcher } from "./plugin-dispatcher.js";

export type HostOrderView = HostOrderRecord & { paymentView: PaymentView | null };

export async function withPaymentViews(
  records: HostOrderRecord[],
  plugin: PluginDispatcher,
  locale: Locale,
): Promise<HostOrderView[]> {
  if (records.length === 0 || !plugin.declares("order.payment-view")) return records.map((r) => ({ ...r, paymentView: null }));
  const { views } = await plugin.hook("order.payment-view", { orderIds: records.map((r) => r.order.id), locale });
  const byId = new Map(views.map((v) => [v.orderId, v]));
  return records.map((r) => ({ ...r, paymentView: byId.get(r.order.id) ?? null }));
}

export async function listOrderViews(store: HostOrderStore, plugin: PluginDispatcher, locale: Locale): Promise<HostOrderView[]> {
  return withPaymentViews(await store.list(), plugin, locale);
}
