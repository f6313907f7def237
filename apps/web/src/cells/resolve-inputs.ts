/**
 * Wires cells together the way Observable does: a cell's input names another cell, whose declared
 * output supplies the value. Outputs are functions of their own cell's spec only, so resolution is one
 * pass with no cycles to chase, and a chart re-renders as soon as a runs-table's selection is saved.
 */
import type { RunIdsBinding } from './bindings';
import type { CellDefinition, PortKind } from './definition';

export interface CellRecord {
  id: string;
  type: string;
  spec: unknown;
}

export interface ResolvedInput {
  kind: PortKind;
  values: readonly string[];
  /** The cell that supplied the values, when bound to one. */
  sourceCellId?: string;
}

export interface CellResolution {
  inputs: Record<string, ResolvedInput>;
  /** What is wrong with the cell's wiring or spec, in words a notebook author can act on. */
  problems: string[];
}

export type DefinitionLookup = (type: string) => CellDefinition<unknown> | undefined;

/** Parses a stored spec with its type's schema (filling defaults); a spec that does not parse is a problem. */
export function parseCellSpec(
  cell: CellRecord,
  lookup: DefinitionLookup,
): { spec: unknown; problem?: string; definition?: CellDefinition<unknown> } {
  const definition = lookup(cell.type);
  if (!definition) return { spec: cell.spec, problem: `unknown cell type "${cell.type}"` };
  const parsed = definition.schema.safeParse(cell.spec ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    return { spec: cell.spec, definition, problem: `spec does not fit the ${cell.type} cell${where}: ${first?.message ?? 'invalid'}` };
  }
  return { spec: parsed.data, definition };
}

export function resolveInputs(cells: readonly CellRecord[], lookup: DefinitionLookup): Map<string, CellResolution> {
  const parsed = new Map(cells.map((cell) => [cell.id, { cell, ...parseCellSpec(cell, lookup) }]));
  const result = new Map<string, CellResolution>();
  for (const { cell, spec, problem, definition } of parsed.values()) {
    const resolution: CellResolution = { inputs: {}, problems: problem ? [problem] : [] };
    result.set(cell.id, resolution);
    if (!definition || problem) continue;
    for (const port of definition.inputs) {
      const binding = (spec as Record<string, RunIdsBinding | undefined>)[port.field];
      if (!binding?.fromCell) {
        resolution.inputs[port.field] = { kind: port.kind, values: binding?.runIds ?? [] };
        continue;
      }
      const source = parsed.get(binding.fromCell);
      if (binding.fromCell === cell.id) {
        resolution.problems.push(`${port.label} cannot come from the cell itself`);
      } else if (!source) {
        resolution.problems.push(`${port.label} comes from a cell that no longer exists; pick another source`);
      } else if (source.problem || !source.definition) {
        resolution.problems.push(`${port.label} comes from a cell that has a problem: ${source.problem ?? 'unknown type'}`);
      } else {
        const output = source.definition.outputs.find((candidate) => candidate.kind === port.kind);
        if (!output) {
          resolution.problems.push(`${port.label} comes from a ${source.cell.type} cell, which has no ${port.kind} output`);
        } else {
          resolution.inputs[port.field] = { kind: port.kind, values: output.value(source.spec), sourceCellId: source.cell.id };
          continue;
        }
      }
      resolution.inputs[port.field] = { kind: port.kind, values: [] };
    }
  }
  return result;
}

/** Cells that can feed an input of this kind (for the editor's "from cell" picker). */
export function cellsWithOutput(cells: readonly CellRecord[], kind: PortKind, lookup: DefinitionLookup, except?: string): CellRecord[] {
  return cells.filter(
    (cell) => cell.id !== except && (lookup(cell.type)?.outputs.some((output) => output.kind === kind) ?? false),
  );
}
