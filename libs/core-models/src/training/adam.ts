import * as tf from '@tensorflow/tfjs-core';
import { adamUpdate } from '@protoscope/engine';

export interface AdamSettings {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** L2 penalty added to the gradient (PyTorch's Adam `weight_decay`, not decoupled AdamW). */
  weightDecay?: number;
}

/** Adam's per-variable state, as plain arrays so a checkpoint can hold it. */
export interface AdamState {
  step: number;
  moments: { first: Float32Array; second: Float32Array }[];
}

/**
 * Adam over a fixed list of variables, with the learning rate settable between steps (for step
 * decay and phase changes) and its state exportable for checkpoints — the two things tfjs's own
 * optimiser makes awkward. Update (Kingma & Ba, with PyTorch's bias correction and epsilon placement):
 * g ← g + wd·θ; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; θ ← θ − lr·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε).
 */
export class Adam {
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  private step = 0;
  private readonly first: tf.Variable[];
  private readonly second: tf.Variable[];

  constructor(
    readonly variables: tf.Variable[],
    settings: AdamSettings,
  ) {
    this.learningRate = settings.learningRate;
    this.beta1 = settings.beta1 ?? 0.9;
    this.beta2 = settings.beta2 ?? 0.999;
    this.epsilon = settings.epsilon ?? 1e-8;
    this.weightDecay = settings.weightDecay ?? 0;
    // Inside tidy, so the zero tensors the moments start from are freed once copied into variables.
    this.first = tf.tidy(() => variables.map((v) => tf.variable(tf.zerosLike(v), false)));
    this.second = tf.tidy(() => variables.map((v) => tf.variable(tf.zerosLike(v), false)));
  }

  /**
   * Applies one update; `grads[i]` is the gradient of `variables[i]` (missing: left unchanged). Each
   * variable's step is the engine's `adamUpdate`: one native call on torch, composed ops elsewhere.
   */
  apply(grads: (tf.Tensor | undefined)[]): void {
    this.step++;
    const settings = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, weightDecay: this.weightDecay, step: this.step };
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        const g = grads[i];
        if (!g) return;
        const next = adamUpdate(variable, g, this.first[i]!, this.second[i]!, settings);
        this.first[i]!.assign(next.first);
        this.second[i]!.assign(next.second);
        variable.assign(next.variable);
      });
    });
  }

  exportState(): AdamState {
    return {
      step: this.step,
      moments: this.first.map((m, i) => ({ first: m.dataSync() as Float32Array, second: this.second[i]!.dataSync() as Float32Array })),
    };
  }

  importState(state: AdamState): void {
    if (state.moments.length !== this.variables.length) {
      throw new Error(`optimiser state has ${state.moments.length} variables, this optimiser ${this.variables.length}`);
    }
    this.step = state.step;
    tf.tidy(() =>
      state.moments.forEach((moment, i) => {
        this.first[i]!.assign(tf.tensor(moment.first, this.first[i]!.shape));
        this.second[i]!.assign(tf.tensor(moment.second, this.second[i]!.shape));
      }),
    );
  }

  dispose(): void {
    tf.dispose([...this.first, ...this.second]);
  }
}
