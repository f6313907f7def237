import { JOB_KINDS, JobPayloadError, parseJobPayload } from './index';

/** The one-line message of parsing `value` as a `kind` payload. */
function errorOf(kind: string, value: unknown): string {
  try {
    parseJobPayload(kind, value);
  } catch (error) {
    expect(error).toBeInstanceOf(JobPayloadError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`a ${kind} payload ${JSON.stringify(value)} was accepted`);
}

const EXPLAINERS = 'gradcam, gradcampp, layercam, ham, mdm, rise, occlusion, ig, prototypes, prp, finding-maps, cross-attention';
const SUITES = 'classification, localisation, faithfulness, prototypes, shortcut, lesions';

describe('parseJobPayload', () => {
  it('knows exactly the kinds a worker handles', () => {
    expect([...JOB_KINDS].sort()).toEqual(['evaluate', 'explain', 'generate-dataset', 'import-dataset', 'sweep-advance', 'sweep-trial', 'train']);
    expect(errorOf('trian', {})).toBe('unknown job kind "trian"; job kinds: train, generate-dataset, import-dataset, explain, evaluate, sweep-trial, sweep-advance');
  });

  it('refuses a payload that is not an object, whatever the kind', () => {
    for (const kind of JOB_KINDS) {
      expect(errorOf(kind, null)).toBe(`invalid ${kind} payload: the payload must be a JSON object, got null`);
      expect(errorOf(kind, [1])).toBe(`invalid ${kind} payload: the payload must be a JSON object, got [1]`);
    }
  });

  describe('train', () => {
    it('fills in the defaults of what is left out', () => {
      expect(parseJobPayload('train', { method: 'global', data: 'mammo' })).toEqual({
        method: 'global',
        data: 'mammo',
        epochs: 10,
        seed: 0,
        config: {},
        batchSize: 32,
        augment: true,
        bnRecalibration: true,
        tags: [],
      });
    });

    it('keeps every field it is given, trimming names', () => {
      const full = { method: 'protopnet', data: '/data/x', epochs: 1000, seed: 2 ** 31 - 1, config: { a: 1 }, batchSize: 65_536, size: 64, augment: false, bnRecalibration: false, checkpointEvery: 5, name: ' p5 ', tags: ['a'] };
      expect(parseJobPayload('train', full)).toEqual({ ...full, name: 'p5' });
    });

    it('names each wrong field', () => {
      expect(errorOf('train', { data: 'x' })).toBe('invalid train payload: method: is required');
      expect(errorOf('train', { method: ' ', data: 'x' })).toBe('invalid train payload: method: must not be empty');
      expect(errorOf('train', { method: 'g', data: 'x', epochs: 1001 })).toBe('invalid train payload: epochs: must be a whole number from 1 to 1000, got 1001');
      expect(errorOf('train', { method: 'g', data: 'x', epochs: 0 })).toBe('invalid train payload: epochs: must be a whole number from 1 to 1000, got 0');
      expect(errorOf('train', { method: 'g', data: 'x', epochs: 2.5 })).toBe('invalid train payload: epochs: must be a whole number from 1 to 1000, got 2.5');
      expect(errorOf('train', { method: 'g', data: 'x', epochs: '5' })).toBe('invalid train payload: epochs: must be a whole number from 1 to 1000, got "5"');
      expect(errorOf('train', { method: 'g', data: 'x', seed: -1 })).toBe('invalid train payload: seed: must be a whole number from 0 to 2147483647, got -1');
      expect(errorOf('train', { method: 'g', data: 'x', batchSize: 65_537 })).toBe('invalid train payload: batchSize: must be a whole number from 1 to 65536, got 65537');
      expect(errorOf('train', { method: 'g', data: 'x', config: [] })).toBe('invalid train payload: config: must be a JSON object, got []');
      expect(errorOf('train', { method: 'g', data: 'x', augment: 'yes' })).toBe('invalid train payload: augment: must be true or false, got "yes"');
      expect(errorOf('train', { method: 'g', data: 'x', tags: ['a', ''] })).toBe('invalid train payload: tags[1]: must not be empty');
      expect(errorOf('train', { method: 'g', data: 'x', epoch: 3 })).toBe(
        'invalid train payload: "epoch" is not a field (fields: method, data, epochs, seed, config, batchSize, size, augment, bnRecalibration, checkpointEvery, name, tags)',
      );
    });

    it('lists every wrong field in one line', () => {
      expect(errorOf('train', { method: 'g', epochs: 0, seed: 1.5 })).toBe(
        'invalid train payload: data: is required; epochs: must be a whole number from 1 to 1000, got 0; seed: must be a whole number from 0 to 2147483647, got 1.5',
      );
    });
  });

  describe('sweep-trial', () => {
    const trial = { method: 'global', data: 'mammo', sweep: { id: 's1', trial: 3, rung: 1 } };
    it('is a training with its sweep, epochs bounded as the store bounds a sweep', () => {
      expect(parseJobPayload('sweep-trial', { ...trial, epochs: 10_000 })).toMatchObject({ ...trial, epochs: 10_000, batchSize: 32, tags: [] });
      expect(errorOf('sweep-trial', { ...trial, epochs: 10_001 })).toBe('invalid sweep-trial payload: epochs: must be a whole number from 1 to 10000, got 10001');
    });
    it('names the wrong part of its sweep', () => {
      expect(errorOf('sweep-trial', { method: 'g', data: 'd' })).toBe('invalid sweep-trial payload: sweep: is required');
      expect(errorOf('sweep-trial', { ...trial, sweep: { id: 's1', trial: -1 } })).toBe(
        'invalid sweep-trial payload: sweep.trial: must be a whole number of at least 0, got -1; sweep.rung: is required',
      );
      expect(errorOf('sweep-trial', { ...trial, sweep: { ...trial.sweep, arm: 1 } })).toBe('invalid sweep-trial payload: sweep: "arm" is not a field');
    });
  });

  describe('sweep-advance', () => {
    it('takes a sweep id and an optional tick', () => {
      expect(parseJobPayload('sweep-advance', { sweepId: 's1' })).toEqual({ sweepId: 's1' });
      expect(parseJobPayload('sweep-advance', { sweepId: 's1', tick: true })).toEqual({ sweepId: 's1', tick: true });
      expect(errorOf('sweep-advance', {})).toBe('invalid sweep-advance payload: sweepId: is required');
      expect(errorOf('sweep-advance', { sweepId: 's1', tick: 1 })).toBe('invalid sweep-advance payload: tick: must be true or false, got 1');
    });
  });

  describe('explain', () => {
    it('fills in the defaults and keeps each explainer once', () => {
      expect(parseJobPayload('explain', { runId: 'r1', methods: ['gradcam', 'rise', 'gradcam'] })).toEqual({
        runId: 'r1',
        methods: ['gradcam', 'rise'],
        images: 'split:val',
        checkpoint: 'latest',
        target: 'predicted',
        seed: 0,
      });
      expect(parseJobPayload('explain', { runId: 'r1', methods: ['ig'], images: 'ids:a,b', limit: 10_000, checkpoint: '120', target: 1 })).toMatchObject({
        images: 'ids:a,b',
        limit: 10_000,
        checkpoint: '120',
        target: 1,
      });
    });
    it('names an unknown explainer and the valid ones', () => {
      expect(errorOf('explain', { runId: 'r1', methods: ['gradcam', 'gradkam'] })).toBe(`invalid explain payload: methods[1]: unknown explainer "gradkam"; valid: ${EXPLAINERS}`);
      expect(errorOf('explain', { runId: 'r1', methods: [] })).toBe(`invalid explain payload: methods: give at least one explainer (valid: ${EXPLAINERS})`);
    });
    it('names a wrong selection, limit, checkpoint or target', () => {
      const base = { runId: 'r1', methods: ['gradcam'] };
      expect(errorOf('explain', { ...base, images: 'val' })).toBe('invalid explain payload: images: must be "all", "split:NAME" or "ids:ID1,ID2,…", got "val"');
      expect(errorOf('explain', { ...base, limit: 10_001 })).toBe('invalid explain payload: limit: must be a whole number from 1 to 10000, got 10001');
      expect(errorOf('explain', { ...base, checkpoint: 'last' })).toBe('invalid explain payload: checkpoint: must be "latest", "best" or a step number, got "last"');
      expect(errorOf('explain', { ...base, target: -1 })).toBe('invalid explain payload: target: must be "predicted", "label" or a class index (a whole number from 0), got -1');
      expect(errorOf('explain', { ...base, target: 'top' })).toBe('invalid explain payload: target: must be "predicted", "label" or a class index (a whole number from 0)');
      expect(errorOf('explain', { methods: ['gradcam'] })).toBe('invalid explain payload: runId: is required');
    });
  });

  describe('evaluate', () => {
    it('takes suites, and optionally another dataset and the explainers to score', () => {
      expect(parseJobPayload('evaluate', { runId: 'r1', suites: ['classification', 'localisation'], data: 'held-out', methods: ['gradcam'] })).toEqual({
        runId: 'r1',
        suites: ['classification', 'localisation'],
        data: 'held-out',
        methods: ['gradcam'],
        checkpoint: 'latest',
        seed: 0,
      });
    });
    it('names an unknown suite or explainer and the valid ones', () => {
      expect(errorOf('evaluate', { runId: 'r1', suites: ['classification', 'pointing-game'] })).toBe(`invalid evaluate payload: suites[1]: unknown evaluation suite "pointing-game"; valid: ${SUITES}`);
      expect(errorOf('evaluate', { runId: 'r1', suites: ['classification'], methods: ['gradcam', 'saliency'] })).toBe(
        `invalid evaluate payload: methods[1]: unknown explainer "saliency"; valid: ${EXPLAINERS}`,
      );
      expect(errorOf('evaluate', { runId: 'r1', suites: 'classification' })).toBe('invalid evaluate payload: suites: must be a list of evaluation suite names, got "classification"');
      expect(errorOf('evaluate', { runId: 'r1', suites: ['classification'], data: '' })).toBe('invalid evaluate payload: data: must not be empty');
    });
  });

  describe('generate-dataset', () => {
    it('fills in seed, size and options', () => {
      expect(parseJobPayload('generate-dataset', { generator: 'mammo-two-view', n: 40 })).toEqual({ generator: 'mammo-two-view', n: 40, seed: 0, size: 64, options: {} });
    });
    it('takes the largest dataset the bounds allow and no larger', () => {
      // 100 000 images of 141² = 1 988 100 000 pixels ≤ 2·10⁹; of 142² = 2 016 400 000 > 2·10⁹.
      expect(parseJobPayload('generate-dataset', { generator: 'g', n: 100_000, size: 141 })).toMatchObject({ n: 100_000, size: 141 });
      expect(errorOf('generate-dataset', { generator: 'g', n: 100_000, size: 142 })).toBe(
        'invalid generate-dataset payload: n × size² = 2016400000 pixels is more than the limit of 2000000000; generate fewer or smaller images',
      );
    });
    it('names each wrong field', () => {
      expect(errorOf('generate-dataset', { generator: 'g', n: 100_001 })).toBe('invalid generate-dataset payload: n: must be a whole number from 1 to 100000, got 100001');
      expect(errorOf('generate-dataset', { generator: 'g', n: 1_000_000, size: 4096 })).toBe(
        'invalid generate-dataset payload: n: must be a whole number from 1 to 100000, got 1000000; size: must be a whole number from 8 to 1024, got 4096',
      );
      expect(errorOf('generate-dataset', { generator: 'g', n: 4, size: 7 })).toBe('invalid generate-dataset payload: size: must be a whole number from 8 to 1024, got 7');
      expect(errorOf('generate-dataset', { generator: 'g', n: 4, options: { a: true } })).toBe('invalid generate-dataset payload: options.a: must be a string or a number');
      expect(errorOf('generate-dataset', { generator: 'g', n: 4, id: '../etc' })).toBe(
        'invalid generate-dataset payload: id: dataset id "../etc" must be 1 to 200 letters, digits, "_", "." and "-", starting with a letter or digit (it names a folder)',
      );
    });
  });

  describe('import-dataset', () => {
    it('fills in options, skipBad and seed', () => {
      expect(parseJobPayload('import-dataset', { format: 'medmnist', source: '/data/p.npz', id: 'pneumonia' })).toEqual({
        format: 'medmnist',
        source: '/data/p.npz',
        id: 'pneumonia',
        options: {},
        skipBad: false,
        seed: 0,
      });
    });
    it('names each wrong field', () => {
      expect(errorOf('import-dataset', { format: 'medmnist' })).toBe('invalid import-dataset payload: source: is required');
      expect(errorOf('import-dataset', { format: 'cbis', source: '/x', valFraction: 1.5 })).toBe('invalid import-dataset payload: valFraction: must be a number from 0 to 1, got 1.5');
      expect(errorOf('import-dataset', { format: 'cbis', source: '/x', options: { view: 1 } })).toBe('invalid import-dataset payload: options.view: must be a string, got 1');
      expect(errorOf('import-dataset', { format: 'cbis', source: '/x', id: 'a/b' })).toContain('id: dataset id "a/b" must be');
    });
  });
});
