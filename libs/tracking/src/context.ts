/** What every store operation works with: the database, its dialect, the artifact folder, a clock. */
import type { Kysely } from 'kysely';
import type { ArtifactFiles } from './artifact-files';
import type { Database } from './schema';
import type { StoreDialect } from './url';

export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** The store URL without its password, for messages. */
  readonly displayUrl: string;
  readonly artifacts: ArtifactFiles;
  /** Epoch milliseconds; replaceable in tests (job leases). */
  now(): number;
}
