import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Linux /proc readers; every function returns null where /proc is not available. */

let clockTicks: number | null = null;

function ticksPerSecond(): number {
  if (clockTicks === null) {
    const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    clockTicks = Number(answer.stdout?.trim()) || 100;
  }
  return clockTicks;
}

/** Resident set size in bytes. */
export function readRssBytes(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** User + system CPU time the process has used so far, in seconds. */
export function readCpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / ticksPerSecond();
  } catch {
    return null;
  }
}

/** Pids of a program by name (e.g. mariadbd, redis-server), for CPU accounting of the infrastructure. */
export function pidsOf(program: string): number[] {
  const answer = spawnSync('pidof', [program], { encoding: 'utf8' });
  if (answer.status !== 0 || !answer.stdout) return [];
  return answer.stdout.trim().split(/\s+/).map(Number).filter(Boolean);
}

/** The soft limit on open files this process (and every child it starts) has. */
export function openFileLimit(): number | null {
  try {
    const match = /Max open files\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!match) return null;
    return match[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(match[1]);
  } catch {
    return null;
  }
}

export const MB = 1024 * 1024;
