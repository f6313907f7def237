import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BackendName, type EngineInfo, describeEngine, initEngine } from '@protoscope/engine';
import { runDataParallelBenchmark, runEngineBenchmark } from '@protoscope/core-models';
import { resetTorchFallbacks, torchFallbacks } from '@protoscope/engine-torch';
import { EXPLAINER_WORKLOAD, type ExplainerInputs, explainerInputs, runExplainerBenchmark, writeExplainerInputs } from './explainer-benchmark';
import { type ExplainersReference, runExplainersTorchReference } from './explainers-torch-reference';
import { type Resnet18Reference, runResnet18Benchmark, runResnet18TorchReference } from './resnet18-benchmark';
import { runTorchReference, type TorchReferenceResult } from './torch-reference';

export interface EngineBenchOptions {
  /** Minimum timed training steps (inference and Grad-CAM use the same floor). */
  steps: number;
  minSeconds: number;
  /** PyTorch threads for the reference run. */
  torchThreads: number;
  /** Replicas for the data-parallel measurement (0 skips it). */
  replicas: number;
  /** Skip the PyTorch reference even where torch is importable. */
  torch: boolean;
  /** Backends measured besides the chosen one (default torch, wasm, cpu). */
  backends?: readonly string[];
  /**
   * Paired rounds on the chosen backend: each measures our reference workload and then PyTorch's, one
   * after the other; the ratios are the medians of the rounds' ratios (default 1).
   */
  rounds?: number;
  python?: string;
}

/** One backend's figures on the reference workload, with its ratios to the same PyTorch run. */
export interface BackendFigures {
  backend: string;
  engine: string;
  threads: number;
  trainImgPerSec: number;
  inferImgPerSec: number;
  gradcamMsPerImg: number;
  trainSteps: number;
  /** Kernel calls that fell back to the cpu backend during these measurements (torch only; 0 elsewhere). */
  fallbackKernels: number;
  fallbackByKernel: Record<string, number>;
  ratioTrain: number | null;
  ratioInfer: number | null;
  ratioGradcam: number | null;
  /** MDM and RISE images/s on the explainer workload (null where skipped: the cpu backend needs minutes per image). */
  mdmImgPerSec: number | null;
  riseImgPerSec: number | null;
  ratioMdm: number | null;
  ratioRise: number | null;
}

/** The backends reported side by side, so the cost of falling back stays visible. */
const COMPARED_BACKENDS: BackendName[] = ['torch', 'wasm', 'cpu'];

