import { orderEventWithId } from '@mini-commerce/testing';
import type { OrderEventDto } from '@mini-commerce/contracts';
import { controlFrame, frameOf } from './sse-frames';

describe('SSE frames', () => {
  it('renders an event as id, event type and one line of JSON data', () => {
    const event = orderEventWithId(42, { data: { note: 'two\nlines\r\nhere' } });

    expect(frameOf(event)).toBe(`id: 42\nevent: order.created\ndata: ${JSON.stringify(event)}\n\n`);
    expect(frameOf(event).split('\n')).toHaveLength(5);
  });

  it('renders each event object once', () => {
    const event = orderEventWithId(1);
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const frames = Array.from({ length: 100 }, () => frameOf(event));

      expect(stringify).toHaveBeenCalledTimes(1);
      expect(new Set(frames).size).toBe(1);
      // Another object, even with the same content, is another event.
      frameOf({ ...event });
      expect(stringify).toHaveBeenCalledTimes(2);
    } finally {
      stringify.mockRestore();
    }
  });

  it('keeps a line break in the id or type from starting another field', () => {
    const event = { ...orderEventWithId(7), type: 'order.paid\ndata: forged' } as unknown as OrderEventDto;

    expect(frameOf(event)).toMatch(/^id: 7\nevent: order.paiddata: forged\ndata: \{/);
  });

  it('renders a control message without an id, so the client keeps its Last-Event-ID', () => {
    expect(controlFrame('reconnect', 'this server is shutting down', 1_000)).toBe(
      'event: reconnect\nretry: 1000\ndata: this server is shutting down\n\n',
    );
    expect(controlFrame('error', 'first\nsecond')).toBe('event: error\ndata: first\ndata: second\n\n');
  });
});
