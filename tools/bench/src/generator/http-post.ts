import { Agent, request } from 'node:http';

export interface PostAnswer {
  status: number;
  body: string;
}

/** Keep-alive connections to the system, shared by every request of a job. */
export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/** POSTs a JSON body; resolves with the status (0 on a network error) and the body. */
export function postJson(url: string, body: string, headers: Record<string, string>, agent: Agent, timeoutMs = 30_000): Promise<PostAnswer> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', () => resolve({ status: 0, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, body: error.message }));
    req.end(body);
  });
}
