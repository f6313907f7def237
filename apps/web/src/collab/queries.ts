import { gql, type TypedDocumentNode } from '@apollo/client';

export interface MeData {
  id: string;
  name: string;
}

/** Who this page is signed in as: the name and colour the others see. */
export const ME: TypedDocumentNode<{ me: MeData }> = gql`
  query Me {
    me {
      id
      name
    }
  }
`;
