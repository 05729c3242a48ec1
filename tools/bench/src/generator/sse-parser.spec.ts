import { SseParser, type SseMessage } from './sse-parser';

describe('SseParser', () => {
  it('parses messages split across chunks and skips comments and blank keep-alives', () => {
    const messages: SseMessage[] = [];
    const parser = new SseParser((message) => messages.push(message));
    parser.push('\n');
    parser.push('event: order.created\nid: 7\nda');
    parser.push('ta: {"a":1}\n\n: comment\n\nevent: order.paid\nid: 8\ndata: {"b":2}\n');
    expect(messages).toEqual([{ event: 'order.created', id: '7', data: '{"a":1}' }]);
    parser.push('\n');
    expect(messages[1]).toEqual({ event: 'order.paid', id: '8', data: '{"b":2}' });
  });
});
