import { ParameterError } from './errors';

/** Hierarchical names: segments of letters, digits, `_`, `-`, `.`, joined by `/` ("backbone/layer1/0/conv1/filter"). */
const NAME = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

export function assertParameterName(name: string): void {
  if (!NAME.test(name)) {
    throw new ParameterError(`invalid parameter name '${name}': use segments of [A-Za-z0-9_.-] joined by '/'`);
  }
}

/** Joins name segments, skipping empty ones (so an empty prefix means "top level"). */
export function joinName(...parts: (string | number | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p !== '').join('/');
}

/** True when `name` is `prefix` itself or lies under it; prefixes match whole segments ("layer1" ≠ "layer10"). */
export function hasPrefix(name: string, prefix: string | undefined): boolean {
  if (prefix === undefined || prefix === '') return true;
  return name === prefix || name.startsWith(`${prefix}/`);
}
