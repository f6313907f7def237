import { RunPage } from '../../../runs/run-page';

export default async function RunRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunPage runId={decodeURIComponent(id)} />;
}
