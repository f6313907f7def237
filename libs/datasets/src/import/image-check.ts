import type { ImageFileFormat } from '../image/image-format';

/** One image to prove decodable before an import writes anything. */
export interface ImageCheckJob {
  /** Absolute path. */
  file: string;
  format: ImageFileFormat;
  frame?: number;
  /** The name used in messages (the path as the user wrote it). */
  label: string;
}

/** Its outcome: the decoded size, or the problem in words. */
export type ImageCheckResult =
  | { ok: true; width: number; height: number; channels: number }
  | { ok: false; kind: string; message: string; problem: string };
