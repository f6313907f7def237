/**
 * The statuses the app writes on runs, jobs and sweeps. The database checks them (CHECK constraints of
 * migrations/0001-initial.ts and 0009-sweeps.ts, which keep their own frozen copies: a migration must not change when these
 * lists grow; a new status needs a migration that widens the check). statuses.spec.ts writes each one
 * through the store, so a status the database would refuse fails there first.
 */
export const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const SWEEP_STATUSES = ['running', 'finished', 'cancelled', 'failed'] as const;
