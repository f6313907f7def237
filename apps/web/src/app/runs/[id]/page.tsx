import type { Metadata } from 'next';
import { RunPage } from '../../../runs/run-page';

type RouteProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: RouteProps): Promise<Metadata> {
  const { id } = await params;
  return { title: `Run ${decodeURIComponent(id)} · Protoscope` };
}

export default async function RunRoute({ params }: RouteProps) {
  const { id } = await params;
  return <RunPage runId={decodeURIComponent(id)} />;
}
