/** An unknown method id, or a config its method's schema rejects. */
export class MethodConfigError extends Error {
  override name = 'MethodConfigError';
}
