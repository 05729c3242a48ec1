import type { BenchResults, TargetCheck } from './results';

/** The targets, reported against (never asserted). A target whose figure was not measured is null. */
export function evaluateTargets(results: Pick<BenchResults, 'scenarios'>): TargetCheck[] {
  const { orderAcceptance, e2eLatency, pipeline, sseFanout, footprint } = results.scenarios;
  const acceptance = (target: string) =>
    orderAcceptance?.rows.find((row) => row.target === target && row.concurrency === 50)?.ratioToBare.requestsPerSecond ?? null;
  const e2e200 = e2eLatency?.rows.find((row) => row.offeredRate === 200)?.latencyMs ?? null;
  const paid2 = pipeline?.rows.find((row) => row.workers === 2)?.paidPerSecond ?? null;
  const sse10k = sseFanout?.rows.find((row) => row.clients === 10_000)?.deliveryMs.p99 ?? null;
  const idle = footprint?.services.map((service) => service.idleRssMB).filter((mb): mb is number => mb !== null) ?? [];
  const maxIdle = idle.length ? Math.max(...idle) : null;

  return [
    check('acceptance-order-c50', 'Order acceptance on order at c=50, as a share of the bare ceiling', '≥ 0.75 × bare', acceptance('order'), '× bare', (v) => v >= 0.75),
    check('acceptance-bff-c50', 'The same through the BFF (informational: the BFF adds a hop)', '≥ 0.75 × bare', acceptance('client-bff'), '× bare', (v) => v >= 0.75),
    check('e2e-p99-200', 'End-to-end p99 (POST → order.paid on SSE) at 200 orders/s', '≤ 50 ms', e2e200?.p99 ?? null, 'ms', (v) => v <= 50),
    check('e2e-p50-200', 'End-to-end p50 at 200 orders/s', '≤ 10 ms', e2e200?.p50 ?? null, 'ms', (v) => v <= 10),
    check('pipeline-2-workers', 'Sustained paid orders per second with 2 workers', '≥ 1,500 /s', paid2, 'paid/s', (v) => v >= 1_500),
    check('sse-10k-p99', 'SSE fan-out to 10,000 clients: p99 time to the event', '≤ 1,000 ms', sse10k, 'ms', (v) => v <= 1_000),
    check('idle-rss', 'Idle RSS of the largest service', '≤ 120 MB each', maxIdle, 'MB', (v) => v <= 120),
  ];
}

function check(
  id: string,
  description: string,
  target: string,
  measured: number | null,
  unit: string,
  passes: (value: number) => boolean,
): TargetCheck {
  const known = measured !== null && Number.isFinite(measured);
  return { id, description, target, measured: known ? measured : null, unit, met: known ? passes(measured) : null };
}
