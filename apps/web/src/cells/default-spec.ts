/**
 * The spec of a newly added cell: the schema's defaults, with every input bound to the nearest cell
 * above that can feed it (a chart added under a runs table shows that table's selection at once).
 */
import type { RunIdsBinding } from './bindings';
import type { CellRecord, DefinitionLookup } from './resolve-inputs';
import type { CellDefinition } from './definition';

export function defaultSpecFor(
  definition: CellDefinition<unknown>,
  cells: readonly CellRecord[],
  position: number,
  lookup: DefinitionLookup,
): Record<string, unknown> {
  const spec = { ...(definition.schema.parse({}) as Record<string, unknown>) };
  for (const port of definition.inputs) {
    const above = cells.slice(0, Math.max(0, position)).reverse();
    const source = above.find((cell) => lookup(cell.type)?.outputs.some((output) => output.kind === port.kind));
    if (source) spec[port.field] = { ...(spec[port.field] as RunIdsBinding), fromCell: source.id };
  }
  return spec;
}
