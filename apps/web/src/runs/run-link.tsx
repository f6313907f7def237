/** The address of a run's page. */
export function runPath(runId: string): string {
  return `/runs/${encodeURIComponent(runId)}`;
}

/** A link to a run's page, named by the run's name (its id when it has none). */
export function RunLink({ run, testId }: { run: { id: string; name: string | null }; testId?: string }) {
  return (
    <a href={runPath(run.id)} data-testid={testId}>
      {run.name ?? run.id}
    </a>
  );
}
