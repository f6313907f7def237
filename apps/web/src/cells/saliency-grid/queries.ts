import { gql, type TypedDocumentNode } from '@apollo/client';
import type { RunFilterInput } from '../shared/run-rows';

export interface SaliencyMapNode {
  id: string;
  imageId: string;
  method: string;
  target: number | null;
  targetName: string | null;
  params: Record<string, unknown>;
  url: string;
  image: { id: string; url: string; labelName: string | null } | null;
}

export const RUN_SALIENCY: TypedDocumentNode<
  { runs: { edges: { node: { id: string; name: string | null; saliencyMaps: SaliencyMapNode[] } }[] } },
  { filter: RunFilterInput; methods: string[] | null }
> = gql`
  query RunSaliency($filter: RunFilter, $methods: [String!]) {
    runs(filter: $filter, first: 20) {
      edges {
        node {
          id
          name
          saliencyMaps(methods: $methods) {
            id
            imageId
            method
            target
            targetName
            params
            url
            image {
              id
              url
              labelName
            }
          }
        }
      }
    }
  }
`;
