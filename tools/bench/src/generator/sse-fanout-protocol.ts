/** Messages between the main process and an SSE client-group process. */
export type FanoutCommand =
  | { cmd: 'connect'; url: string; count: number; lastEventId: number; parallelism: number }
  | { cmd: 'arm'; correlationId: string; eventType: string }
  | { cmd: 'collect'; timeoutMs: number }
  | { cmd: 'close' };

export type FanoutReport =
  | { type: 'ready' }
  | { type: 'progress'; connected: number; failed: number }
  | { type: 'connected'; connected: number; failed: number; retries: number; firstError: string | null }
  | { type: 'armed' }
  /** Absolute arrival times (performance.timeOrigin + now, ms) of the armed event, one per client that got it. */
  | { type: 'arrivals'; times: number[]; missing: number; dropped: number }
  | { type: 'closed'; cpuSeconds: number };
