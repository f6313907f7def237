/**
 * DataLoaders, created anew for every request (and every subscription event), so each edge of a
 * query is read once per request however many parents ask for it: run → metrics, run → prototypes,
 * run → dataset, prototype → image, saliency map → image, notebook → cells, job → run, …
 * Loaders return `undefined` for missing things; resolvers decide whether that is null or NOT_FOUND.
 */
import type { ImageRecord } from '@protoscope/datasets';
import type {
  Cell,
  CommentThread,
  Dataset,
  Evaluation,
  Job,
  MetricPoint,
  Notebook,
  NotebookVersion,
  Prototype,
  PrototypePush,
  Run,
  SaliencyKind,
  SaliencyMap,
  Store,
} from '@protoscope/tracking';
import { metricHistoryKey, UnknownJobError, UnknownNotebookVersionError } from '@protoscope/tracking';
import DataLoader from 'dataloader';
import { datasetFolderOf } from '../datasets/dataset-folders';
import type { DatasetIndex, ManifestCache } from '../datasets/manifest-cache';

export interface ImageKey {
  datasetId: string;
  imageId: string;
}

export interface SaliencyQuery {
  runId: string;
  imageId?: string | null;
  methods?: readonly string[] | null;
  target?: number | null;
  kinds?: readonly SaliencyKind[] | null;
  pairedImageId?: string | null;
}

/** A saliency-map lookup from GraphQL arguments (absent and null alike mean "any"). */
export function saliencyQuery(runId: string, args: Omit<SaliencyQuery, 'runId'>): SaliencyQuery {
  return {
    runId,
    imageId: args.imageId ?? null,
    methods: args.methods ?? null,
    target: args.target ?? null,
    kinds: args.kinds ?? null,
    pairedImageId: args.pairedImageId ?? null,
  };
}

/** One metric history as asked: `maxPoints` thins it, `lastOfEachStep` keeps a step's last row only. */
export interface HistoryKey {
  runId: string;
  key: string;
  maxPoints?: number | null;
  lastOfEachStep?: boolean;
}

const historyOptionsKey = (k: HistoryKey): string => `${k.maxPoints ?? ''}/${k.lastOfEachStep ? 'last' : 'all'}`;

export interface EvaluationQuery {
  runId: string;
  name?: string | null;
  method?: string | null;
}

export interface Loaders {
  run: DataLoader<string, Run | undefined>;
  latestMetrics: DataLoader<string, Map<string, MetricPoint>>;
  /** A (run, key) history, whole or thinned in SQL (one statement per distinct budget in a request). */
  metricHistory: DataLoader<HistoryKey, MetricPoint[], string>;
  metricKeys: DataLoader<string, string[]>;
  prototypes: DataLoader<{ runId: string; step?: number | null }, Prototype[], string>;
  prototypePushes: DataLoader<string, PrototypePush[]>;
  saliency: DataLoader<SaliencyQuery, SaliencyMap[], string>;
  evaluations: DataLoader<EvaluationQuery, Evaluation[], string>;
  jobsOfRun: DataLoader<string, Job[]>;
  job: DataLoader<number, Job | undefined>;
  dataset: DataLoader<string, Dataset | undefined>;
  /** The manifest of a dataset by id (undefined when no folder is known for it; see dataset-folders.ts). */
  datasetIndex: DataLoader<string, DatasetIndex | undefined>;
  image: DataLoader<ImageKey, ImageRecord | undefined, string>;
  notebook: DataLoader<string, Notebook | undefined>;
  cells: DataLoader<string, Cell[]>;
  /** A cell's comment threads, oldest first (one query for all the cells of a request). */
  commentThreads: DataLoader<string, CommentThread[]>;
  notebookVersion: DataLoader<string, NotebookVersion | undefined>;
}

/** One key per distinct argument set (stable JSON of the key object). */
const jsonKey = (key: object): string => JSON.stringify(key, Object.keys(key).sort());

/** Loads each key on its own (no batch API in the store) but still once per request. */
function each<K, V, C = K>(load: (key: K) => Promise<V>, cacheKeyFn?: (key: K) => C): DataLoader<K, V, C> {
  return new DataLoader<K, V, C>((keys) => Promise.all(keys.map((k) => load(k).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))))), {
    cacheKeyFn,
  });
}

