/** 8130 → "8,130": byte positions in messages read like the examples users see. */
export function byteCount(n: number): string {
  return n.toLocaleString('en-US');
}
