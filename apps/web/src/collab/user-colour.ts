/**
 * Each person's colour is derived from their account id, so every page shows the same person in the
 * same colour without asking a server: FNV-1a of the id picks a hue; saturation and lightness are
 * fixed so names stay readable on the colour and selections stay light enough to read through.
 */
export interface UserColour {
  /** Cursor, avatar and caret colour, `#rrggbb`. */
  color: string;
  /** The same colour with ~20% opacity, `#rrggbbaa`: remote selections. */
  colorLight: string;
}

/** 32-bit FNV-1a over the UTF-16 code units of the text. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** HSL (hue in degrees, saturation and lightness in 0…1) to `#rrggbb`. */
export function hslToHex(hue: number, saturation: number, lightness: number): string {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const sector = (((hue % 360) + 360) % 360) / 60;
  const second = chroma * (1 - Math.abs((sector % 2) - 1));
  const [r, g, b] =
    sector < 1 ? [chroma, second, 0] : sector < 2 ? [second, chroma, 0] : sector < 3 ? [0, chroma, second] : sector < 4 ? [0, second, chroma] : sector < 5 ? [second, 0, chroma] : [chroma, 0, second];
  const base = lightness - chroma / 2;
  return `#${[r, g, b].map((channel) => Math.round((channel + base) * 255).toString(16).padStart(2, '0')).join('')}`;
}

export function userColour(userId: string): UserColour {
  const color = hslToHex(fnv1a32(userId) % 360, 0.7, 0.42);
  return { color, colorLight: `${color}33` };
}
