/**
 * What a saliency-grid cell says under its map: the diagnosis the explained run made for the image
 * (when the map explains the predicted class), and for a lesion map the presence of its lesion — so
 * lesion-linked's grade stands beside the lesions it was computed from.
 */
import { jsonObject } from '../../graphql/json-object';

export interface CaptionedMap {
  method: string;
  target: number | null;
  targetName: string | null;
  /** The explainer's options and what it recorded beside the map (JSON: an object). */
  params: unknown;
}

/** "diagnosis 3 (0.81)" when the map explains the run's prediction for its image; null otherwise. */
export function diagnosisCaption(map: CaptionedMap): string | null {
  const { predicted, probability } = jsonObject(map.params);
  if (map.target === null || predicted !== map.target || typeof probability !== 'number') return null;
  return `diagnosis ${map.targetName ?? String(map.target)} (${probability.toFixed(2)})`;
}

/** "drusen present 0.93" for a lesion map that carries its lesion's presence; null otherwise. */
export function presenceCaption(map: CaptionedMap): string | null {
  const { presence, finding } = jsonObject(map.params);
  if (typeof presence !== 'number') return null;
  return `${typeof finding === 'string' ? finding : map.method} present ${presence.toFixed(2)}`;
}
