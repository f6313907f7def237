/**
 * The Protoscope server: GraphQL over HTTP (Apollo Server 5 on Express 5) and over a websocket
 * (graphql-ws) at `/graphql`, and the binary endpoints (artifacts, images, masks, overlays, patches).
 * It only reads the store and queues jobs; workers do the work.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { openJobBackend, openStore, type JobBackend, type Store } from '@protoscope/tracking';
import cors from 'cors';
import express from 'express';
import { WebSocketServer } from 'ws';
import { authRoutes } from './auth/auth-routes';
import { assertAccountsForNetwork } from './auth/network-exposure';
import { OriginPolicy } from './auth/origin-policy';
import { callerOf, checkOrigin, identifyCaller, requireCaller } from './auth/require-caller';
import { StoreGatekeeper } from './auth/store-gatekeeper';
import { COLLAB_PATH, CollabServer, type CollabOptions } from './collab/collab-server';
import { NotebookCells } from './collab/notebook-cells';
import { NotebookHistory } from './collab/notebook-history';
import { ManifestCache } from './datasets/manifest-cache';
import { createContext, type GraphContext, type ServerServices } from './graphql/context';
import { buildExecutableSchema } from './graphql/executable-schema';
import { formatGraphError } from './graphql/format-error';
import { DEFAULT_DOCUMENT_BOUNDS, type DocumentBounds } from './graphql/document-bounds';
import { boundDocuments, graphqlBodyErrors, requireGraphCaller } from './graphql/http-guards';
import { DEFAULT_LIMITS, checkQueryLimits, type QueryLimits } from './graphql/limits';
import { HeatmapArtifacts } from './heatmaps/heatmap-artifacts';
import { artifactRoutes } from './http/artifact-routes';
import { heatmapRoutes } from './http/heatmap-routes';
import { httpErrorHandler } from './http/http-errors';
import { imageRoutes } from './http/image-routes';
import { prototypeRoutes } from './http/prototype-routes';
import { rootPage } from './http/root-page';
import { dispatchUpgrades } from './http/upgrade-dispatcher';
import { Urls } from './http/urls';
import { DataRoots, defaultDataRoots } from './jobs/data-roots';
import { wakePollersOnChanges } from './subscriptions/live-events';
import { PollerHub } from './subscriptions/poller-hub';
import { startSubscriptionServer } from './subscriptions/websocket';

export const GRAPHQL_PATH = '/graphql';
/** How often subscriptions read the store for news. */
export const DEFAULT_POLL_INTERVAL_MS = 500;

export interface StartServerOptions {
  /** Serve this store (left open by close()) … */
  store?: Store;
  /** … or open the store at this URL (closed by close()); default: the default store. */
  storeUrl?: string;
  /** The job queue jobs are started on: `embedded` or `redis://HOST:PORT` (BullMQ). Default PROTOSCOPE_QUEUE, else embedded. */
  queue?: string;
  /** Default 4000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Base of the image/artifact URLs in responses; default the server's own address. */
  artifactsBaseUrl?: string;
  /** How often subscriptions poll the store. Default 500 ms. */
  pollIntervalMs?: number;
  limits?: Partial<QueryLimits>;
  /** Token, field and alias bounds checked before validation. */
  documentBounds?: Partial<DocumentBounds>;
  /** Folders that jobs queued through the graph may read (default PROTOSCOPE_DATA_ROOTS, else PROTOSCOPE_HOME and the store's data root). */
  dataRoots?: string[];
  /** Live notebook documents: store delay, automatic snapshot interval, credential re-checks. */
  collab?: CollabOptions;
  /** How often open websockets re-check their credential (revocation closes them). Default 1000 ms. */
  revalidateMs?: number;
  /** Origins of the web apps allowed to call from a browser (the notebook UI); the server's own origin always is. */
  webOrigins?: string[];
  /** Names clients reach the server by, besides IP addresses, localhost and this machine's name. */
  allowedHosts?: string[];
}

/** The largest message a /collab socket may send (a whole document's state on first sync). */
const COLLAB_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface RunningServer {
  /** The server's base address, e.g. http://127.0.0.1:4000. */
  url: string;
  /** `${url}/graphql`. */
  graphqlUrl: string;
  /** The websocket address of subscriptions, ws://…/graphql. */
  subscriptionsUrl: string;
  /** The websocket address of the live notebook documents, ws://…/collab (document name = notebook id). */
  collabUrl: string;
  store: Store;
  /** Cell edits through the live documents (what the graph's cell mutations use), for in-process callers. */
  notebookCells: NotebookCells;
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const ownsStore = options.store === undefined;
  const store = options.store ?? (await openStore(options.storeUrl));
  let jobs: JobBackend | undefined;
  try {
    jobs = await openJobBackend(store, { queue: options.queue });
    return await listen(store, ownsStore, jobs, options);
  } catch (error) {
    await jobs?.close();
    if (ownsStore) await store.close();
    throw error;
  }
}

