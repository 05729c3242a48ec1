import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ProfileSummary } from '../report/results';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script belongs: an npm package, node core, the app bundle, or a V8 pseudo-frame. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName || '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + 'node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  if (url.startsWith('node:')) return 'node core';
  const app = /dist\/apps\/([^/]+)\//.exec(url);
  if (app) return `app bundle (${app[1]})`;
  return url.split('/').pop() ?? url;
}

/**
 * Self time per function and per package of a V8 .cpuprofile (`node --cpu-prof`).
 * Idle time is left out of the total, so percentages are of the time the
 * process was actually on a CPU.
 */
export function summariseProfile(profile: CpuProfile, service: string, file: string, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map<number, number>();
  profile.samples.forEach((nodeId, index) => {
    selfByNode.set(nodeId, (selfByNode.get(nodeId) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byFunction = new Map<string, { function: string; location: string; selfUs: number }>();
  const byPackage = new Map<string, number>();
  let totalUs = 0;
  for (const [nodeId, selfUs] of selfByNode) {
    const frame = byId.get(nodeId)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    totalUs += selfUs;
    const name = frame.functionName || '(anonymous)';
    const location = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${name}@${location}`;
    const entry = byFunction.get(key) ?? { function: name, location, selfUs: 0 };
    entry.selfUs += selfUs;
    byFunction.set(key, entry);
    const pkg = packageOf(frame.url, name);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + selfUs);
  }
  const percent = (us: number) => (totalUs > 0 ? Math.round((us / totalUs) * 1000) / 10 : 0);
  const ms = (us: number) => Math.round(us / 100) / 10;
  return {
    service,
    file,
    totalMs: ms(totalUs),
    topFunctions: [...byFunction.values()]
      .sort((a, b) => b.selfUs - a.selfUs)
      .slice(0, top)
      .map((entry) => ({ function: entry.function, location: entry.location, selfMs: ms(entry.selfUs), percent: percent(entry.selfUs) })),
    byPackage: [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([pkg, us]) => ({ package: pkg, selfMs: ms(us), percent: percent(us) })),
  };
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('dist/apps/');
  return dist >= 0 ? url.slice(dist) : url.replace(/^file:\/\//, '');
}

/** Every .cpuprofile under `dir` (one folder per service), summarised. */
export function summariseProfileDir(dir: string, top = 15): ProfileSummary[] {
  const summaries: ProfileSummary[] = [];
  let services: string[];
  try {
    services = readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory());
  } catch {
    return summaries;
  }
  for (const service of services.sort()) {
    for (const file of readdirSync(join(dir, service)).filter((name) => name.endsWith('.cpuprofile'))) {
      const path = join(dir, service, file);
      const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
      summaries.push(summariseProfile(profile, service, relative(dir, path), top));
    }
  }
  return summaries;
}

export function formatProfileSummary(summary: ProfileSummary): string {
  const lines = [`${summary.service} (${summary.file}): ${summary.totalMs} ms on CPU`];
  lines.push('  by package: ' + summary.byPackage.slice(0, 10).map((entry) => `${entry.package} ${entry.percent}%`).join(', '));
  lines.push('  top self time:');
  for (const entry of summary.topFunctions) {
    lines.push(`    ${String(entry.percent).padStart(5)}%  ${String(entry.selfMs).padStart(8)} ms  ${entry.function}  ${entry.location}`);
  }
  return lines.join('\n');
}
