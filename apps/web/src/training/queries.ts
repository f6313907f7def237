import { gql, type TypedDocumentNode } from '@apollo/client';

export interface JobData {
  id: string;
  status: string;
  progress: number | null;
  progressMessage: string | null;
  error: string | null;
  runId: string | null;
}

/** A registered method as the training form offers it (the `methods` query). */
export interface MethodChoice {
  id: string;
  title: string;
  inputs: string;
  defaults: Record<string, unknown> | null;
  defaultsNote: string | null;
}

export const TRAINING_CHOICES: TypedDocumentNode<{
  datasets: { id: string; name: string | null; imageCount: number }[];
  methods: MethodChoice[];
}> = gql`
  query TrainingChoices {
    datasets {
      id
      name
      imageCount
    }
    methods {
      id
      title
      inputs
      defaults
      defaultsNote
    }
  }
`;

export const START_RUN: TypedDocumentNode<
  { startRun: JobData },
  { input: { method: string; datasetId: string; epochs: number; seed: number; name?: string; config?: unknown } }
> = gql`
  mutation StartRun($input: StartRunInput!) {
    startRun(input: $input) {
      id
      status
      progress
      progressMessage
      error
      runId
    }
  }
`;

export const JOB_UPDATED: TypedDocumentNode<{ jobUpdated: JobData }, { id: string }> = gql`
  subscription JobUpdated($id: ID!) {
    jobUpdated(id: $id) {
      id
      status
      progress
      progressMessage
      error
      runId
    }
  }
`;

export interface RunProgressData {
  runProgress: {
    runId: string;
    status: string;
    initial: boolean;
    metrics: { key: string; points: { step: number; value: number | null }[] }[];
  };
}

export const RUN_PROGRESS: TypedDocumentNode<RunProgressData, { runId: string }> = gql`
  subscription RunProgress($runId: ID!) {
    runProgress(runId: $runId) {
      runId
      status
      initial
      metrics {
        key
        points {
          step
          value
        }
      }
    }
  }
`;
