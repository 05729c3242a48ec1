import { setTimeout as sleep } from 'node:timers/promises';
import type { Browsers } from '../load/browsers';
import type { SteadyLoad } from '../load/steady-load';
import type { ChaosSystem } from '../system/chaos-system';
import { terminalEventKeys, unfinishedWork } from './progress-queries';

const POLL_MS = 250;
/** 3 s of nothing new and nothing unfinished. */
const STABLE_POLLS = 12;
/** After the database is quiet, browsers get this long to receive the last events (catch-up runs every 0.5 s). */
const SSE_GRACE_MS = 20_000;

export interface Quiescence {
  /** Every order decided and every payment job finished. */
  quiet: boolean;
  /** From the end of the load until the database was quiet (or gave up). */
  settleMs: number;
  unfinishedOrders: number;
  unfinishedJobs: number;
  /** Every browser has every terminal event. */
  browsersComplete: boolean;
}

/** After the load stops: waits for every checkout's answer, every order's decision and every browser's last event. */
export async function waitForQuiescence(
  system: ChaosSystem,
  load: SteadyLoad,
  browsers: Browsers,
  timeoutMs: number,
): Promise<Quiescence> {
  const startedAt = Date.now();
  const deadline = startedAt + timeoutMs;
  // Checkouts still being retried get a share of the budget; the database's quiet gets the rest.
  await load.settle(timeoutMs / 2);

  // Quiet = nothing unfinished and no new order for STABLE_POLLS polls in a row: a request the
  // client gave up on can still be working its way through the BFF and order, and create an order late.
  let work = await unfinishedWork(system);
  let stablePolls = 0;
  while (stablePolls < STABLE_POLLS && Date.now() < deadline) {
    await sleep(POLL_MS);
    const next = await unfinishedWork(system);
    stablePolls = next.orders === 0 && next.jobs === 0 && next.total === work.total ? stablePolls + 1 : 0;
    work = next;
  }
  const settleMs = Date.now() - startedAt;

  const sseDeadline = Date.now() + SSE_GRACE_MS;
  let browsersComplete = browsers.haveAll(await terminalEventKeys(system));
  while (!browsersComplete && !browsers.allGaveUp() && Date.now() < sseDeadline) {
    await sleep(POLL_MS * 2);
    browsersComplete = browsers.haveAll(await terminalEventKeys(system));
  }
  return {
    quiet: stablePolls >= STABLE_POLLS,
    settleMs,
    unfinishedOrders: work.orders,
    unfinishedJobs: work.jobs,
    browsersComplete,
  };
}
