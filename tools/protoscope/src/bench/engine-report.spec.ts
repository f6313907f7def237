import { EXPLAINER_WORKLOAD } from './explainer-benchmark';
import { type BackendFigures, type EngineReport, combineRounds, formatEngineReport, median, pairedRound } from './engine-report';

const torchFigures: BackendFigures = {
  backend: 'torch',
  engine: 'torch (libtorch 1.13.0, CPU, 2 threads)',
  threads: 2,
  trainImgPerSec: 80,
  inferImgPerSec: 400,
  gradcamMsPerImg: 4,
  trainSteps: 10,
  fallbackKernels: 0,
  fallbackByKernel: {},
  ratioTrain: 2,
  ratioInfer: 2,
  ratioGradcam: 1.5,
  mdmImgPerSec: 1.2,
  riseImgPerSec: 3,
  ratioMdm: 0.8,
  ratioRise: 1.5,
};

const report: EngineReport = {
  benchmark: 'engine',
  workload: 'reference',
  date: '2026-12-06T00:00:00.000Z',
  machine: { cpus: 2, cpuModel: 'test', node: 'v20', loadAverage: { start: [8.5, 7, 6], end: [9, 7.5, 6.1] } },
  backend: 'torch',
  engine: torchFigures.engine,
  simd: undefined,
  threads: 2,
  trainImgPerSec: 80,
  inferImgPerSec: 400,
  gradcamMsPerImg: 4,
  trainSteps: 10,
  finalLoss: 0.5,
  fallbackKernels: 0,
  backends: [torchFigures, { backend: 'cpu', unavailable: 'not wanted' }],
  dataParallel: { skipped: true },
  torch: { framework: 'pytorch', version: '1.13.0', threads: 2, channelsLast: true, batch: 32, trainImgPerSec: 40, inferImgPerSec: 200, gradcamMsPerImg: 6, trainSteps: 10, inferSteps: 10, gradcamSteps: 5, finalLoss: 0.6 },
  resnet18: { skipped: true, reason: 'not measured' },
  ratioTrain: 2,
  ratioInfer: 2,
  ratioGradcam: 1.5,
  rounds: [{ trainImgPerSec: 80, inferImgPerSec: 400, gradcamMsPerImg: 4, torch: { trainImgPerSec: 40, inferImgPerSec: 200, gradcamMsPerImg: 6 }, ratioTrain: 2, ratioInfer: 2, ratioGradcam: 1.5 }],
  explainers: {
    workload: EXPLAINER_WORKLOAD,
    torch: { framework: 'pytorch', version: '1.13.0', threads: 2, riseImages: 2, riseMasks: 256, riseImgPerSec: 2, mdmImages: 8, mdmIterations: 10, mdmImgPerSec: 1.5 },
  },
  mdmImgPerSec: 1.2,
  riseImgPerSec: 3,
  ratioMdm: 0.8,
  ratioRise: 1.5,
};

describe('formatEngineReport', () => {
  it('prints the load average and a row per measure, MDM and RISE with their PyTorch figures and ratios', () => {
    const lines = formatEngineReport(report).split('\n');
    expect(lines).toContain('load average: 8.5 7 6 at start, 9 7.5 6.1 at end (2 cpus)');
    const row = (name: string) => lines.find((line) => line.startsWith(name))!.split(/\s+/);
    expect(row('mdm').slice(0, 4)).toEqual(['mdm', '1.20', '1.50', '0.800']);
    expect(row('rise').slice(0, 4)).toEqual(['rise', '3.00', '2.00', '1.500']);
    expect(lines).toContain('cpu: unavailable (not wanted)');
  });

  it('leaves out the explainer rows where they were not measured', () => {
    const lines = formatEngineReport({ ...report, mdmImgPerSec: null, riseImgPerSec: null, ratioMdm: null, ratioRise: null }).split('\n');
    expect(lines.some((line) => line.startsWith('mdm') || line.startsWith('rise'))).toBe(false);
  });
});

describe('paired rounds', () => {
  it('median: the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('median of no values');
  });

  it('a round\'s ratios are ours over PyTorch for speeds and PyTorch over ours for Grad-CAM\'s time', () => {
    const round = pairedRound({ trainImgPerSec: 90, inferImgPerSec: 300, gradcamMsPerImg: 5 }, { trainImgPerSec: 60, inferImgPerSec: 400, gradcamMsPerImg: 4 });
    expect(round).toEqual({
      trainImgPerSec: 90,
      inferImgPerSec: 300,
      gradcamMsPerImg: 5,
      torch: { trainImgPerSec: 60, inferImgPerSec: 400, gradcamMsPerImg: 4 },
      ratioTrain: 1.5,
      ratioInfer: 0.75,
      ratioGradcam: 0.8,
    });
    expect(pairedRound({ trainImgPerSec: 1, inferImgPerSec: 1, gradcamMsPerImg: 1 }, undefined)).toMatchObject({ torch: null, ratioTrain: null, ratioInfer: null, ratioGradcam: null });
  });

  it('combines rounds into medians: one disturbed round moves neither side nor the ratio', () => {
    const rounds = [
      pairedRound({ trainImgPerSec: 100, inferImgPerSec: 1000, gradcamMsPerImg: 1 }, { trainImgPerSec: 100, inferImgPerSec: 900, gradcamMsPerImg: 1.2 }),
      // Disturbed while ours ran: ours halved.
      pairedRound({ trainImgPerSec: 50, inferImgPerSec: 500, gradcamMsPerImg: 2 }, { trainImgPerSec: 110, inferImgPerSec: 1000, gradcamMsPerImg: 1 }),
      pairedRound({ trainImgPerSec: 120, inferImgPerSec: 1100, gradcamMsPerImg: 0.9 }, { trainImgPerSec: 100, inferImgPerSec: 1000, gradcamMsPerImg: 1 }),
    ];
    const combined = combineRounds(rounds);
    expect(combined.ours).toEqual({ trainImgPerSec: 100, inferImgPerSec: 1000, gradcamMsPerImg: 1 });
    expect(combined.torch).toEqual({ trainImgPerSec: 100, inferImgPerSec: 1000, gradcamMsPerImg: 1 });
    // Per-round ratios: train 1, 50/110, 1.2; inference 10/9, 0.5, 1.1; Grad-CAM 1.2, 0.5, 1/0.9.
    expect(combined.ratios.ratioTrain).toBeCloseTo(1, 12);
    expect(combined.ratios.ratioInfer).toBeCloseTo(1.1, 12);
    expect(combined.ratios.ratioGradcam).toBeCloseTo(1 / 0.9, 12);
  });

  it('has no PyTorch figures or ratios when a round ran without PyTorch', () => {
    const combined = combineRounds([pairedRound({ trainImgPerSec: 1, inferImgPerSec: 2, gradcamMsPerImg: 3 }, undefined)]);
    expect(combined.torch).toBeUndefined();
    expect(combined.ratios).toEqual({ ratioTrain: null, ratioInfer: null, ratioGradcam: null });
  });
});
