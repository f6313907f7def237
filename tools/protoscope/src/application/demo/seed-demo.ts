import type { Job, Store } from '@protoscope/tracking';
import { DEMO_CELLS, DEMO_NOTEBOOK_TITLE, resolveCellReferences } from './demo-notebook';
import { DEMO_DATASET_ID, DEMO_DATASET_PAYLOAD, DEMO_NOTEBOOK_ID, DEMO_RUNS, DEMO_TAG, demoTrainJob, type DemoRun } from './demo-plan';

export interface DemoSeedReport {
  /** Jobs enqueued by this call (none when everything exists or is under way). */
  enqueuedJobs: number[];
  /** True when this call created the notebook. */
  createdNotebook: boolean;
}

const payloadOf = (job: Job) => (typeof job.payload === 'object' && job.payload !== null && !Array.isArray(job.payload) ? job.payload : {});

/** A demo run of this method that exists (not failed) or whose training job is waiting or running. */
async function demoRunPresent(store: Store, run: DemoRun, liveTrainJobs: readonly Job[]): Promise<boolean> {
  const runs = await store.runs.list({ tags: [DEMO_TAG], method: run.method });
  if (runs.some((r) => r.status !== 'failed')) return true;
  return liveTrainJobs.some((job) => {
    const payload = payloadOf(job);
    return payload['method'] === run.method && Array.isArray(payload['tags']) && payload['tags'].includes(DEMO_TAG);
  });
}

async function createDemoNotebook(store: Store): Promise<void> {
  const notebook = await store.notebooks.create({ id: DEMO_NOTEBOOK_ID, title: DEMO_NOTEBOOK_TITLE });
  const idsByKey = new Map<string, string>();
  for (const cell of DEMO_CELLS) {
    const added = await store.cells.add(notebook.id, { type: cell.type, spec: resolveCellReferences(cell.spec, idsByKey) });
    if (cell.key) idsByKey.set(cell.key, added.id);
  }
}

/**
 * Puts the demo in the store, or what is missing of it: the dataset job (with the trainings as its
 * follow-ups), or — when the dataset exists — a training for each demo method without a run, and the
 * notebook. Run again, it finds the dataset by id, the runs by the `demo` tag and the notebook by id,
 * and enqueues nothing that exists or is under way.
 */
export async function seedDemo(store: Store, log: (line: string) => void = () => undefined): Promise<DemoSeedReport> {
  const enqueuedJobs: number[] = [];
  const live = await store.jobs.list({ status: ['queued', 'running'] });
  const datasetJobUnderWay = live.some((job) => job.kind === 'generate-dataset' && payloadOf(job)['id'] === DEMO_DATASET_ID);
  const liveTrainJobs = live.filter((job) => job.kind === 'train');
  const missingRuns: DemoRun[] = [];
  for (const run of DEMO_RUNS) if (!(await demoRunPresent(store, run, liveTrainJobs))) missingRuns.push(run);

  if (await store.datasets.find(DEMO_DATASET_ID)) {
    for (const run of missingRuns) {
      const { kind, payload } = demoTrainJob(run);
      enqueuedJobs.push((await store.jobs.enqueue({ kind, payload })).id);
    }
  } else if (!datasetJobUnderWay) {
    // The trainings need the dataset: they follow its job (see worker/follow-up-jobs.ts).
    const job = await store.jobs.enqueue({ kind: 'generate-dataset', priority: 10, payload: { ...DEMO_DATASET_PAYLOAD, then: missingRuns.map(demoTrainJob) } });
    enqueuedJobs.push(job.id);
  }
  if (enqueuedJobs.length > 0) log(`demo: queued job${enqueuedJobs.length === 1 ? '' : 's'} ${enqueuedJobs.join(', ')} (dataset ${DEMO_DATASET_ID}; runs tagged '${DEMO_TAG}')`);

  const createdNotebook = !(await store.notebooks.find(DEMO_NOTEBOOK_ID));
  if (createdNotebook) {
    await createDemoNotebook(store);
    log(`demo: created notebook '${DEMO_NOTEBOOK_ID}'`);
  }
  return { enqueuedJobs, createdNotebook };
}
