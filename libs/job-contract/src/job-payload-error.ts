/** A job's payload does not fit its kind: queueing it is refused, and a worker fails it without retrying. */
export class JobPayloadError extends Error {
  override name = 'JobPayloadError';
}
