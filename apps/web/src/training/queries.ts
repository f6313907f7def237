import { gql, type TypedDocumentNode } from '@apollo/client';

export interface JobData {
  id: string;
  status: string;
  progress: number | null;
  progressMessage: string | null;
  error: string | null;
  runId: string | null;
}

export const TRAINING_CHOICES: TypedDocumentNode<{
  datasets: { id: string; name: string | null; imageCount: number }[];
  runs: { edges: { node: { id: string; method: string } }[] };
}> = gql`
  query TrainingChoices {
    datasets {
      id
      name
      imageCount
    }
    runs(first: 100) {
      edges {
        node {
          id
          method
        }
      }
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
