import { makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { LiveEventsService } from './live-events.service';

/** Open SSE connections on this BFF: one live-stream subscriber each. */
export const sseClientsGauge = makeGaugeProvider({
  name: 'mini_commerce_sse_clients',
  help: 'Server-Sent Events connections open on this BFF.',
  inject: [LiveEventsService],
  collect(this: Gauge<string>, live: LiveEventsService) {
    this.set(live.subscriberCount);
  },
});
