import path from 'node:path';
import { openDataset } from '@protoscope/datasets';
import { UserFacingError } from '../../user-facing-error';

/**
 * Data given with `--data` must have the run's class names in the run's order (logit k is class k):
 * maps or scores against other classes would be stored as if they were the run's.
 */
export function assertSameLabelSpace(data: string, classes: readonly string[], command: 'explain' | 'evaluate'): void {
  const manifest = openDataset(path.resolve(data)).manifest;
  const theirs = manifest.tasks[manifest.primaryTask]?.classes ?? [];
  if (theirs.join('\u0000') !== classes.join('\u0000')) {
    throw new UserFacingError(`${data} has classes [${theirs.join(', ')}], the run was trained on [${classes.join(', ')}]; ${command} on data with the same label space`);
  }
}
