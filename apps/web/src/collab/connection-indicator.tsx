'use client';
import type { ConnectionSummary } from './connection-state';

export function ConnectionIndicator({ summary }: { summary: ConnectionSummary }) {
  return (
    <span className={`connection connection-${summary.state}`} data-testid="connection-state" data-state={summary.state} role="status">
      <span className="connection-dot" aria-hidden="true" />
      {summary.text}
    </span>
  );
}
