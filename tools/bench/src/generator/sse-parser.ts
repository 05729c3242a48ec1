export interface SseMessage {
  event: string;
  id: string;
  data: string;
}

/**
 * Incremental Server-Sent Events parser for raw sockets: feed it chunks as
 * they arrive, it calls `onMessage` for each complete message. Only the fields
 * the benchmark needs (event, id, data); comments and `retry:` are skipped.
 */
export class SseParser {
  private buffer = '';

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.parseBlock(block);
    }
  }

  private parseBlock(block: string): void {
    let event = 'message';
    let id = '';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) this.onMessage({ event, id, data: data.join('\n') });
  }
}
