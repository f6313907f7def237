import type { z } from 'zod';

/**
 * What one example of a method is made of: one image (`single`), or one image with the other view of
 * the same breast as `pairedImages` (`view-pair`; the data path builds CC/MLO pairs for it).
 */
export type MethodInputs = 'single' | 'view-pair';

/**
 * A method as a client sees it, before any model code loads: its id (the `--method` value, a CLI and
 * config contract), a one-line title, its inputs and the schema of its config with documented defaults.
 * Each method folder has an `<id>-entry.ts` (zod only, no tfjs); its `MethodDefinition` spreads
 * the entry, and `METHOD_CATALOGUE` lists it.
 */
export interface MethodEntry<Config = unknown> {
  id: string;
  title: string;
  /** Default `single`. */
  inputs?: MethodInputs;
  configSchema: z.ZodType<Config>;
}
