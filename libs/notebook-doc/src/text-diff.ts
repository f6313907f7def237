import type * as Y from 'yjs';

/**
 * Makes `text` read `next` by deleting and inserting only the span between the common prefix and the
 * common suffix, so characters typed concurrently by others outside that span are kept (replacing the
 * whole text would drop them). Call inside a transaction.
 */
export function replaceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  const { start, deleteCount, insert } = textChange(current, next);
  if (deleteCount > 0) text.delete(start, deleteCount);
  if (insert.length > 0) text.insert(start, insert);
}

/** The single span edit turning `before` into `after`; it never splits a UTF-16 surrogate pair. */
export function textChange(before: string, after: string): { start: number; deleteCount: number; insert: string } {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return {
    start: prefix,
    deleteCount: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
