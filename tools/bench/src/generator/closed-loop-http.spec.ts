import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runClosedLoop } from './closed-loop-http';

/** Longer than any answer of this server on an open connection. */
const FIRST_ANSWER_DELAY_MS = 300;

describe('runClosedLoop', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Holds back only the first answer on each connection, as a busy server does
    // while the connection waits to be accepted.
    server = createServer((request, response) => {
      request.resume();
      const answer = () => response.writeHead(201, { 'content-type': 'application/json' }).end('{}');
      const socket = request.socket as typeof request.socket & { answered?: boolean };
      if (socket.answered) return answer();
      socket.answered = true;
      setTimeout(answer, FIRST_ANSWER_DELAY_MS);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reports each connection's first answer apart from the steady state", async () => {
    const result = await runClosedLoop({ kind: 'closed-loop', url, body: '{}', connections: 4, durationSeconds: 1 });

    expect(result.errors).toBe(0);
    expect(result.requests).toBeGreaterThan(4);
    expect(result.firstRequestLatencyMs.p50).toBeGreaterThanOrEqual(FIRST_ANSWER_DELAY_MS);
    expect(result.latencyMs.p50).toBeLessThan(FIRST_ANSWER_DELAY_MS);
  });
});
