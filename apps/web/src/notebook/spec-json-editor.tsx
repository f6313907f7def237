'use client';
import { useState } from 'react';

/** The spec as JSON text: for a spec no editor can show (unknown type, old shape) and for power users. */
export function SpecJsonEditor({ spec, onChange }: { spec: unknown; onChange(spec: unknown): void }) {
  const [text, setText] = useState(() => JSON.stringify(spec, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <textarea
        className="code-input"
        rows={Math.min(24, text.split('\n').length + 1)}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          try {
            onChange(JSON.parse(text));
            setError(null);
          } catch (parseError) {
            setError(parseError instanceof Error ? parseError.message : String(parseError));
          }
        }}
      />
      {error ? <div className="notice notice-error">Not JSON: {error}</div> : null}
    </div>
  );
}
