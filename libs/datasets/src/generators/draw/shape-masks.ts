import type { Box, Point } from '../../manifest/schema';

/** A binary or label drawing surface: one byte per pixel. */
export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

export function createMask(width: number, height: number): Mask {
  return { width, height, data: new Uint8Array(width * height) };
}

/** Sets `value` at every pixel whose centre lies inside the rotated ellipse. */
export function fillEllipse(mask: Mask, cx: number, cy: number, rx: number, ry: number, angle = 0, value = 1): void {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const r = Math.max(rx, ry) + 1;
  const x0 = Math.max(0, Math.floor(cx - r));
  const x1 = Math.min(mask.width - 1, Math.ceil(cx + r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const y1 = Math.min(mask.height - 1, Math.ceil(cy + r));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const u = (dx * cos + dy * sin) / rx;
      const v = (-dx * sin + dy * cos) / ry;
      if (u * u + v * v <= 1) mask.data[y * mask.width + x] = value;
    }
  }
}

/** A line of the given thickness (pixel centres within thickness/2 of the segment). */
export function fillLine(mask: Mask, a: Point, b: Point, thickness: number, value = 1): void {
  const half = thickness / 2;
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - half - 1));
  const x1 = Math.min(mask.width - 1, Math.ceil(Math.max(a.x, b.x) + half + 1));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - half - 1));
  const y1 = Math.min(mask.height - 1, Math.ceil(Math.max(a.y, b.y) + half + 1));
  const vx = b.x - a.x;
  const vy = b.y - a.y;
  const len2 = vx * vx + vy * vy || 1;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5 - a.x;
      const py = y + 0.5 - a.y;
      const t = Math.min(1, Math.max(0, (px * vx + py * vy) / len2));
      const dx = px - t * vx;
      const dy = py - t * vy;
      if (dx * dx + dy * dy <= half * half) mask.data[y * mask.width + x] = value;
    }
  }
}

/** Fills a polygon (even–odd rule on pixel centres). */
export function fillPolygon(mask: Mask, points: readonly Point[], value = 1): void {
  const ys = points.map((p) => p.y);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(mask.height - 1, Math.ceil(Math.max(...ys)));
  for (let y = y0; y <= y1; y++) {
    const cy = y + 0.5;
    const xs: number[] = [];
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      const q = points[(i + 1) % points.length]!;
      if ((p.y <= cy && q.y > cy) || (q.y <= cy && p.y > cy)) xs.push(p.x + ((cy - p.y) / (q.y - p.y)) * (q.x - p.x));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k]! - 0.5));
      const to = Math.min(mask.width - 1, Math.floor(xs[k + 1]! - 0.5));
      for (let x = from; x <= to; x++) mask.data[y * mask.width + x] = value;
    }
  }
}

export interface MaskStats {
  area: number;
  box?: Box;
  centroid?: Point;
}

/** Area, tight box and centroid (pixel-centre convention) of the pixels equal to `value`. */
export function measureMask(mask: Mask, value = 1): MaskStats {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, sx = 0, sy = 0, area = 0;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[y * mask.width + x] !== value) continue;
      area++;
      sx += x + 0.5;
      sy += y + 0.5;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (area === 0) return { area };
  return { area, box: { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 }, centroid: { x: sx / area, y: sy / area } };
}

/** Copies every non-zero pixel of `shape` into `target` as `value`. */
export function stamp(target: Mask, shape: Mask, value: number): void {
  for (let i = 0; i < shape.data.length; i++) if (shape.data[i]) target.data[i] = value;
}
