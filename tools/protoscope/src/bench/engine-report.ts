import os from 'node:os';
import { describeEngine, initEngine, runDataParallelBenchmark, runEngineBenchmark } from '@protoscope/core-models';
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
  python?: string;
}

/** The machine-readable result of `protoscope bench engine --json` (keys are a contract: see README). */
export interface EngineReport {
  benchmark: 'engine';
  workload: string;
  date: string;
  machine: { cpus: number; cpuModel: string; node: string };
  backend: string;
  engine: string;
  simd: boolean | undefined;
  threads: number;
  trainImgPerSec: number;
  inferImgPerSec: number;
  gradcamMsPerImg: number;
  trainSteps: number;
  finalLoss: number;
  dataParallel: { replicas: number; trainImgPerSec: number; trainSteps: number; finalLoss: number; ratioTrain: number | null } | { skipped: true };
  torch: TorchReferenceResult | { unavailable: string } | { skipped: true };
  ratioTrain: number | null;
  ratioInfer: number | null;
  ratioGradcam: number | null;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** Runs the reference workload on the chosen backend, then in PyTorch in the same invocation, and compares. */
export async function runEngineReport(options: EngineBenchOptions): Promise<EngineReport> {
  const engine = await initEngine();
  const measure = { warmup: 2, minCalls: options.steps, minSeconds: options.minSeconds };
  const ours = runEngineBenchmark(measure);
  const parallel = options.replicas > 1 ? await runDataParallelBenchmark(measure, options.replicas) : undefined;
  const torch = options.torch
    ? await runTorchReference({ threads: options.torchThreads, trainSteps: options.steps, minSeconds: options.minSeconds, python: options.python })
    : ({ skipped: true } as const);
  const reference = 'trainImgPerSec' in torch ? torch : undefined;
  return {
    benchmark: 'engine',
    workload: '64x64x1 batch 32: 3x(conv3x3+ReLU+maxpool2) 32/64/128, 1x1 conv 64 + sigmoid, 20 prototypes, L2 min-pool, log similarity, linear 2, CE+cluster+separation, Adam',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version },
    backend: engine.backend,
    engine: describeEngine(engine).replace(/^protoscope: compute backend /, ''),
    simd: engine.simd,
    threads: engine.threads,
    trainImgPerSec: round(ours.trainImgPerSec, 2),
    inferImgPerSec: round(ours.inferImgPerSec, 2),
    gradcamMsPerImg: round(ours.gradcamMsPerImg),
    trainSteps: ours.trainSteps,
    finalLoss: round(ours.finalLoss, 5),
    dataParallel: parallel
      ? {
          replicas: parallel.replicas,
          trainImgPerSec: round(parallel.trainImgPerSec, 2),
          trainSteps: parallel.trainSteps,
          finalLoss: round(parallel.finalLoss, 5),
          ratioTrain: reference ? round(parallel.trainImgPerSec / reference.trainImgPerSec) : null,
        }
      : { skipped: true },
    torch,
    ratioTrain: reference ? round(ours.trainImgPerSec / reference.trainImgPerSec) : null,
    ratioInfer: reference ? round(ours.inferImgPerSec / reference.inferImgPerSec) : null,
    // For a latency, ours/PyTorch of the speeds is PyTorch's time over ours.
    ratioGradcam: reference ? round(reference.gradcamMsPerImg / ours.gradcamMsPerImg) : null,
  };
}

/** A short human-readable table of a report (what `bench engine` prints without --json). */
export function formatEngineReport(report: EngineReport): string {
  const torch = 'trainImgPerSec' in report.torch ? report.torch : undefined;
  const row = (name: string, ours: number, theirs: number | undefined, ratio: number | null, unit: string) =>
    `${name.padEnd(16)} ${ours.toFixed(2).padStart(10)} ${(theirs?.toFixed(2) ?? '—').padStart(10)} ${(ratio?.toFixed(3) ?? '—').padStart(8)}  ${unit}`;
  const lines = [
    `backend: ${report.engine}`,
    `${'measure'.padEnd(16)} ${'ours'.padStart(10)} ${'pytorch'.padStart(10)} ${'ratio'.padStart(8)}`,
    row('train', report.trainImgPerSec, torch?.trainImgPerSec, report.ratioTrain, 'img/s (1 thread)'),
    ...('replicas' in report.dataParallel
      ? [row('train parallel', report.dataParallel.trainImgPerSec, torch?.trainImgPerSec, report.dataParallel.ratioTrain, `img/s (${report.dataParallel.replicas} threads, data-parallel)`)]
      : []),
    row('inference', report.inferImgPerSec, torch?.inferImgPerSec, report.ratioInfer, 'img/s'),
    row('grad-cam', report.gradcamMsPerImg, torch?.gradcamMsPerImg, report.ratioGradcam, 'ms/img (ratio = pytorch time / ours)'),
  ];
  if ('unavailable' in report.torch) lines.push(`pytorch: unavailable (${report.torch.unavailable})`);
  return lines.join('\n');
}