/** The machine-readable result of `protoscope bench engine --json` (keys are a contract: see README). */
export interface EngineReport {
  benchmark: 'engine';
  workload: string;
  date: string;
  /** `loadAverage`: the 1, 5 and 15 min load averages at the start and end (a shared machine's load moves the figures). */
  machine: { cpus: number; cpuModel: string; node: string; loadAverage: { start: number[]; end: number[] } };
  backend: string;
  engine: string;
  simd: boolean | undefined;
  threads: number;
  trainImgPerSec: number;
  inferImgPerSec: number;
  gradcamMsPerImg: number;
  trainSteps: number;
  finalLoss: number;
  /** Kernel calls of the chosen backend that fell back to cpu during its measurements. */
  fallbackKernels: number;
  /** Every compared backend (the chosen one first); a backend that cannot start says why. */
  backends: (BackendFigures | { backend: string; unavailable: string })[];
  dataParallel: { replicas: number; trainImgPerSec: number; trainSteps: number; finalLoss: number; ratioTrain: number | null } | { skipped: true; reason?: string };
  torch: TorchReferenceResult | { unavailable: string } | { skipped: true };
  /** ResNet-18, 224×224×3, batch 16, train img/s on the chosen backend against PyTorch (native backends only). */
  resnet18:
    | { backend: string; trainImgPerSec: number; trainSteps: number; torch: Resnet18Reference | { unavailable: string } | { skipped: true }; ratioTrain: number | null }
    | { skipped: true; reason: string };
  ratioTrain: number | null;
  ratioInfer: number | null;
  ratioGradcam: number | null;
  /**
   * Each paired round on the chosen backend: ours, PyTorch's run right after, and their ratios. The
   * top-level figures (and `torch`'s) are the rounds' medians; the top-level ratios the medians of
   * the rounds' ratios, so a disturbance during one round moves neither side's figure alone.
   */
  rounds: PairedRound[];
  /** MDM and RISE (libs/eval) on the reference network against the same explainers in PyTorch (bench/torch/explainers_reference.py). */
  explainers: {
    workload: typeof EXPLAINER_WORKLOAD;
    torch: ExplainersReference | { unavailable: string } | { skipped: true };
  };
  mdmImgPerSec: number | null;
  riseImgPerSec: number | null;
  ratioMdm: number | null;
  ratioRise: number | null;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** One round: the reference workload on the chosen backend, then in PyTorch. */
export interface PairedRound {
  trainImgPerSec: number;
  inferImgPerSec: number;
  gradcamMsPerImg: number;
  torch: { trainImgPerSec: number; inferImgPerSec: number; gradcamMsPerImg: number } | null;
  ratioTrain: number | null;
  ratioInfer: number | null;
  ratioGradcam: number | null;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

type WorkloadFigures = Pick<PairedRound, 'trainImgPerSec' | 'inferImgPerSec' | 'gradcamMsPerImg'>;

/** Ours over PyTorch for the speeds; for Grad-CAM's latency, PyTorch's time over ours. */
function workloadRatios(ours: WorkloadFigures, torch: WorkloadFigures | undefined): Pick<PairedRound, 'ratioTrain' | 'ratioInfer' | 'ratioGradcam'> {
  return {
    ratioTrain: torch ? ours.trainImgPerSec / torch.trainImgPerSec : null,
    ratioInfer: torch ? ours.inferImgPerSec / torch.inferImgPerSec : null,
    ratioGradcam: torch ? torch.gradcamMsPerImg / ours.gradcamMsPerImg : null,
  };
}

export function pairedRound(ours: WorkloadFigures, torch: WorkloadFigures | undefined): PairedRound {
  const pick = ({ trainImgPerSec, inferImgPerSec, gradcamMsPerImg }: WorkloadFigures) => ({ trainImgPerSec, inferImgPerSec, gradcamMsPerImg });
  return { ...pick(ours), torch: torch ? pick(torch) : null, ...workloadRatios(ours, torch) };
}

/** The medians over rounds of each figure, ours and PyTorch's, and of each ratio. */
export function combineRounds(rounds: readonly PairedRound[]): { ours: WorkloadFigures; torch: WorkloadFigures | undefined; ratios: ReturnType<typeof workloadRatios> } {
  const medianFigures = (figures: readonly WorkloadFigures[]): WorkloadFigures => ({
    trainImgPerSec: median(figures.map((f) => f.trainImgPerSec)),
    inferImgPerSec: median(figures.map((f) => f.inferImgPerSec)),
    gradcamMsPerImg: median(figures.map((f) => f.gradcamMsPerImg)),
  });
  const torchRounds = rounds.map((r) => r.torch);
  // A round's ratios are null exactly when it ran without PyTorch.
  const paired = torchRounds.every((t) => t !== null);
  return {
    ours: medianFigures(rounds),
    torch: paired ? medianFigures(torchRounds as WorkloadFigures[]) : undefined,
    ratios: paired
      ? {
          ratioTrain: median(rounds.map((r) => r.ratioTrain!)),
          ratioInfer: median(rounds.map((r) => r.ratioInfer!)),
          ratioGradcam: median(rounds.map((r) => r.ratioGradcam!)),
        }
      : { ratioTrain: null, ratioInfer: null, ratioGradcam: null },
  };
}

interface Measured {
  engine: EngineInfo;
  figures: ReturnType<typeof runEngineBenchmark>;
  explainers: { mdmImgPerSec: number; riseImgPerSec: number } | undefined;
  fallbacks: ReturnType<typeof torchFallbacks>;
}

async function measureOn(engine: EngineInfo, measure: { warmup: number; minCalls: number; minSeconds: number }, explainers: ExplainerInputs | undefined): Promise<Measured> {
  resetTorchFallbacks();
  const figures = runEngineBenchmark(measure);
  const explained = explainers ? await runExplainerBenchmark(EXPLAINER_WORKLOAD, explainers, { seed: 0 }) : undefined;
  return {
    engine,
    figures,
    explainers: explained && { mdmImgPerSec: explained.mdmImgPerSec, riseImgPerSec: explained.riseImgPerSec },
    fallbacks: torchFallbacks(),
  };
}

/**
 * Runs the reference workload on the chosen backend, then on the other compared backends (torch, wasm,
 * cpu; cpu with a single step and no warm-up: it needs minutes per step), then in PyTorch in the same invocation.
 */
export async function runEngineReport(options: EngineBenchOptions): Promise<EngineReport> {
  const loadAtStart = os.loadavg();
  const engine = await initEngine();
  const measure = { warmup: 2, minCalls: options.steps, minSeconds: options.minSeconds };
  // One set of RISE masks and MDM starts for every backend and for PyTorch.
  const explainers = explainerInputs(EXPLAINER_WORKLOAD, 0);
  // The cpu backend needs minutes per explained image: its explainer figures are left out.
  const explainersOn = (backend: string) => (backend === 'cpu' ? undefined : explainers);
  const ours = await measureOn(engine, measure, explainersOn(engine.backend));
  // libtorch already uses every core, so replicas are off on torch.
  const parallel =
    options.replicas > 1 && engine.tfBackend !== 'torch' ? await runDataParallelBenchmark(measure, options.replicas) : undefined;
  // A realistic size on the chosen backend, if it is native (wasm would take minutes per step).
  const native = engine.tfBackend === 'torch' || engine.tfBackend === 'tensorflow';
  const others: (Measured | { backend: string; unavailable: string })[] = [];
  const compared = COMPARED_BACKENDS.filter((name) => name !== engine.backend && (options.backends ?? COMPARED_BACKENDS).includes(name));
  for (const backend of compared) {
    try {
      const other = await initEngine({ backend, log: () => undefined });
      others.push(await measureOn(other, backend === 'cpu' ? { warmup: 0, minCalls: 1, minSeconds: 0 } : measure, explainersOn(backend)));
    } catch (error) {
      others.push({ backend, unavailable: (error as Error).message });
    }
  }
  const torch = options.torch
    ? await runTorchReference({ threads: options.torchThreads, trainSteps: options.steps, minSeconds: options.minSeconds, python: options.python })
    : ({ skipped: true } as const);
  const firstReference = 'trainImgPerSec' in torch ? torch : undefined;
  const explainersTorch = options.torch ? await runExplainersReference(explainers, options) : ({ skipped: true } as const);
  const explainersReference = 'mdmImgPerSec' in explainersTorch ? explainersTorch : undefined;
  // Back on the chosen backend for ResNet-18, measured before and after PyTorch's run and averaged, so
  // that a change of load on a shared machine during the run favours neither side.
  if (others.length) await initEngine({ backend: engine.backend, log: () => undefined });
  // Further paired rounds: ours, then PyTorch's right after.
  const rounds = [pairedRound(ours.figures, firstReference)];
  for (let k = 1; k < (options.rounds ?? 1); k++) {
    const again = runEngineBenchmark(measure);
    const theirs = firstReference
      ? await runTorchReference({ threads: options.torchThreads, trainSteps: options.steps, minSeconds: options.minSeconds, python: options.python })
      : undefined;
    rounds.push(pairedRound(again, theirs && 'trainImgPerSec' in theirs ? theirs : undefined));
  }
  const combined = combineRounds(rounds);
  const reference = firstReference && combined.torch ? { ...firstReference, ...combined.torch } : undefined;
  const chosen: Measured = { ...ours, figures: { ...ours.figures, ...combined.ours } };
  const resnetSteps = 2;
  // Three untimed steps on both sides: the first steps of a process grow its heap to the step's size.
  const resnetWarmup = 3;
  const resnetMeasure = { warmup: resnetWarmup, minCalls: resnetSteps, minSeconds: 0 };
  const resnetBefore = native ? runResnet18Benchmark(resnetMeasure) : undefined;
  const resnetTorch =
    resnetBefore && options.torch ? await runResnet18TorchReference({ threads: options.torchThreads, trainSteps: resnetSteps, warmupSteps: resnetWarmup, python: options.python }) : ({ skipped: true } as const);
  const resnetAfter = resnetBefore && 'trainImgPerSec' in resnetTorch ? runResnet18Benchmark(resnetMeasure) : undefined;
  const resnet = resnetBefore && {
    trainImgPerSec: resnetAfter ? (resnetBefore.trainImgPerSec + resnetAfter.trainImgPerSec) / 2 : resnetBefore.trainImgPerSec,
    trainSteps: resnetBefore.trainSteps + (resnetAfter?.trainSteps ?? 0),
  };
  const roundedRatios = (r: ReturnType<typeof workloadRatios>) => ({
    ratioTrain: r.ratioTrain === null ? null : round(r.ratioTrain),
    ratioInfer: r.ratioInfer === null ? null : round(r.ratioInfer),
    ratioGradcam: r.ratioGradcam === null ? null : round(r.ratioGradcam),
  });
  // The chosen backend's ratios are the rounds' medians; another backend's, against PyTorch's medians.
  const ratios = (m: Measured) => roundedRatios(m === chosen ? combined.ratios : workloadRatios(m.figures, reference));
  const explainerRatios = (e: Measured['explainers']) => ({
    mdmImgPerSec: e ? round(e.mdmImgPerSec, 3) : null,
    riseImgPerSec: e ? round(e.riseImgPerSec, 3) : null,
    ratioMdm: e && explainersReference ? round(e.mdmImgPerSec / explainersReference.mdmImgPerSec) : null,
    ratioRise: e && explainersReference ? round(e.riseImgPerSec / explainersReference.riseImgPerSec) : null,
  });
  const figuresOf = (m: Measured): BackendFigures => ({
    backend: m.engine.backend,
    engine: describeEngine(m.engine).replace(/^protoscope: compute backend /, ''),
    threads: m.engine.threads,
    trainImgPerSec: round(m.figures.trainImgPerSec, 2),
    inferImgPerSec: round(m.figures.inferImgPerSec, 2),
    gradcamMsPerImg: round(m.figures.gradcamMsPerImg),
    trainSteps: m.figures.trainSteps,
    fallbackKernels: m.fallbacks.calls,
    fallbackByKernel: m.fallbacks.kernels,
    ...ratios(m),
    ...explainerRatios(m.explainers),
  });
  return {
    benchmark: 'engine',
    workload: '64x64x1 batch 32: 3x(conv3x3+ReLU+maxpool2) 32/64/128, 1x1 conv 64 + sigmoid, 20 prototypes, L2 min-pool, log similarity, linear 2, CE+cluster+separation, Adam',
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverage: { start: loadAtStart.map((l) => round(l, 2)), end: os.loadavg().map((l) => round(l, 2)) },
    },
    backend: engine.backend,
    engine: describeEngine(engine).replace(/^protoscope: compute backend /, ''),
    simd: engine.simd,
    threads: engine.threads,
    trainImgPerSec: round(chosen.figures.trainImgPerSec, 2),
    inferImgPerSec: round(chosen.figures.inferImgPerSec, 2),
    gradcamMsPerImg: round(chosen.figures.gradcamMsPerImg),
    trainSteps: chosen.figures.trainSteps,
    finalLoss: round(chosen.figures.finalLoss, 5),
    fallbackKernels: chosen.fallbacks.calls,
    backends: [figuresOf(chosen), ...others.map((m) => ('figures' in m ? figuresOf(m) : m))],
    dataParallel: parallel
      ? {
          replicas: parallel.replicas,
          trainImgPerSec: round(parallel.trainImgPerSec, 2),
          trainSteps: parallel.trainSteps,
          finalLoss: round(parallel.finalLoss, 5),
          ratioTrain: reference ? round(parallel.trainImgPerSec / reference.trainImgPerSec) : null,
        }
      : engine.tfBackend === 'torch' && options.replicas > 1
        ? { skipped: true, reason: 'replicas are off on torch: libtorch computes on every core' }
        : { skipped: true },
    torch: reference ?? torch,
    resnet18: resnet
      ? {
          backend: engine.backend,
          trainImgPerSec: round(resnet.trainImgPerSec, 2),
          trainSteps: resnet.trainSteps,
          torch: resnetTorch,
          ratioTrain: 'trainImgPerSec' in resnetTorch ? round(resnet.trainImgPerSec / resnetTorch.trainImgPerSec) : null,
        }
      : { skipped: true, reason: `measured on native backends only (this run: ${engine.backend})` },
    ...ratios(chosen),
    rounds: rounds.map((r) => ({
      trainImgPerSec: round(r.trainImgPerSec, 2),
      inferImgPerSec: round(r.inferImgPerSec, 2),
      gradcamMsPerImg: round(r.gradcamMsPerImg),
      torch: r.torch && { trainImgPerSec: round(r.torch.trainImgPerSec, 2), inferImgPerSec: round(r.torch.inferImgPerSec, 2), gradcamMsPerImg: round(r.torch.gradcamMsPerImg) },
      ...roundedRatios(r),
    })),
    explainers: { workload: EXPLAINER_WORKLOAD, torch: explainersTorch },
    ...explainerRatios(ours.explainers),
  };
}

/** Writes the shared masks and starts where the PyTorch script reads them, runs it, and cleans up. */
async function runExplainersReference(inputs: ExplainerInputs, options: EngineBenchOptions): Promise<ExplainersReference | { unavailable: string }> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'protoscope-explainers-'));
  try {
    writeExplainerInputs(directory, EXPLAINER_WORKLOAD, inputs);
    return await runExplainersTorchReference({ threads: options.torchThreads, workload: EXPLAINER_WORKLOAD, inputsDir: directory, python: options.python });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A short human-readable table of a report (what `bench engine` prints without --json). */
export function formatEngineReport(report: EngineReport): string {
  const torch = 'trainImgPerSec' in report.torch ? report.torch : undefined;
  const row = (name: string, ours: number, theirs: number | undefined, ratio: number | null, unit: string) =>
    `${name.padEnd(16)} ${ours.toFixed(2).padStart(10)} ${(theirs?.toFixed(2) ?? '—').padStart(10)} ${(ratio?.toFixed(3) ?? '—').padStart(8)}  ${unit}`;
  const lines = [
    `backend: ${report.engine}`,
    `load average: ${report.machine.loadAverage.start.join(' ')} at start, ${report.machine.loadAverage.end.join(' ')} at end (${report.machine.cpus} cpus)`,
    ...(report.rounds.length > 1 ? [`${report.rounds.length} paired rounds: figures are medians, ratios the medians of the rounds' ratios`] : []),
    `${'measure'.padEnd(16)} ${'ours'.padStart(10)} ${'pytorch'.padStart(10)} ${'ratio'.padStart(8)}`,
    row('train', report.trainImgPerSec, torch?.trainImgPerSec, report.ratioTrain, `img/s (${report.threads} thread${report.threads === 1 ? '' : 's'}, ${report.fallbackKernels} cpu fallbacks)`),
    ...('replicas' in report.dataParallel
      ? [row('train parallel', report.dataParallel.trainImgPerSec, torch?.trainImgPerSec, report.dataParallel.ratioTrain, `img/s (${report.dataParallel.replicas} threads, data-parallel)`)]
      : []),
    row('inference', report.inferImgPerSec, torch?.inferImgPerSec, report.ratioInfer, 'img/s'),
    row('grad-cam', report.gradcamMsPerImg, torch?.gradcamMsPerImg, report.ratioGradcam, 'ms/img (ratio = pytorch time / ours)'),
  ];
  const explainersTorch = 'mdmImgPerSec' in report.explainers.torch ? report.explainers.torch : undefined;
  const w = report.explainers.workload;
  if (report.mdmImgPerSec !== null) lines.push(row('mdm', report.mdmImgPerSec, explainersTorch?.mdmImgPerSec, report.ratioMdm, `img/s (${w.mdm.iterations} Adam steps, ${w.mdm.scales.length} scales)`));
  if (report.riseImgPerSec !== null) lines.push(row('rise', report.riseImgPerSec, explainersTorch?.riseImgPerSec, report.ratioRise, `img/s (${w.rise.masks} masks)`));
  if ('trainImgPerSec' in report.resnet18) {
    const theirs = 'trainImgPerSec' in report.resnet18.torch ? report.resnet18.torch.trainImgPerSec : undefined;
    lines.push(row('train resnet-18', report.resnet18.trainImgPerSec, theirs, report.resnet18.ratioTrain, 'img/s (224×224×3, batch 16)'));
  }
  for (const other of report.backends.slice(1)) {
    lines.push(
      'unavailable' in other
        ? `${other.backend}: unavailable (${other.unavailable})`
        : row(`train ${other.backend}`, other.trainImgPerSec, torch?.trainImgPerSec, other.ratioTrain, `img/s (${other.threads} thread${other.threads === 1 ? '' : 's'})`),
    );
  }
  if ('unavailable' in report.torch) lines.push(`pytorch: unavailable (${report.torch.unavailable})`);
  return lines.join('\n');
}
