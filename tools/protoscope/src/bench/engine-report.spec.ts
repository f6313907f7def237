import { EXPLAINER_WORKLOAD } from './explainer-benchmark';
import { type BackendFigures, type EngineReport, formatEngineReport } from './engine-report';

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
