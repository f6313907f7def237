/**
 * Subscriptions, served over graphql-ws (subscriptions/websocket.ts). Each event is resolved with
 * fresh DataLoaders (graphql-ws builds a context per operation; events of one long subscription must
 * not see a run as it was when the subscription began).
 */
import type { Job, JobStatus } from '@protoscope/tracking';
import type { GraphContext } from '../graphql/context';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { createLoaders } from '../graphql/loaders';
import { subscribeJob, subscribeJobs } from '../subscriptions/job-updates';
import { subscribeRunProgress, type RunProgressEvent } from '../subscriptions/run-progress';
import { jobIdOf } from './mutation-resolvers';
import { requiredEdge } from './required-edge';

/** Replaces the context's loaders before each event's fields are resolved. */
function freshLoaders<T>(ctx: GraphContext, event: T): T {
  ctx.loaders = createLoaders(ctx.store, ctx.manifests);
  return event;
}

export const subscriptionResolvers: Resolvers = {
  Subscription: {
    runProgress: {
      subscribe: (_: unknown, args: { runId: string }, ctx: GraphContext) => subscribeRunProgress(ctx.pollers, ctx.store, args.runId),
      resolve: (event: RunProgressEvent, _: unknown, ctx: GraphContext) => freshLoaders(ctx, event),
    },
    jobUpdated: {
      subscribe: (_: unknown, args: { id: string }, ctx: GraphContext) => subscribeJob(ctx.pollers, ctx.store, jobIdOf(args.id)),
      resolve: (job: Job, _: unknown, ctx: GraphContext) => freshLoaders(ctx, job),
    },
    jobs: {
      subscribe: (_: unknown, args: { status?: JobStatus[] | null }, ctx: GraphContext) => subscribeJobs(ctx.pollers, ctx.store, args.status),
      resolve: (job: Job, _: unknown, ctx: GraphContext) => freshLoaders(ctx, job),
    },
  },
  RunProgressEvent: {
    run: (e: RunProgressEvent, _: unknown, ctx: GraphContext) => requiredEdge(ctx.loaders.run.load(e.runId), `run ${e.runId} is gone`),
    metrics: (e: RunProgressEvent) => e.metrics.map((m) => ({ runId: e.runId, key: m.key, points: m.points })),
  },
};
