import type { ChaosProfile } from '../cli/profiles';
import { BffRestart } from './bff-restart';
import type { ScheduledFault } from './fault';
import { MariaDbRestart } from './mariadb-restart';
import { PaymentOutage } from './payment-outage';
import { RedisRestart } from './redis-restart';
import { WorkerSigkill } from './worker-sigkill';

/** The faults of a run, in the order the issue lists them; each waits for the previous one to recover. */
export function faultSchedule(profile: ChaosProfile): ScheduledFault[] {
  const shortPause = [0, 1_000] as const;
  return [
    { fault: new WorkerSigkill(), times: profile.workerKills, pauseMs: profile.workerKillPauseMs },
    { fault: new PaymentOutage(profile.paymentOutageMs), times: 1, pauseMs: shortPause },
    { fault: new RedisRestart(profile.redisOutageMs), times: 1, pauseMs: shortPause },
    { fault: new MariaDbRestart(profile.databaseOutageMs), times: 1, pauseMs: shortPause },
    { fault: new BffRestart(profile.bffDownMs), times: 1, pauseMs: shortPause },
  ];
}
