import { gql, type TypedDocumentNode } from '@apollo/client';

export interface PairMapNode {
  id: string;
  imageId: string;
  pairedImageId: string | null;
  view: string | null;
  method: string;
  kind: 'SALIENCY' | 'ATTENTION' | 'LESION';
  query: { x: number; y: number } | null;
  width: number | null;
  height: number | null;
  targetName: string | null;
  url: string;
  metrics: Record<string, unknown>;
  image: { id: string; url: string; labelName: string | null } | null;
}

/** The images of a run that have maps of one explainer with a pair: the choices of the image picker. */
export const PAIRED_IMAGES: TypedDocumentNode<
  { run: { id: string; name: string | null; saliencyMaps: { imageId: string; pairedImageId: string | null; view: string | null }[] } | null },
  { runId: string; method: string }
> = gql`
  query PairedImages($runId: ID!, $method: String!) {
    run(id: $runId) {
      id
      name
      saliencyMaps(methods: [$method]) {
        imageId
        pairedImageId
        view
      }
    }
  }
`;

/** Every map lying on either image of one pair. */
export const PAIR_MAPS: TypedDocumentNode<{ run: { onFirst: PairMapNode[]; onSecond: PairMapNode[] } | null }, { runId: string; first: string; second: string }> = gql`
  query PairMaps($runId: ID!, $first: ID!, $second: ID!) {
    run(id: $runId) {
      onFirst: saliencyMaps(imageId: $first) {
        ...PairMap
      }
      onSecond: saliencyMaps(imageId: $second) {
        ...PairMap
      }
    }
  }

  fragment PairMap on SaliencyMap {
    id
    imageId
    pairedImageId
    view
    method
    kind
    query {
      x
      y
    }
    width
    height
    targetName
    url
    metrics
    image {
      id
      url
      labelName
    }
  }
`;

