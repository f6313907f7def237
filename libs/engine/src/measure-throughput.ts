/** How long to measure: warm-up calls are not timed; then calls run until both minimums are met. */
export interface MeasureOptions {
  warmup: number;
  minCalls: number;
  minSeconds: number;
}

export interface Throughput {
  calls: number;
  seconds: number;
  secondsPerCall: number;
}

/** Times a synchronous call (which must finish its work before returning, e.g. by reading its result). */
export function measureThroughput(call: () => void, options: MeasureOptions): Throughput {
  for (let i = 0; i < options.warmup; i++) call();
  const start = process.hrtime.bigint();
  let calls = 0;
  let seconds = 0;
  while (calls < options.minCalls || seconds < options.minSeconds) {
    call();
    calls++;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { calls, seconds, secondsPerCall: seconds / calls };
}

/** The same for an asynchronous call (one awaited at a time). */
export async function measureThroughputAsync(call: () => Promise<void>, options: MeasureOptions): Promise<Throughput> {
  for (let i = 0; i < options.warmup; i++) await call();
  const start = process.hrtime.bigint();
  let calls = 0;
  let seconds = 0;
  while (calls < options.minCalls || seconds < options.minSeconds) {
    await call();
    calls++;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { calls, seconds, secondsPerCall: seconds / calls };
}
