/**
 * What every resolver receives: the long-lived services of the server (store, caches, URL builder,
 * pollers) and DataLoaders made for this one request.
 */
import type { JobBackend, Store } from '@protoscope/tracking';
import type { Caller, Gatekeeper } from '../auth/gatekeeper';
import type { CollabServer } from '../collab/collab-server';
import type { NotebookCells } from '../collab/notebook-cells';
import type { NotebookHistory } from '../collab/notebook-history';
import type { ManifestCache } from '../datasets/manifest-cache';
import type { HeatmapArtifacts } from '../heatmaps/heatmap-artifacts';
import type { DataRoots } from '../jobs/data-roots';
import type { Urls } from '../http/urls';
import type { PollerHub } from '../subscriptions/poller-hub';
import { createLoaders, type Loaders } from './loaders';

export interface ServerServices {
  store: Store;
  /** The job queue (embedded or bullmq): every job the graph starts or cancels goes through it. */
  jobs: JobBackend;
  manifests: ManifestCache;
  heatmaps: HeatmapArtifacts;
  urls: Urls;
  pollers: PollerHub;
  /** Who is calling and what they may do: every door asks it. */
  gatekeeper: Gatekeeper;
  /** The live notebook documents (/collab); cell edits go through them. */
  collab: CollabServer;
  notebookCells: NotebookCells;
  history: NotebookHistory;
  /** Folders that jobs queued through the graph may read datasets from. */
  dataRoots: DataRoots;
}

export interface GraphContext extends ServerServices {
  loaders: Loaders;
  /** The signed-in caller of this request or websocket (null only before authentication). */
  caller: Caller | null;
}

export function createContext(services: ServerServices, caller: Caller | null = null): GraphContext {
  return { ...services, loaders: createLoaders(services.store, services.manifests), caller };
}
