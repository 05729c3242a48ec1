/**
 * Progress on stderr while the benchmark runs (stdout carries the final
 * table): one line per step, prefixed with the elapsed time. On a terminal,
 * `update` rewrites the current line instead of adding one.
 */
export class Progress {
  private readonly started = performance.now();
  private openLine = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  step(message: string): void {
    this.closeLine();
    this.stream.write(`${this.stamp()} ${message}\n`);
  }

  update(message: string): void {
    if (!this.stream.isTTY) return;
    this.stream.write(`\r\x1b[2K${this.stamp()} ${message}`);
    this.openLine = true;
  }

  elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  private closeLine(): void {
    if (this.openLine) this.stream.write('\r\x1b[2K');
    this.openLine = false;
  }

  private stamp(): string {
    const seconds = Math.floor(this.elapsedSeconds());
    return `[bench ${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}]`;
  }
}
