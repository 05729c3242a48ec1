import Redis from 'ioredis';
import { BenchDatabase } from './system/bench-database';
import { BenchSystem } from './system/bench-system';

async function main() {
  const db = await BenchDatabase.create('mysql://root@127.0.0.1:3306');
  const system = new BenchSystem({ portBase: 31000, databaseUrl: db.url, redisUrl: 'redis://127.0.0.1:6379', logLevel: 'warn', profile: [], profileDir: '/tmp/p', nodeOptions: '' } as never);
  try {
    await system.start();
    const sub = new Redis('redis://127.0.0.1:6379');
    const sent = new Map<string, number>();
    const lat: number[] = [];
    await sub.subscribe(system.eventsChannel);
    sub.on('message', (_c, m) => {
      const e = JSON.parse(m).data;
      if (e.type === 'order.paid' && sent.has(e.orderId)) lat.push(performance.now() - sent.get(e.orderId)!);
    });
    const rate = Number(process.argv[2] ?? 200);
    const end = performance.now() + 5000;
    const start = performance.now();
    let n = 0;
    while (performance.now() < end) {
      const due = start + (n * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      n++;
      const t = performance.now();
      void fetch(`${system.orderUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerName: 'a', productName: 'b', quantity: 1, amount: 20000 }) })
        .then((r) => r.json())
        .then((o: { id: string }) => sent.set(o.id, t));
    }
    await new Promise((r) => setTimeout(r, 2000));
    lat.sort((a, b) => a - b);
    console.log('n', lat.length, 'p50', lat[Math.floor(lat.length / 2)]?.toFixed(1), 'p99', lat[Math.floor(lat.length * 0.99)]?.toFixed(1));
    const w = system.service('queue-worker')!.output.filter((l) => l.includes('probe'));
    console.log(w.slice(-40).map((l) => { const j = JSON.parse(l); return j.msg + ' ' + JSON.stringify(j.probe); }).join('\n'));
    sub.disconnect();
  } finally {
    await system.stop();
    await (db as unknown as { drop(): Promise<void> }).drop?.();
  }
}
void main();
