import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { explainerIds } from '@protoscope/eval';
import { EVALUATION_SUITE_IDS, EXPLAINER_IDS, isDatasetId, JOB_KINDS } from '@protoscope/job-contract';
import { openStore, SWEEP_ADVANCE_JOB_KIND, SWEEP_TRIAL_JOB_KIND } from '@protoscope/tracking';
import { suiteIds } from '../evaluate/suite-registry';
import { JOB_HANDLERS } from './job-handlers';

/**
 * The job contract lists names whose registries it cannot import (they load tfjs): these tests keep
 * the lists equal to the registries, both ways, so the server never queues a name the worker lacks
 * and never refuses one it has.
 */
describe('the job contract mirrors the registries', () => {
  it('lists exactly the explainers of libs/eval', () => {
    expect([...EXPLAINER_IDS].sort()).toEqual([...explainerIds].sort());
  });

  it('lists exactly the evaluation suites, in the order they run', () => {
    expect([...EVALUATION_SUITE_IDS]).toEqual([...suiteIds]);
  });

  it('has a payload schema for exactly the kinds the worker handles', () => {
    expect([...JOB_KINDS].sort()).toEqual(JOB_HANDLERS.map((h) => h.kind).sort());
    expect(JOB_KINDS).toEqual(expect.arrayContaining([SWEEP_TRIAL_JOB_KIND, SWEEP_ADVANCE_JOB_KIND]));
  });

  it('takes the same dataset ids as the store registers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-ids-'));
    const store = await openStore(`sqlite:${path.join(dir, 'store.db')}`, { env: {} });
    try {
      for (const id of ['mammo', 'a.b_c-9', '9', 'x'.repeat(200), 'x'.repeat(201), '.hidden', '..', '-a', 'a/b', 'a b', '']) {
        const registered = await store.datasets.register({ id, location: 'somewhere', imageCount: 1 }).then(
          () => true,
          () => false,
        );
        expect([id, registered]).toEqual([id, isDatasetId(id)]);
      }
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
