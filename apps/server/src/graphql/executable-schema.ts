/** The executable schema: the shared SDL of @protoscope/graph with this server's resolvers. */
import { typeDefs } from '@protoscope/graph';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { JOB_STATUSES, RUN_STATUSES } from '@protoscope/tracking';
import type { GraphQLSchema } from 'graphql';
import { accountResolvers } from '../auth/account-resolvers';
import { authorizeSchema } from '../auth/authorize-schema';
import { collabResolvers } from '../resolvers/collab-resolvers';
import { datasetResolvers } from '../resolvers/dataset-resolvers';
import { explanationResolvers } from '../resolvers/explanation-resolvers';
import { methodResolvers } from '../resolvers/method-resolvers';
import { mutationResolvers } from '../resolvers/mutation-resolvers';
import { notebookJobResolvers } from '../resolvers/notebook-job-resolvers';
import { queryResolvers } from '../resolvers/query-resolvers';
import { runResolvers } from '../resolvers/run-resolvers';
import { subscriptionResolvers } from '../resolvers/subscription-resolvers';
import { sweepResolvers } from '../resolvers/sweep-resolvers';
import { DateTimeScalar, JSONScalar } from './scalars';
import { storeEnum } from './store-enum';

/** Every Query, Mutation and Subscription field behind its access rule (auth/field-rules.ts). */
export function buildExecutableSchema(): GraphQLSchema {
  return authorizeSchema(buildUnguardedSchema());
}

/** The schema without access rules: for tests that inspect it, never to serve. */
export function buildUnguardedSchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs,
    resolvers: [
      { JSON: JSONScalar, DateTime: DateTimeScalar, RunStatus: storeEnum(RUN_STATUSES), JobStatus: storeEnum(JOB_STATUSES) },
      queryResolvers,
      mutationResolvers,
      subscriptionResolvers,
      runResolvers,
      datasetResolvers,
      explanationResolvers,
      methodResolvers,
      notebookJobResolvers,
      collabResolvers,
      accountResolvers,
      sweepResolvers,
    ],
  });
}
