/**
 * The model half of a cell type: its JSON spec schema (with defaults) and the inputs and outputs it
 * declares. Pure, so specs and input resolution are testable without React; the view half (editor and
 * renderer) is added in each type's `index.ts` (see module.ts).
 */
import type { z } from 'zod';

/** What flows between cells. A runs-table's selection feeds charts as `runIds`. */
export type PortKind = 'runIds';

/** An input is a spec field holding a binding: a reference to another cell's output, or literal values. */
export interface InputPort {
  /** Name of the spec field that holds the binding (see bindings.ts). */
  field: string;
  kind: PortKind;
  label: string;
}

export interface OutputPort<Spec> {
  name: string;
  kind: PortKind;
  label: string;
  /** The output is a function of the cell's own spec, so outputs never depend on a network answer. */
  value(spec: Spec): readonly string[];
}

export interface CellDefinition<Spec = unknown> {
  /** The id stored in the notebook; a contract with saved notebooks, never rename. */
  type: string;
  title: string;
  description: string;
  /** Parses a stored spec, filling defaults; `schema.parse({})` is the spec of a new cell. */
  schema: z.ZodType<Spec>;
  inputs: readonly InputPort[];
  outputs: readonly OutputPort<Spec>[];
}

export function defineCell<Spec>(definition: CellDefinition<Spec>): CellDefinition<Spec> {
  return definition;
}
