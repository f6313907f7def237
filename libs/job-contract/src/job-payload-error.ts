/** A job's payload does not fit its kind: queueing it is refused, and a worker fails it without retrying. */
export class JobPayloadError extends Error {
  override name = 'JobPayloadError';
  /** What is wrong, field by field, without naming the job (the graph reports it against the mutation's arguments). */
  readonly problems: string;
  constructor(message: string, problems: string = message) {
    super(message);
    this.problems = problems;
  }
}
