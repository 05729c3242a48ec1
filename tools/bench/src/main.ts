import { whenParentExits } from '@mini-commerce/system-harness';
import { BenchRun } from './bench-run';
import { parseOptions, UsageError, USAGE } from './cli/options';
import { formatProfileSummary } from './profiling/cpu-profile-summary';
import { formatReport } from './report/table';
import { writeArtifacts } from './report/write-artifacts';

/**
 * `npm run bench`: starts mini-commerce in production mode on ports of its
 * own, runs the scenarios, stops everything, prints the report and writes
 * results.json + latency.svg (default: artifacts/bench/).
 */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }

  const run = new BenchRun(options);
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) {
      run.killNow();
      process.exit(130);
    }
    interrupted = true;
    run.progress.step(`${signal}: stopping everything this run started…`);
    void run.shutdown().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  whenParentExits(() => interrupt('SIGHUP'));
  process.on('exit', () => run.killNow());

  try {
    const results = await run.run();
    const paths = writeArtifacts(options.outDir, results);
    process.stdout.write(formatReport(results));
    if (results.profiles.length) process.stdout.write(`\nCPU profiles\n${results.profiles.map(formatProfileSummary).join('\n\n')}\n`);
    process.stdout.write(`\nWrote ${paths.json}, ${paths.svg} and ${paths.table}\n`);
    return 0;
  } catch (error) {
    // Interrupted: the scenario failed because its processes were stopped; finish stopping first.
    if (interrupted) {
      await run.shutdown();
      return 130;
    }
    run.progress.step(`benchmark failed: ${(error as Error).stack ?? error}`);
    await run.shutdown();
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
