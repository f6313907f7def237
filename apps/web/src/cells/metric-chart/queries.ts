import { gql, type TypedDocumentNode } from '@apollo/client';
import type { AlignedMetric } from './traces';

export const METRIC_COMPARISON: TypedDocumentNode<
  {
    compareRuns: {
      runs: { id: string; name: string | null }[];
      metrics: AlignedMetric[];
      groups: { key: unknown; runIds: string[] }[];
    };
  },
  { ids: string[]; metrics: string[] | null; maxPoints: number }
> = gql`
  query MetricComparison($ids: [ID!]!, $metrics: [String!], $maxPoints: Int) {
    compareRuns(ids: $ids, metrics: $metrics, maxPoints: $maxPoints) {
      runs {
        id
        name
      }
      metrics {
        key
        steps
        series {
          runId
          values
        }
      }
      groups {
        key
        runIds
      }
    }
  }
`;
