import { SingleBar, Presets } from 'cli-progress';

/**
 * Training progress on stderr (stdout stays machine-readable): a bar with ETA per epoch on a
 * terminal, one line per epoch otherwise (CI logs, pipes).
 */
export class TrainingProgress {
  private bar: SingleBar | undefined;
  private readonly interactive = Boolean(process.stderr.isTTY);

  epochStarted(epoch: number, epochs: number, batches: number, phase: string): void {
    if (!this.interactive) return;
    this.bar?.stop();
    this.bar = new SingleBar(
      { stream: process.stderr, format: `epoch ${epoch + 1}/${epochs} ${phase} |{bar}| {value}/{total} batches  loss {loss}  ETA {eta_formatted}`, hideCursor: true },
      Presets.shades_classic,
    );
    this.bar.start(batches, 0, { loss: '—' });
  }

  batchDone(batch: number, loss: number): void {
    this.bar?.update(batch, { loss: loss.toFixed(4) });
  }

  epochDone(epoch: number, epochs: number, metrics: Record<string, number>, seconds: number): void {
    this.bar?.stop();
    this.bar = undefined;
    const shown = ['train/loss', 'train/auc', 'val/auc', 'val/accuracy']
      .filter((k) => metrics[k] !== undefined)
      .map((k) => `${k} ${metrics[k]!.toFixed(4)}`)
      .join('  ');
    process.stderr.write(`epoch ${epoch + 1}/${epochs}  ${shown}  (${seconds.toFixed(1)} s)\n`);
  }

  stop(): void {
    this.bar?.stop();
  }
}
