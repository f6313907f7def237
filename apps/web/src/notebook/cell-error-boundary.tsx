'use client';
import { Component, type ReactNode } from 'react';

/** A renderer that throws breaks its own cell only; the message says which cell and why. */
export class CellErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return <div className="notice notice-error">This cell failed to render: {this.state.error.message}</div>;
    }
    return this.props.children;
  }
}
