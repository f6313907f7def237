/** A parameter name, shape or snapshot that does not fit the model; the message names the culprit. */
export class ParameterError extends Error {
  override name = 'ParameterError';
}