export function createLoaders(store: Store, manifests: ManifestCache): Loaders {
  const dataset = each((id: string) => store.datasets.find(id));
  const datasetIndex = new DataLoader<string, DatasetIndex | undefined>(async (ids) =>
    Promise.all(
      ids.map(async (id) => {
        try {
          const folder = await datasetFolderOf(store, id);
          return folder === undefined ? undefined : manifests.get(folder);
        } catch (error) {
          return error as Error;
        }
      }),
    ),
  );
  return {
    run: new DataLoader(async (ids) => {
      const runs = await store.runs.list({ ids: [...ids] });
      const byId = new Map(runs.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    }),
    latestMetrics: new DataLoader(async (ids) => {
      const latest = await store.metrics.latestOfRuns(ids);
      return ids.map((id) => latest.get(id) ?? new Map());
    }),
    metricHistory: new DataLoader<HistoryKey, MetricPoint[], string>(
      async (asked) => {
        const byOptions = new Map<string, HistoryKey[]>();
        for (const k of asked) byOptions.set(historyOptionsKey(k), [...(byOptions.get(historyOptionsKey(k)) ?? []), k]);
        const found = new Map<string, MetricPoint[]>();
        for (const [options, keys] of byOptions) {
          const { maxPoints, lastOfEachStep } = keys[0]!;
          const histories = await store.metrics.histories(keys, { ...(maxPoints != null ? { maxPoints } : {}), ...(lastOfEachStep ? { lastOfEachStep } : {}) });
          for (const k of keys) found.set(`${options}\u0000${metricHistoryKey(k.runId, k.key)}`, histories.get(metricHistoryKey(k.runId, k.key)) ?? []);
        }
        return asked.map((k) => found.get(`${historyOptionsKey(k)}\u0000${metricHistoryKey(k.runId, k.key)}`) ?? []);
      },
      { cacheKeyFn: (k) => `${historyOptionsKey(k)}\u0000${metricHistoryKey(k.runId, k.key)}` },
    ),
    metricKeys: new DataLoader(async (ids) => {
      const keys = await store.metrics.keysOfRuns(ids);
      return ids.map((id) => keys.get(id) ?? []);
    }),
    prototypes: each((k: { runId: string; step?: number | null }) => store.prototypes.list(k.runId, k.step == null ? {} : { step: k.step }), jsonKey),
    prototypePushes: each((runId: string) => store.prototypes.pushes(runId)),
    saliency: each(
      (q: SaliencyQuery) =>
        store.saliency.list(q.runId, {
          ...(q.imageId != null ? { imageId: q.imageId } : {}),
          ...(q.methods != null ? { method: q.methods } : {}),
          ...(q.target != null ? { target: q.target } : {}),
          ...(q.kinds != null ? { kind: q.kinds } : {}),
          ...(q.pairedImageId != null ? { pairedImageId: q.pairedImageId } : {}),
        }),
      jsonKey,
    ),
    evaluations: each(
      (q: EvaluationQuery) =>
        store.evaluations.list(q.runId, { ...(q.name != null ? { name: q.name } : {}), ...(q.method != null ? { method: q.method } : {}) }),
      jsonKey,
    ),
    jobsOfRun: each((runId: string) => store.jobs.list({ runId })),
    job: each(async (id: number) => {
      try {
        return await store.jobs.get(id);
      } catch (error) {
        if (error instanceof UnknownJobError) return undefined;
        throw error;
      }
    }),
    dataset,
    datasetIndex,
    image: new DataLoader<ImageKey, ImageRecord | undefined, string>(
      async (keys) =>
        Promise.all(
          keys.map(async (k) => {
            try {
              return (await datasetIndex.load(k.datasetId))?.byId.get(k.imageId);
            } catch (error) {
              return error as Error;
            }
          }),
        ),
      { cacheKeyFn: (k) => `${k.datasetId}\u0000${k.imageId}` },
    ),
    notebook: each((id: string) => store.notebooks.find(id)),
    cells: each((notebookId: string) => store.cells.list(notebookId)),
    commentThreads: new DataLoader<string, CommentThread[]>(async (cellIds) => {
      const byCell = await store.comments.threadsOfCells(cellIds);
      return cellIds.map((id) => byCell.get(id) ?? []);
    }),
    notebookVersion: each((id: string) =>
      store.versions.get(id).catch((error: unknown) => {
        if (error instanceof UnknownNotebookVersionError) return undefined;
        throw error;
      }),
    ),
  };
}
