import { Agent, request } from 'node:http';

export interface PostAnswer {
  /** 0 when there was no HTTP answer (refused, reset, timed out). */
  status: number;
  body: string;
  /** Why there was no answer: "refused/reset …" or "timeout". */
  failure?: 'network' | 'timeout';
  error?: string;
  /** From the moment the request had a connection until the answer (or failure): the system's share of the wait. */
  answerMs: number;
}

/**
 * A bounded pool of keep-alive connections, like a browser's per-origin limit.
 * Without a bound, an open-loop client facing a slow system opens a socket per
 * waiting checkout (thousands), which is a load test of its own and starves
 * this process's event loop — where the MariaDB and Redis proxies also run.
 */
export function clientAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/** POSTs a JSON body; `timeoutMs` counts from the call, including time spent waiting for a free connection. */
export function postJson(url: string, body: string, headers: Record<string, string>, agent: Agent, timeoutMs: number): Promise<PostAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    let connectedAt = Date.now();
    const finish = (answer: Omit<PostAnswer, 'answerMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, answerMs: Date.now() - connectedAt });
    };
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => finish({ status: res.statusCode ?? 0, body: text }));
        res.on('error', (error) => finish({ status: 0, body: text, failure: 'network', error: error.message }));
      },
    );
    req.once('socket', () => (connectedAt = Date.now()));
    const timer = setTimeout(() => {
      finish({ status: 0, body: '', failure: 'timeout', error: `no answer in ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({ status: 0, body: '', failure: 'network', error: `${error.code ?? ''} ${error.message}`.trim() }),
    );
    req.end(body);
  });
}
