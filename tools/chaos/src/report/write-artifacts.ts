import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningService } from '@mini-commerce/system-harness';
import type { ChaosReport } from './report';

/**
 * report.json always; on a failed run also every service's log (killed
 * processes included), one file per process, for the post-mortem.
 */
export function writeArtifacts(outDir: string, report: ChaosReport, text: string, services: readonly RunningService[]): string[] {
  mkdirSync(outDir, { recursive: true });
  const written = [join(outDir, 'report.json'), join(outDir, 'report.txt')];
  writeFileSync(written[0], `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(written[1], text);
  if (report.verdict === 'fail') {
    const logDir = join(outDir, 'logs');
    mkdirSync(logDir, { recursive: true });
    services.forEach((service, index) => {
      const file = join(logDir, `${String(index + 1).padStart(2, '0')}-${service.name.replace(/\W/g, '_')}.log`);
      writeFileSync(file, `${service.output.join('\n')}\n`);
      written.push(file);
    });
  }
  return written;
}
