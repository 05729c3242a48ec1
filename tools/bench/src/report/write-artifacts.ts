import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProfileSummary } from '../profiling/cpu-profile-summary';
import type { BenchResults } from './results';
import { renderLatencyChart } from './svg-chart';
import { formatReport } from './table';

export interface ArtifactPaths {
  json: string;
  svg: string;
  table: string;
}

/** results.json, latency.svg and the printed report as report.txt, under `outDir`. */
export function writeArtifacts(outDir: string, results: BenchResults): ArtifactPaths {
  mkdirSync(outDir, { recursive: true });
  const paths = { json: join(outDir, 'results.json'), svg: join(outDir, 'latency.svg'), table: join(outDir, 'report.txt') };
  writeFileSync(paths.json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(paths.svg, renderLatencyChart(results));
  const profiles = results.profiles.length ? `\nCPU profiles\n${results.profiles.map(formatProfileSummary).join('\n\n')}\n` : '';
  writeFileSync(paths.table, formatReport(results) + profiles);
  return paths;
}
