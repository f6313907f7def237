import { gql, type TypedDocumentNode } from '@apollo/client';

export const RUN_DIFF: TypedDocumentNode<
  {
    compareRuns: {
      runs: { id: string; name: string | null; latestMetrics: { key: string; point: { value: number | null } }[] }[];
      configDiff: { key: string; values: unknown[] }[];
    };
  },
  { ids: string[] }
> = gql`
  query RunDiff($ids: [ID!]!) {
    compareRuns(ids: $ids, metrics: []) {
      runs {
        id
        name
        latestMetrics {
          key
          point {
            value
          }
        }
      }
      configDiff {
        key
        values
      }
    }
  }
`;
