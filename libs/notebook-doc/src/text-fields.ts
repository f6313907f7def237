/**
 * The spec keys that are shared text (`Y.Text`, merged character by character) rather than a JSON
 * value replaced whole. One table, read by the server, the web editors and the tools alike.
 */
export const TEXT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  markdown: ['source'],
  graphql: ['query', 'variables'],
};

/** Whether `key` of a cell of type `type` is shared text. */
export function isTextField(type: string, key: string): boolean {
  return TEXT_FIELDS[type]?.includes(key) ?? false;
}
