/**
 * A `JSON` field read as an object. The schema types `params`, `metrics` and `spec` as JSON (any
 * value), so generated types say `unknown`; the server fills them with objects, and anything else
 * reads as empty rather than crashing a cell.
 */
export function jsonObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
