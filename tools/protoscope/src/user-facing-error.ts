/** An error whose message tells the user what to fix; the CLI prints it without a stack trace. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}
