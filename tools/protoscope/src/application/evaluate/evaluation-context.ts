import { bootstrapCi, explainableModel, type ExplainableModel, type Heatmaps } from '@protoscope/eval';
import type { Store } from '@protoscope/tracking';
import { explainImages } from '../explain/explain-run';
import type { ImageItem, ImageSet, Predictions } from '../runs/image-set';
import type { ImagePoint } from '@protoscope/tracking';
import type { LoadedRun } from '../runs/load-run';

/** A mean with its 95 % percentile-bootstrap interval over cases (1000 resamples, seed 0). */
export interface MeanWithCi {
  mean: number;
  lower: number;
  upper: number;
  n: number;
}

export function meanWithCi(values: readonly number[]): MeanWithCi | null {
  if (values.length === 0) return null;
  const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  if (values.length === 1) return { mean: values[0]!, lower: values[0]!, upper: values[0]!, n: 1 };
  const ci = bootstrapCi((outputs: number[]) => mean(outputs), values, new Array<number>(values.length).fill(0), { stratify: false });
  return { mean: ci.estimate, lower: ci.lower, upper: ci.upper, n: values.length };
}

/**
 * What every suite of `protoscope evaluate` works from: the run's model, the selected images with
 * their ground truth, and — computed once and shared between suites — the predictions and each
 * explanation method's heat maps.
 */
export class EvaluationContext {
  readonly explainable: ExplainableModel;
  private predictionCache?: Predictions;
  private readonly heatmapCache = new Map<string, Promise<Heatmaps>>();
  private viewCache?: Map<string, string>;

  constructor(
    readonly store: Store,
    readonly loaded: LoadedRun,
    readonly images: ImageSet,
    /** Explanation methods the localisation and faithfulness suites score. */
    readonly methods: readonly string[],
    /** The split name recorded with stored predictions and evaluations. */
    readonly split: string,
    readonly seed: number,
    readonly log: (message: string) => void,
  ) {
    this.explainable = explainableModel(loaded.model, loaded.classes.length, loaded.run.method);
  }

  get predictions(): Predictions {
    this.predictionCache ??= this.images.predict(this.loaded.model);
    return this.predictionCache;
  }

  /**
   * View pairs: maps of an other-view explainer (cross-attention) from one query point of each pair
   * example's main view — the point `queryOf` gives, or the whole view where it gives none. `name`
   * keys the cache.
   */
  queryHeatmaps(name: string, method: string, queryOf: (item: ImageItem) => ImagePoint | undefined): Promise<Heatmaps> {
    let found = this.heatmapCache.get(name);
    if (!found) {
      const queries = this.images.items.map(queryOf);
      this.log(`${name}: heat maps of ${this.images.items.length} pair examples`);
      const settingsOf = (index: number) => (queries[index] ? { query: queries[index] } : {});
      found = explainImages(this.explainable, method, this.images, this.images.items.map((i) => i.label), { seed: this.seed, settingsOf });
      this.heatmapCache.set(name, found);
    }
    return found;
  }

  /** The view (CC, MLO, …) of each selected image that has one, by image id. */
  get views(): ReadonlyMap<string, string> {
    this.viewCache ??= new Map(this.images.loader.records.flatMap((r) => (r.view ? [[r.id, r.view] as [string, string]] : [])));
    return this.viewCache;
  }

  /** Heat maps of `method` for every image, explaining the ground-truth class or the predicted one. */
  heatmaps(method: string, explain: 'label' | 'predicted'): Promise<Heatmaps> {
    const key = `${method}/${explain}`;
    let found = this.heatmapCache.get(key);
    if (!found) {
      const targets = explain === 'label' ? this.images.items.map((i) => i.label) : this.predictions.predicted;
      const other = this.heatmapCache.get(`${method}/${explain === 'label' ? 'predicted' : 'label'}`);
      this.log(`${method}: heat maps of ${this.images.items.length} images (${explain} class)`);
      found = (async () => {
        // Maps already made for the other kind of target serve wherever the two targets agree.
        const earlier = other ? await other : undefined;
        const known = earlier ? (index: number, target: number) => (earlier.targets[index] === target ? earlier.maps[index] : undefined) : undefined;
        return explainImages(this.explainable, method, this.images, targets, { seed: this.seed, known });
      })();
      this.heatmapCache.set(key, found);
    }
    return found;
  }
}
