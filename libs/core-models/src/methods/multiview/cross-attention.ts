import * as tf from '@tensorflow/tfjs-core';
import { Linear } from '../../layers/linear';
import { initializers } from '../../parameters/initializers';
import { joinName } from '../../parameters/names';
import type { ParameterSet } from '../../parameters/parameter-set';

export interface CrossAttentionOptions {
  /** Token width C (the same for both sequences). */
  features: number;
  /** Heads h; C must be a multiple of h, each head working on d = C / h features. */
  heads: number;
}

/**
 * Multi-head cross-attention as PyTorch's nn.MultiheadAttention computes it: learned projections
 * Q = X_q W_q + b_q, K = X_c W_k + b_k, V = X_c W_v + b_v; per head softmax(Q_h K_hᵀ / √d) V_h; heads
 * concatenated and projected by W_o + b_o. Queries come from one sequence, keys and values from the
 * other. Weights Glorot-uniform, biases zero (nn.MultiheadAttention's start). Parameters under
 * `name/{query,key,value,output}`.
 */
export class CrossAttention {
  readonly query: Linear;
  readonly key: Linear;
  readonly value: Linear;
  readonly output: Linear;
  readonly heads: number;
  readonly headFeatures: number;

  constructor(params: ParameterSet, readonly name: string, options: CrossAttentionOptions, seed: number) {
    const { features, heads } = options;
    if (!(Number.isInteger(heads) && heads > 0 && features % heads === 0)) {
      throw new RangeError(`${name}: ${features} features do not split into ${heads} heads (features must be a multiple of heads)`);
    }
    this.heads = heads;
    this.headFeatures = features / heads;
    const linear = (part: string) =>
      new Linear(params, joinName(name, part), { inFeatures: features, outFeatures: features, init: initializers.glorotUniform(), biasInit: initializers.zeros() }, seed);
    this.query = linear('query');
    this.key = linear('key');
    this.value = linear('value');
    this.output = linear('output');
  }

  private split(x: tf.Tensor, b: number, tokens: number): tf.Tensor4D {
    return tf.transpose(tf.reshape(x, [b, tokens, this.heads, this.headFeatures]), [0, 2, 1, 3]) as tf.Tensor4D;
  }

  /** The attention weights [B, heads, Tq, Tk]: how much each query token takes from each context token. */
  weights(queries: tf.Tensor3D, context: tf.Tensor3D): tf.Tensor4D {
    return tf.tidy(() => {
      const [b, tq] = queries.shape;
      const q = this.split(this.query.apply(queries), b, tq);
      const k = this.split(this.key.apply(context), b, context.shape[1]);
      return tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(this.headFeatures))) as tf.Tensor4D;
    });
  }

  /** queries [B, Tq, C] attend context [B, Tk, C] → [B, Tq, C]. */
  apply(queries: tf.Tensor3D, context: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const [b, tq, c] = queries.shape;
      const v = this.split(this.value.apply(context), b, context.shape[1]);
      const mixed = tf.reshape(tf.transpose(tf.matMul(this.weights(queries, context), v), [0, 2, 1, 3]), [b, tq, c]);
      return this.output.apply(mixed) as tf.Tensor3D;
    });
  }
}
