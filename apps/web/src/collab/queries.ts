import { graphql } from '../graphql/generated';
import type { MeQuery } from '../graphql/generated/graphql';

export type MeData = MeQuery['me'];

/** Who this page is signed in as: the name and colour the others see. */
export const ME = graphql(`
  query Me {
    me {
      id
      name
    }
  }
`);
