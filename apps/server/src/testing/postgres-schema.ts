/**
 * Test support: a private PostgreSQL schema for one test server or store, so concurrent runs never
 * meet; `drop()` removes it and everything in it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TemporarySchema {
  /** `base` with `schema=<name>` added: a store URL that lives in the schema. */
  url: string;
  drop(): Promise<void>;
}

export function temporaryPostgresSchema(base: string, prefix: string): TemporarySchema {
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    url: `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`,
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
