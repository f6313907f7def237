/**
 * The statuses the app writes on runs and jobs. The database checks them (CHECK constraints of
 * migrations/0001-initial.ts, which keeps its own frozen copy: a migration must not change when these
 * lists grow; a new status needs a migration that widens the check). statuses.spec.ts writes each one
 * through the store, so a status the database would refuse fails there first.
 */
export const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
