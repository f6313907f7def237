'use client';
import { useState } from 'react';
import { changedSpecKeys } from './doc-edits';

/**
 * The spec as JSON text: for a spec no editor can show (unknown type, old shape) and for power users.
 * Only the keys edited in the text are written back (compared with the spec as it was when the text
 * was made), so keys other people changed meanwhile keep their new values.
 */
export function SpecJsonEditor({ spec, onChange }: { spec: unknown; onChange(spec: unknown): void }) {
  const [base, setBase] = useState(spec);
  const [text, setText] = useState(() => JSON.stringify(spec, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <textarea
        className="code-input"
        aria-label="Spec as JSON"
        rows={Math.min(24, text.split('\n').length + 1)}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch (parseError) {
            setError(`Not JSON: ${parseError instanceof Error ? parseError.message : String(parseError)}`);
            return;
          }
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
            setError('Not a spec: a spec is a JSON object, like {"source": "# Title"}');
            return;
          }
          setError(null);
          onChange({ ...(spec as Record<string, unknown>), ...changedSpecKeys(base, parsed) });
          setBase(parsed);
        }}
      />
      {error ? <div className="notice notice-error">{error}</div> : null}
    </div>
  );
}
