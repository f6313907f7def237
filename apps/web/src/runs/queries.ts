import { graphql } from '../graphql/generated';
import type { RunPageQuery, RunSweepQuery } from '../graphql/generated/graphql';

export type RunPageRun = NonNullable<RunPageQuery['run']>;

export type RunPageEvaluation = RunPageRun['evaluations'][number];

/** Everything the run page's header, tables and section choices need, in one request. */
export const RUN_PAGE = graphql(`
  query RunPage($id: ID!) {
    run(id: $id) {
      id
      name
      method
      datasetId
      dataset {
        id
        name
        classes
      }
      params
      seed
      backend
      status
      error
      gitCommit
      tags
      parent {
        id
        name
      }
      resumeOf {
        id
        name
      }
      createdAt
      startedAt
      finishedAt
      metricKeys
      latestMetrics {
        key
        point {
          step
          epoch
          value
          valueText
          time
        }
      }
      evaluations {
        id
        name
        method
        split
        step
        createdAt
        metrics
      }
      prototypePushes {
        step
        epoch
        count
      }
    }
  }
`);

export type RunSweep = NonNullable<RunSweepQuery['sweep']>;

/** The sweep a trial run belongs to, with its trials (to find this run's). */
export const RUN_SWEEP = graphql(`
  query RunSweep($id: ID!) {
    sweep(id: $id) {
      id
      name
      strategy
      metric
      mode
      state
      trials {
        index
        state
        rung
        epochs
        value
        run {
          id
        }
      }
      bestTrial {
        run {
          id
        }
      }
    }
  }
`);
