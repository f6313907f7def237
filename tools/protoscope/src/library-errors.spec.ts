import { FindingTaskError, InputTooSmallError, MethodConfigError } from '@protoscope/core-models';
import { withUserErrors } from './library-errors';
import { UserFacingError } from './user-facing-error';

describe('library errors the CLI prints as one line', () => {
  it('become user-facing errors with the same message', async () => {
    const errors = [
      new FindingTaskError('dataset has no findings task "findings"'),
      new MethodConfigError('bad config'),
      // `train --size 3`: the backbone's downsampling leaves nothing of the image.
      new InputTooSmallError('an input of 3 px shrinks to nothing at spatial layer 4 of 6'),
    ];
    for (const error of errors) {
      const caught = await withUserErrors(() => Promise.reject(error)).catch((e: unknown) => e);
      expect(caught).toBeInstanceOf(UserFacingError);
      expect((caught as Error).message).toBe(error.message);
    }
  });

  it('leave other errors (bugs) as they are, to be shown with their stack', async () => {
    const bug = new TypeError('x is undefined');
    await expect(withUserErrors(() => Promise.reject(bug))).rejects.toBe(bug);
  });
});
