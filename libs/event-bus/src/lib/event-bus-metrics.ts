import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const EVENTS_PUBLISHED = 'mini_commerce_events_published_total';

export const eventsPublishedCounter = makeCounterProvider({
  name: EVENTS_PUBLISHED,
  help: 'Order events handed to the event bus, by type (once per event, whatever the number of subscribers).',
  labelNames: ['type'],
});
