import { makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { OrderRepository } from '@mini-commerce/order-persistence';

/** Orders by status, read from the database at scrape time (the database is the truth). */
export const ordersByStatusGauge = makeGaugeProvider({
  name: 'mini_commerce_orders',
  help: 'Orders currently in each status.',
  labelNames: ['status'],
  inject: [OrderRepository],
  async collect(this: Gauge<string>, orders: OrderRepository) {
    this.reset();
    for (const { status, count } of await orders.countByStatus()) this.set({ status }, count);
  },
});
