/**
 * Typed errors of the explanation methods. `ExplainInputError`: the call was wrong (a target outside
 * the classes, a window larger than the image) — fix the arguments. `UnsupportedModelError`: the
 * method needs something the model does not expose (a feature layer, a pooled linear head) — pick
 * another method or model. `UnknownExplainerError`: an id that is not registered.
 */
export class ExplainError extends Error {
  override name = 'ExplainError';
}

export class ExplainInputError extends ExplainError {
  override name = 'ExplainInputError';
  constructor(
    readonly method: string,
    readonly problem: string,
  ) {
    super(`${method}: ${problem}`);
  }
}

export class UnsupportedModelError extends ExplainError {
  override name = 'UnsupportedModelError';
  constructor(
    readonly method: string,
    readonly modelName: string,
    readonly missing: string,
  ) {
    super(`${method} cannot explain the model '${modelName}': it has no ${missing}`);
  }
}

export class UnknownExplainerError extends ExplainError {
  override name = 'UnknownExplainerError';
  constructor(
    readonly id: string,
    readonly known: readonly string[],
  ) {
    super(`unknown explanation method '${id}'; use one of: ${known.join(', ')}`);
  }
}
