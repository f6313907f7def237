import { graphql } from '../../graphql/generated';
import type { PairMapFragment } from '../../graphql/generated/graphql';

/** A map lying on one image of the pair. */
export type PairMapNode = PairMapFragment;

/** The images of a run that have maps of one explainer with a pair: the choices of the image picker. */
export const PAIRED_IMAGES = graphql(`
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
`);

/** Every map lying on either image of one pair. */
export const PAIR_MAPS = graphql(`
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
`);

