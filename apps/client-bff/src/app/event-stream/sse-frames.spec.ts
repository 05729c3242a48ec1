import { orderEventWithId } from '@mini-commerce/testing';
import { ResumePoint, type OrderEventDto } from '@mini-commerce/contracts';
import type { StreamedEvent } from './live-events.service';
import { controlFrame, frameOf } from './sse-frames';

const streamed = (event: OrderEventDto, resumeAt = new ResumePoint(event.id)): StreamedEvent => ({ event, resumeAt });

describe('SSE frames', () => {
  it('renders an event as id, event type and one line of JSON data', () => {
    const event = orderEventWithId(42, { data: { note: 'two\nlines\r\nhere' } });

    expect(frameOf(streamed(event))).toBe(`id: 42\nevent: order.created\ndata: ${JSON.stringify(event)}\n\n`);
    expect(frameOf(streamed(event)).split('\n')).toHaveLength(5);
  });

  it('gives as the id the point to resume from, which names the lower ids not delivered yet', () => {
    const event = orderEventWithId(42);

    expect(frameOf(streamed(event, new ResumePoint(42, [38, 40, 41])))).toMatch(/^id: 42 except 38,40-41\nevent: /);
  });

  it('renders each event object once', () => {
    const event = streamed(orderEventWithId(1));
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const frames = Array.from({ length: 100 }, () => frameOf(event));

      expect(stringify).toHaveBeenCalledTimes(1);
      expect(new Set(frames).size).toBe(1);
      // The same event with another connection's resume point: its own frame, the same JSON.
      expect(frameOf({ ...event, resumeAt: new ResumePoint(3, [2]) })).toMatch(/^id: 3 except 2\n/);
      expect(stringify).toHaveBeenCalledTimes(1);
      // Another object, even with the same content, is another event.
      frameOf(streamed({ ...event.event }));
      expect(stringify).toHaveBeenCalledTimes(2);
    } finally {
      stringify.mockRestore();
    }
  });

  it('keeps a line break in the id or type from starting another field', () => {
    const event = { ...orderEventWithId(7), type: 'order.paid\ndata: forged' } as unknown as OrderEventDto;

    expect(frameOf(streamed(event))).toMatch(/^id: 7\nevent: order.paiddata: forged\ndata: \{/);
  });

  it('renders a control message without an id, so the client keeps its Last-Event-ID', () => {
    expect(controlFrame('reconnect', 'this server is shutting down', 1_000)).toBe(
      'event: reconnect\nretry: 1000\ndata: this server is shutting down\n\n',
    );
    expect(controlFrame('error', 'first\nsecond')).toBe('event: error\ndata: first\ndata: second\n\n');
  });
});
