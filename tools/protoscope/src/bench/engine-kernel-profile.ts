/**
 * Where the reference workload's time goes on the `torch` backend, kernel by kernel: every call into
 * the addon (kernels, writes, reads, disposals) timed from the binding, wall and CPU, per batch, with
 * each kernel's n-th call in a batch on its own line (the first convolution apart from the second).
 * The PyTorch side's counterpart is bench/torch/profile_reference.py. Run from the workspace root:
 *
 *   PROTOSCOPE_TORCH_THREADS=1 npx tsx tools/protoscope/src/bench/engine-kernel-profile.ts infer 100
 *
 * (modes: infer, gradcam, train, mdm — one MDM optimisation of the explainer benchmark's 8 images,
 * 10 iterations of 32 masked rows; then the number of timed batches, after 10 untimed ones). CPU is the
 * process's (`process.cpuUsage()`), so a busy machine does not inflate it the way it inflates wall time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ReferenceWorkload, referenceBatch } from '@protoscope/core-models';
import { initEngine } from '@protoscope/engine';
import { createMdm } from '@protoscope/eval';
import { EXPLAINER_WORKLOAD, explainerImages } from './explainer-benchmark';

type Mode = 'infer' | 'gradcam' | 'train' | 'mdm';
const MODES: readonly Mode[] = ['infer', 'gradcam', 'train', 'mdm'];
const WARM_UP = 10;

interface Timing {
  calls: number;
  wallMs: number;
  cpuMs: number;
}

type AddonFunction = (...args: unknown[]) => unknown;

/** Wraps the addon's functions so each call adds to `timings`, keyed by kernel name and occurrence. */
function instrument(addon: Record<string, AddonFunction>, timings: Map<string, Timing>, occurrences: Map<string, number>): { enabled: boolean } {
  const state = { enabled: false };
  for (const name of ['run', 'write', 'read', 'dispose']) {
    const original = addon[name]!.bind(addon);
    addon[name] = (...args: unknown[]) => {
      if (!state.enabled) return original(...args);
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const result = original(...args);
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const used = process.cpuUsage(cpu);
      const kernel = name === 'run' ? String(args[0]) : name;
      const nth = (occurrences.get(kernel) ?? 0) + 1;
      occurrences.set(kernel, nth);
      const key = name === 'run' ? `${kernel} #${nth}` : kernel;
      const timing = timings.get(key) ?? { calls: 0, wallMs: 0, cpuMs: 0 };
      timing.calls++;
      timing.wallMs += wallMs;
      timing.cpuMs += (used.user + used.system) / 1000;
      timings.set(key, timing);
      return result;
    };
  }
  return state;
}

async function main(argv: string[]): Promise<void> {
  const mode = (argv[0] ?? 'infer') as Mode;
  const batches = Number(argv[1] ?? 100);
  if (!MODES.includes(mode)) throw new Error(`mode must be one of ${MODES.join(', ')}, not '${mode}'`);
  if (!Number.isInteger(batches) || batches < 1) throw new Error(`batches must be a whole number ≥ 1, not '${argv[1]}'`);
  const engine = await initEngine({});
  if (engine.backend !== 'torch') throw new Error(`this profile times the torch addon; the engine chose ${engine.backend}`);
  const addon = (tf.backend() as unknown as { addon: Record<string, AddonFunction> }).addon;
  const timings = new Map<string, Timing>();
  const occurrences = new Map<string, number>();
  const recording = instrument(addon, timings, occurrences);

  const model = new ReferenceWorkload(0);
  const batch = referenceBatch(1);
  const { mdm, batchSize } = EXPLAINER_WORKLOAD;
  const mdmImages = tf.slice(explainerImages(EXPLAINER_WORKLOAD, 0), 0, mdm.images);
  const explainer = createMdm({ logits: (x) => model.logits(x), classes: 2, name: 'reference workload' });
  const steps: Record<Mode, () => void | Promise<void>> = {
    infer: () => {
      const logits = model.logits(batch.images);
      logits.dataSync();
      logits.dispose();
    },
    gradcam: () => {
      const maps = model.gradCam(batch.images);
      maps.dataSync();
      maps.dispose();
    },
    train: () => void model.trainStep(batch),
    mdm: async () => void (await explainer.attribute(mdmImages, { ...mdm, batchSize, seed: 0 })),
  };
  const step = async () => {
    occurrences.clear();
    await steps[mode]();
  };
  for (let i = 0; i < WARM_UP; i++) await step();
  const faults = process.resourceUsage().minorPageFault;
  recording.enabled = true;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < batches; i++) await step();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6 / batches;
  const used = process.cpuUsage(cpu);
  recording.enabled = false;

  const rows = [...timings.entries()].sort((a, b) => b[1].cpuMs - a[1].cpuMs);
  const per = (value: number) => (value / batches).toFixed(3).padStart(8);
  console.log(`${mode}, ${batches} batches of ${batch.images.shape[0]}, ${engine.threads} thread(s); per batch:`);
  console.log(`${'addon call'.padEnd(34)}${'calls'.padStart(7)}${'wall ms'.padStart(9)}${'CPU ms'.padStart(9)}`);
  for (const [key, timing] of rows) console.log(`${key.padEnd(34)}${(timing.calls / batches).toFixed(1).padStart(7)} ${per(timing.wallMs)} ${per(timing.cpuMs)}`);
  const inAddon = rows.reduce((sum, [, t]) => ({ wallMs: sum.wallMs + t.wallMs, cpuMs: sum.cpuMs + t.cpuMs }), { wallMs: 0, cpuMs: 0 });
  console.log(
    `total: wall ${wallMs.toFixed(2)} ms, CPU ${((used.user + used.system) / 1000 / batches).toFixed(2)} ms per batch; ` +
      `in the addon wall ${(inAddon.wallMs / batches).toFixed(2)}, CPU ${(inAddon.cpuMs / batches).toFixed(2)}; ` +
      `minor page faults ${((process.resourceUsage().minorPageFault - faults) / batches).toFixed(1)} per batch`,
  );
  model.dispose();
  tf.dispose([batch.images, batch.labels, mdmImages]);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`engine-kernel-profile: ${error.message}`);
  process.exitCode = 1;
});
