import type { NotebookLinks } from '../module';
import type { ResolvedInput } from '../resolve-inputs';
import { Notice } from './notice';

/** What a run-based cell shows before it has runs: where they would come from and how to give some. */
export function NoRunsNotice({ testId, input, links }: { testId: string; input: ResolvedInput | undefined; links: NotebookLinks }) {
  return (
    <div data-testid={testId} data-empty="true">
      <Notice>
        {input?.sourceCellId
          ? `No runs selected yet: tick runs in ${links.labelOf(input.sourceCellId)}.`
          : 'No runs yet: edit this cell to take the runs selected in a runs table, or list run ids.'}
      </Notice>
    </div>
  );
}
