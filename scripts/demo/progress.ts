import { Presets, SingleBar } from 'cli-progress';

/** How far the run is: a bar on a terminal, a line now and then elsewhere (CI logs), or nothing. */
export interface Progress {
  start(total: number): void;
  /** One more step done, in `phase` (what is being created). */
  tick(phase: string): void;
  stop(): void;
}

export type ProgressMode = 'bar' | 'lines' | 'none';

export function progressFor(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (mode === 'bar') return new BarProgress(stream);
  if (mode === 'lines') return new LineProgress(stream);
  return { start: () => undefined, tick: () => undefined, stop: () => undefined };
}

class BarProgress implements Progress {
  private readonly bar: SingleBar;
  private value = 0;

  constructor(stream: NodeJS.WriteStream) {
    this.bar = new SingleBar(
      { stream, format: ' {bar} {percentage}% | {value}/{total} | {phase}', hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
      Presets.shades_classic,
    );
  }

  start(total: number): void {
    this.bar.start(total, 0, { phase: 'starting' });
  }

  tick(phase: string): void {
    this.value += 1;
    this.bar.update(this.value, { phase });
  }

  stop(): void {
    this.bar.stop();
  }
}

/** A line at every tenth of the way, saying what is being created. */
class LineProgress implements Progress {
  private total = 0;
  private value = 0;
  private tenth = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(total: number): void {
    this.total = Math.max(1, total);
  }

  tick(phase: string): void {
    this.value += 1;
    const tenth = Math.floor((this.value * 10) / this.total);
    if (tenth === this.tenth) return;
    this.tenth = tenth;
    this.stream.write(`demo: ${String(Math.min(100, Math.round((this.value * 100) / this.total))).padStart(3)}% (${this.value}/${this.total}) ${phase}\n`);
  }

  stop(): void {}
}
