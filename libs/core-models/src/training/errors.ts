/** Training stopped because a loss became NaN or infinite; the last good checkpoint is kept. */
export class NonFiniteLossError extends Error {
  override name = 'NonFiniteLossError';
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly terms: Record<string, number>,
  ) {
    const shown = Object.entries(terms)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    super(
      `loss became non-finite at epoch ${epoch + 1}, batch ${batch + 1} (${shown}); ` +
        'the run stopped before applying that update and keeps its last good checkpoint — lower the learning rate or check the inputs',
    );
  }
}
