/** What every store operation works with: the database, its dialect, the artifact store, a clock. */
import type { Kysely } from 'kysely';
import type { ArtifactStore } from './artifact-store';
import type { Database } from './schema';
import type { StoreDialect } from './url';

export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** The store URL without its password, for messages. */
  readonly displayUrl: string;
  readonly artifacts: ArtifactStore;
  /** Absolute folder that dataset locations are relative to. */
  readonly dataRoot: string;
  /** Epoch milliseconds; replaceable in tests (job leases). */
  now(): number;
}
