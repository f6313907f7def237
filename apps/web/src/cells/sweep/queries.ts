import { gql, type TypedDocumentNode } from '@apollo/client';

export interface SweepTrialData {
  index: number;
  state: string;
  rung: number;
  epochs: number;
  params: Record<string, unknown>;
  value: number | null;
  run: { id: string; name: string | null };
}

export interface SweepData {
  id: string;
  name: string | null;
  state: string;
  strategy: string;
  method: string;
  datasetId: string;
  metric: string;
  mode: string;
  parameters: string[];
  rungs: number[];
  error: string | null;
  progress: { total: number; queued: number; running: number; done: number; stopped: number; failed: number };
  trials: SweepTrialData[];
  bestTrial: SweepTrialData | null;
}

const TRIAL_FIELDS = `index state rung epochs params value run { id name }`;

export const SWEEP: TypedDocumentNode<{ sweep: SweepData | null }, { id: string }> = gql`
  query Sweep($id: ID!) {
    sweep(id: $id) {
      id
      name
      state
      strategy
      method
      datasetId
      metric
      mode
      parameters
      rungs
      error
      progress { total queued running done stopped failed }
      trials { ${TRIAL_FIELDS} }
      bestTrial { ${TRIAL_FIELDS} }
    }
  }
`;

export const SWEEP_LIST: TypedDocumentNode<{ sweeps: { id: string; name: string | null; state: string; strategy: string; method: string }[] }> = gql`
  query SweepList {
    sweeps(first: 50) {
      id
      name
      state
      strategy
      method
    }
  }
`;

export const CREATE_SWEEP: TypedDocumentNode<{ createSweep: { id: string } }, { input: Record<string, unknown> }> = gql`
  mutation CreateSweep($input: CreateSweepInput!) {
    createSweep(input: $input) {
      id
    }
  }
`;

export const CANCEL_SWEEP: TypedDocumentNode<{ cancelSweep: { id: string; state: string } }, { id: string }> = gql`
  mutation CancelSweep($id: ID!) {
    cancelSweep(id: $id) {
      id
      state
    }
  }
`;
