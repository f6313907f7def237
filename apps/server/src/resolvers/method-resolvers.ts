/** The `methods` query: the training methods a client may offer, with their config schemas and defaults. */
import { describeMethods, methodDefaults, type MethodDescription } from '@protoscope/core-models/catalogue';
import { badInput } from '../graphql/errors';
import type { Resolvers } from '../graphql/generated/resolvers-types';

/** Described once per process: the catalogue does not change while the server runs. */
let described: MethodDescription[] | undefined;

export const methodResolvers: Resolvers = {
  Query: {
    methods: () => (described ??= describeMethods()),
  },
  Method: {
    defaults: (method, args) => {
      if (args.config === undefined || args.config === null) return method.defaults;
      try {
        return methodDefaults(method.id, args.config);
      } catch (error) {
        throw badInput(error instanceof Error ? error.message : String(error));
      }
    },
  },
};
