/**
 * The training form's config box: empty means the method's defaults; anything else must be a JSON
 * object (the worker validates it against the method's schema and names what it refuses).
 */
export function parseConfigText(text: string): { config?: Record<string, unknown>; error?: string } {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `config is not JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'config must be a JSON object, e.g. {"learningRate": 0.002}' };
  return { config: parsed as Record<string, unknown> };
}
