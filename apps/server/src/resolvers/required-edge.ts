/**
 * A non-null edge (`Prototype.run: Run!`, `Cell.notebook: Notebook!`) whose row is gone — deleted
 * while the request ran — answers NOT_FOUND naming it, instead of GraphQL's bare "cannot return null".
 */
import { notFound } from '../graphql/errors';

export async function requiredEdge<T>(loading: Promise<T | undefined | null>, missing: string): Promise<T> {
  const value = await loading;
  if (value === undefined || value === null) throw notFound(missing);
  return value;
}
