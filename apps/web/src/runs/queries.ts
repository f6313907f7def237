import { gql, type TypedDocumentNode } from '@apollo/client';

export interface RunPageMetricPoint {
  step: number;
  epoch: number | null;
  value: number | null;
  valueText: string;
  time: string;
}

export interface RunPageEvaluation {
  id: string;
  name: string;
  method: string | null;
  split: string | null;
  step: number | null;
  createdAt: string;
  metrics: unknown;
}

export interface RunPageRun {
  id: string;
  name: string | null;
  method: string;
  datasetId: string | null;
  dataset: { id: string; name: string | null; classes: string[] } | null;
  params: Record<string, unknown>;
  seed: number | null;
  backend: string | null;
  status: string;
  error: string | null;
  gitCommit: string | null;
  tags: string[];
  parent: { id: string; name: string | null } | null;
  resumeOf: { id: string; name: string | null } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  metricKeys: string[];
  latestMetrics: { key: string; point: RunPageMetricPoint }[];
  evaluations: RunPageEvaluation[];
  prototypePushes: { step: number; epoch: number | null; count: number }[];
}

/** Everything the run page's header, tables and section choices need, in one request. */
export const RUN_PAGE: TypedDocumentNode<{ run: RunPageRun | null }, { id: string }> = gql`
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
`;

export interface RunSweepTrial {
  index: number;
  state: string;
  rung: number;
  epochs: number;
  value: number | null;
  run: { id: string };
}

export interface RunSweep {
  id: string;
  name: string | null;
  strategy: string;
  metric: string;
  mode: string;
  state: string;
  trials: RunSweepTrial[];
  bestTrial: { run: { id: string } } | null;
}

/** The sweep a trial run belongs to, with its trials (to find this run's). */
export const RUN_SWEEP: TypedDocumentNode<{ sweep: RunSweep | null }, { id: string }> = gql`
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
`;