async function listen(store: Store, ownsStore: boolean, jobs: JobBackend, options: StartServerOptions): Promise<RunningServer> {
  const limits: QueryLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const bounds: DocumentBounds = { ...DEFAULT_DOCUMENT_BOUNDS, ...options.documentBounds };
  const schema = buildExecutableSchema();
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const host = options.host ?? '127.0.0.1';
  await assertAccountsForNetwork(host, store);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 4000, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const origins = new OriginPolicy({ webOrigins: options.webOrigins, allowedHosts: options.allowedHosts });
  const gatekeeper = new StoreGatekeeper(store, origins);
  const collab = new CollabServer(store, gatekeeper, { revalidateMs: options.revalidateMs, ...options.collab });
  const services: ServerServices = {
    store,
    jobs,
    manifests: new ManifestCache(),
    heatmaps: new HeatmapArtifacts(),
    urls: new Urls(options.artifactsBaseUrl ?? url),
    pollers: new PollerHub(options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS),
    gatekeeper,
    collab,
    notebookCells: new NotebookCells(collab, store),
    history: new NotebookHistory(collab, store),
    dataRoots: new DataRoots(options.dataRoots ?? defaultDataRoots(process.env, store.dataRoot)),
  };
  const changeListener = await wakePollersOnChanges(store, services.pollers);
  const subscriptions = startSubscriptionServer(schema, services, { limits, bounds, revalidateMs: options.revalidateMs ?? 1000 });

  const collabSockets = new WebSocketServer({ noServer: true, maxPayload: COLLAB_MAX_MESSAGE_BYTES });
  collabSockets.on('connection', (socket, request) => collab.handleConnection(socket, request));
  const upgrades = dispatchUpgrades(httpServer, { [GRAPHQL_PATH]: subscriptions.wsServer, [COLLAB_PATH]: collabSockets }, gatekeeper);

  const apollo = new ApolloServer<GraphContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    formatError: formatGraphError,
    parseOptions: { maxTokens: bounds.maxTokens },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ request, document, schema: resolvedSchema }) {
              const errors = checkQueryLimits(resolvedSchema, document, request.variables, request.operationName, limits);
              if (errors.length > 0) throw errors[0];
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // Every door: Host and Origin first (DNS rebinding, other sites' pages), CORS only for the web origins.
  app.use(checkOrigin(services.gatekeeper));
  app.use(cors({ origin: [...origins.webOrigins], credentials: true }));
  app.get('/healthz', identifyCaller(services.gatekeeper), (_req, res) => {
    // Where the store lives is for signed-in callers only.
    res.json(callerOf(res) ? { ok: true, store: store.url } : { ok: true });
  });
  app.use(rootPage({ webOrigins: origins.webOrigins, graphqlPath: GRAPHQL_PATH }));
  app.use(authRoutes(store, origins));
  app.use(identifyCaller(services.gatekeeper));
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '1mb' }),
    graphqlBodyErrors,
    requireGraphCaller,
    boundDocuments(bounds),
    expressMiddleware(apollo, { context: async ({ res }) => createContext(services, callerOf(res)) }),
  );
  // Binary endpoints (artifacts, images, masks, heat maps, prototypes) read the workspace.
  app.use(requireCaller('read'));
  app.use(artifactRoutes(store));
  app.use(imageRoutes(store, services.manifests));
  app.use(heatmapRoutes(store, services.manifests, services.heatmaps));
  app.use(prototypeRoutes(store, services.manifests));
  app.use(httpErrorHandler);

  let closed: Promise<void> | undefined;
  return {
    url,
    graphqlUrl: `${url}${GRAPHQL_PATH}`,
    subscriptionsUrl: `${url.replace(/^http/, 'ws')}${GRAPHQL_PATH}`,
    collabUrl: `${url.replace(/^http/, 'ws')}${COLLAB_PATH}`,
    store,
    notebookCells: services.notebookCells,
    close() {
      closed ??= (async () => {
        upgrades.close();
        services.pollers.close();
        await changeListener?.close();
        await subscriptions.close();
        await apollo.stop(); // drains and closes the HTTP server
        // After the last mutation: every document is stored before the store closes.
        await collab.close();
        await new Promise<void>((resolve) => collabSockets.close(() => resolve()));
        await jobs.close();
        if (ownsStore) await store.close();
      })();
      return closed;
    },
  };
}
