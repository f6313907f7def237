/**
 * @protoscope/graph: the GraphQL schema (SDL) shared by the server, which implements it, and the web
 * app, which generates its types from it. See docs/graph.md.
 */
import { collabTypeDefs } from './collab-schema';
import { typeDefs as coreTypeDefs } from './schema';
import { sweepTypeDefs } from './sweep-schema';

/** The whole schema: the core types and the co-editing extensions of them. */
export const typeDefs = coreTypeDefs + collabTypeDefs + sweepTypeDefs;
