/**
 * A GraphQL enum's resolver map for a list of store values: each value under its name in capitals
 * (QUEUED ↔ 'queued'), so resolvers read and return the store's values and the graph shows the schema's.
 */
export function storeEnum<const Values extends readonly string[]>(values: Values): { [Value in Values[number] as Uppercase<Value>]: Value } {
  return Object.fromEntries(values.map((value) => [value.toUpperCase(), value])) as { [Value in Values[number] as Uppercase<Value>]: Value };
}
