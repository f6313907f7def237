import type { Point } from '../manifest/schema';

/** A 2-D affine map x' = a·x + b·y + c, y' = d·x + e·y + f, in continuous pixel coordinates. */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export const IDENTITY: Affine = { a: 1, b: 0, c: 0, d: 0, e: 1, f: 0 };

/** `second ∘ first`: apply first, then second. */
export function compose(second: Affine, first: Affine): Affine {
  return {
    a: second.a * first.a + second.b * first.d,
    b: second.a * first.b + second.b * first.e,
    c: second.a * first.c + second.b * first.f + second.c,
    d: second.d * first.a + second.e * first.d,
    e: second.d * first.b + second.e * first.e,
    f: second.d * first.c + second.e * first.f + second.f,
  };
}

export function invert(m: Affine): Affine {
  const det = m.a * m.e - m.b * m.d;
  if (Math.abs(det) < 1e-12) throw new RangeError('affine map is not invertible');
  const a = m.e / det;
  const b = -m.b / det;
  const d = -m.d / det;
  const e = m.a / det;
  return { a, b, c: -(a * m.c + b * m.f), d, e, f: -(d * m.c + e * m.f) };
}

export function apply(m: Affine, p: Point): Point {
  return { x: m.a * p.x + m.b * p.y + m.c, y: m.d * p.x + m.e * p.y + m.f };
}

export function translation(tx: number, ty: number): Affine {
  return { a: 1, b: 0, c: tx, d: 0, e: 1, f: ty };
}

export function scaling(sx: number, sy: number): Affine {
  return { a: sx, b: 0, c: 0, d: 0, e: sy, f: 0 };
}

/** Rotation by `radians` (clockwise on screen, since y points down) about (cx, cy). */
export function rotationAbout(radians: number, cx: number, cy: number): Affine {
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  return compose(translation(cx, cy), compose({ a: cos, b: -sin, c: 0, d: sin, e: cos, f: 0 }, translation(-cx, -cy)));
}
