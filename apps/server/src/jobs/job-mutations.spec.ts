/**
 * The mutations that queue jobs check their payloads with the job contract the worker reads them
 * with: a name the worker does not have is refused with the valid ones, nothing is queued, and what
 * is queued carries the contract's defaults.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeEachServer, graphql, queryData } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

const EXPLAINERS = 'gradcam, gradcampp, layercam, ham, mdm, rise, occlusion, ig, prototypes, prp, finding-maps, cross-attention';
const SUITES = 'classification, localisation, faithfulness, prototypes, shortcut, lesions';

describeEachServer('job mutations and the job contract', (factory) => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await factory.start();
    await server.store.datasets.register({ id: 'mammo-1', path: '/data/mammo-1', imageCount: 8, classes: ['benign', 'malignant'] });
    await server.store.runs.create({ id: 'r1', method: 'protopnet', dataset: 'mammo-1', config: {} });
  });
  afterAll(() => server?.close());

  const refusal = async (query: string) => {
    const before = (await server.store.jobs.list({})).length;
    const result = await graphql(server, query);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect((await server.store.jobs.list({})).length).toBe(before);
    return result.errors![0]!.message;
  };

  it('refuses an unknown explainer, naming it and the valid ones', async () => {
    expect(await refusal('mutation { requestExplanations(runId: "r1", methods: ["gradcam", "gradkam"]) { id } }')).toBe(
      `methods[1]: unknown explainer "gradkam"; valid: ${EXPLAINERS}`,
    );
  });

  it('refuses an unknown evaluation suite, naming it and the valid ones', async () => {
    expect(await refusal('mutation { requestEvaluation(runId: "r1", suites: ["classification", "pointing-game"]) { id } }')).toBe(
      `suites[1]: unknown evaluation suite "pointing-game"; valid: ${SUITES}`,
    );
  });

  it('refuses an image selection the worker could not read', async () => {
    expect(await refusal('mutation { requestExplanations(runId: "r1", methods: ["gradcam"], images: "val") { id } }')).toBe(
      'images: must be "all", "split:NAME" or "ids:ID1,ID2,…", got "val"',
    );
  });

  it('refuses a sweep whose trials the worker would refuse, storing nothing', async () => {
    const message = await refusal(
      'mutation { createSweep(input: { method: "global", datasetId: "mammo-1", strategy: GRID, space: { seed: { values: [1, 2] } }, maxParallel: 1, batchSize: 100000 }) { id } }',
    );
    expect(message).toBe('batchSize: must be a whole number from 1 to 65536, got 100000');
    expect(await server.store.sweeps.list({})).toEqual([]);
  });

  it('queues the payload with the contract\'s defaults filled in', async () => {
    const data = await queryData<{ startRun: { payload: unknown }; requestExplanations: { payload: unknown } }>(
      server,
      `mutation {
        startRun(input: { method: "protopnet", datasetId: "mammo-1", epochs: 3 }) { payload }
        requestExplanations(runId: "r1", methods: ["gradcam", "rise", "gradcam"]) { payload }
      }`,
    );
    expect(data.startRun.payload).toEqual({ method: 'protopnet', data: 'mammo-1', epochs: 3, seed: 0, config: {}, batchSize: 32, augment: true, bnRecalibration: true, tags: [] });
    expect(data.requestExplanations.payload).toEqual({ runId: 'r1', methods: ['gradcam', 'rise'], images: 'split:val', limit: 16, checkpoint: 'latest', target: 'predicted', seed: 0 });
  });

  it('queues an evaluation on a registered dataset by its id, and on a folder by its real path under a data root', async () => {
    const folder = path.join(fs.realpathSync(server.dir), 'held-out');
    const data = await queryData<{ byId: { payload: { data: string } }; byPath: { payload: { data: string } } }>(
      server,
      `mutation {
        byId: requestEvaluation(runId: "r1", suites: ["classification"], data: "mammo-1") { payload }
        byPath: requestEvaluation(runId: "r1", suites: ["classification"], data: "held-out") { payload }
      }`,
    );
    expect(data.byId.payload.data).toBe('mammo-1');
    expect(data.byPath.payload.data).toBe(folder);
  });
});
