import { busyPorts, portLayout } from '@mini-commerce/system-harness';

/** Where the tool's own servers listen, above the run's port base. */
export const TOOL_PORT_OFFSETS = { bareServer: 20, nestFloor: 21, privateRedis: 30 } as const;

/** Every port a run listens on: the layout, extra workers' health ports, the ceiling's servers and a private Redis. */
export function portsOfRun(base: number): number[] {
  const layout = Object.values(portLayout(base)).map(Number).filter(Number.isInteger);
  const extraWorkers = [103, 203, 303].map((offset) => base + offset);
  const tools = Object.values(TOOL_PORT_OFFSETS).map((offset) => base + offset);
  return [...new Set([...layout, ...extraWorkers, ...tools])].sort((a, b) => a - b);
}

/** Fails early, naming the ports, when another run (or anything else) already uses one. */
export async function assertPortsFree(base: number): Promise<void> {
  const busy = await busyPorts(portsOfRun(base));
  if (busy.length) {
    throw new Error(`ports ${busy.join(', ')} are in use (another benchmark run?); choose another --port-base`);
  }
}
