/**
 * Calls `onExit` once this process's parent has exited: the process is re-parented, so
 * its ppid changes. npm runs every script under `sh -c`, and Debian's sh neither execs
 * the command nor passes signals on, so stopping `npm start` (or `npm run bench`) by its
 * pid ends npm and that shell and nothing else; this is how the script's own process
 * learns of it and stops what it started. Ctrl-C in a terminal reaches the whole process
 * group and does not depend on it.
 */
export function whenParentExits(
  onExit: () => void,
  intervalMs = 500,
  parentPid: () => number = () => process.ppid,
): void {
  const parent = parentPid();
  const timer = setInterval(() => {
    if (parentPid() === parent) return;
    clearInterval(timer);
    onExit();
  }, intervalMs);
  timer.unref();
}
