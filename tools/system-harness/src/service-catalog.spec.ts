import { HTTP_PORT_VARIABLE, portLayout } from './service-catalog';

describe('portLayout', () => {
  it('gives the documented default ports (README, .env.example)', () => {
    expect(portLayout()).toMatchObject({
      BFF_HTTP_PORT: '8000',
      ORDER_HTTP_PORT: '8001',
      PAYMENT_HTTP_PORT: '8002',
      WORKER_HTTP_PORT: '8003',
      BFF_EVENTS_PORT: '8010',
      PAYMENT_TCP_PORT: '8012',
      WORKER_EVENTS_PORT: '8013',
    });
  });

  it('gives every service its own port, offset from the base', () => {
    const layout = portLayout(26_000);
    const ports = Object.entries(layout)
      .filter(([name]) => name.endsWith('_PORT'))
      .map(([, value]) => Number(value));

    expect(new Set(ports).size).toBe(ports.length);
    expect(Math.min(...ports)).toBe(26_000);
    expect(Math.max(...ports)).toBeLessThan(26_020);
  });

  it('points each service URL at that service’s HTTP port', () => {
    const layout = portLayout(18_000);

    expect(layout['ORDER_URL']).toBe(`http://127.0.0.1:${layout[HTTP_PORT_VARIABLE.order]}`);
    expect(layout['PAYMENT_URL']).toBe(`http://127.0.0.1:${layout[HTTP_PORT_VARIABLE.payment]}`);
    expect(layout['WORKER_URL']).toBe(`http://127.0.0.1:${layout[HTTP_PORT_VARIABLE['queue-worker']]}`);
  });
});
