import { InvalidArgumentError } from 'commander';
import { explainerIds } from '@protoscope/eval';

/** Option parsers shared by the commands (commander calls them with the raw text). */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return parsed;
}

export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return parsed;
}

export function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('must be a whole number');
  return parsed;
}

/** `a,b,c` → ['a', 'b', 'c'] (blanks dropped). */
export function commaList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('must name at least one item');
  return items;
}

/** `gradcam,rise` → the explanation method ids, each checked against the registry. */
export function explainerList(value: string): string[] {
  const ids = commaList(value);
  const unknown = ids.filter((id) => !(explainerIds as readonly string[]).includes(id));
  if (unknown.length) throw new InvalidArgumentError(`unknown method${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (use: ${explainerIds.join(', ')})`);
  return ids;
}
