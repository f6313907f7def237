/**
 * @protoscope/graph: the GraphQL schema (SDL) shared by the server, which implements it, and the web
 * app, which sends documents against it. graphql-codegen (`codegen.ts` at the root, `npm run codegen`)
 * generates both sides' types from this `typeDefs`: the server's resolver types in
 * `apps/server/src/graphql/generated/`, the web's typed documents in `apps/web/src/graphql/generated/`;
 * `generated-types.spec.ts` fails when the committed ones are stale. See docs/graph.md.
 */
import { collabTypeDefs } from './collab-schema';
import { typeDefs as coreTypeDefs } from './schema';
import { sweepTypeDefs } from './sweep-schema';

/** The whole schema: the core types and the co-editing extensions of them. */
export const typeDefs = coreTypeDefs + collabTypeDefs + sweepTypeDefs;
