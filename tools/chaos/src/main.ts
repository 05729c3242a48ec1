import { whenParentExits } from '@mini-commerce/system-harness';
import { parseOptions, USAGE, type ChaosOptions } from './cli/options';
import { ChaosRun } from './runner/chaos-run';
import { formatReport } from './report/table';
import { writeArtifacts } from './report/write-artifacts';

/**
 * `npm run chaos [-- --short]`: the fault-injection suite. Exit code 0 when
 * every invariant held, 1 on any violation, 2 when the run itself could not be
 * carried out (the system did not start, a port was busy), 130 when interrupted.
 */
async function main(): Promise<number> {
  let options: ChaosOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  // A closed stdout (`| head`) must not kill the run before it has stopped its processes.
  process.stdout.on('error', () => undefined);

  const run = new ChaosRun(options);
  const interrupt = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the chaos run…\n`);
    void run.shutdown().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  whenParentExits(() => interrupt('SIGHUP'));

  const { report, services } = await run.run();
  const text = formatReport(report);
  process.stdout.write(`\n${text}`);
  const files = writeArtifacts(options.outDir, report, text, services);
  process.stdout.write(`Report: ${files[0]}${files.length > 2 ? ` (service logs in ${options.outDir}/logs)` : ''}\n`);
  return report.verdict === 'pass' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`chaos run could not be carried out: ${error.stack ?? error.message}\n`);
    process.exit(2);
  },
);
