import type { ReactNode } from 'react';

/** A quiet message in place of a result: nothing selected yet, no data, a query error. */
export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'error' }) {
  return <div className={`notice notice-${tone}`}>{children}</div>;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
