/**
 * @protoscope/graph: the GraphQL schema (SDL) shared by the server, which implements it, and the web
 * app, which generates its types from it. See docs/graph.md.
 */
export { typeDefs } from './schema';
