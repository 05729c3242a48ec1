/**
 * CPU profiler for the services, loaded with NODE_OPTIONS="--require <this file>"
 * (Node 20 refuses --cpu-prof in NODE_OPTIONS). It samples from start-up and
 * writes a V8 .cpuprofile — the format `node --cpu-prof` writes — into
 * BENCH_CPU_PROFILE_DIR when the process exits. Nest stops on SIGTERM and then
 * re-raises the signal, which would kill the process before any 'exit'
 * handler runs, so the re-raised signal is caught here: profile, then exit.
 * Plain JavaScript: the services run the built bundles with plain node.
 */
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');

  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // An in-process session answers synchronously, so this works inside 'exit' too.
    session.post('Profiler.stop', (error, result) => {
      if (!error) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      }
    });
  };

  process.on('exit', write);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    let received = 0;
    process.on(signal, () => {
      received += 1;
      // The first signal is the application's to handle (graceful shutdown); the
      // second is Nest re-raising it once done. A fallback covers apps that never exit.
      if (received === 1) {
        setTimeout(() => {
          write();
          process.exit(0);
        }, 30_000).unref();
        return;
      }
      write();
      process.exit(0);
    });
  }
}
