import { type NativeEncoder, input } from './native-kernel';

/** ProtoPNet's prototype distances relu(Σz² − 2 z·pᵀ + Σp²) as one op: inputs z [N, D], prototypes [M, D]. */
export const PROTOTYPE_DISTANCES = 'PrototypeDistances';
/** Its backward: one input's gradient (attribute `gradientOf`: 'z' or 'prototypes') from dy, z, prototypes and the output. */
export const PROTOTYPE_DISTANCES_GRAD = 'PrototypeDistancesGrad';

const GRADIENT_OF: Record<string, number> = { z: 0, prototypes: 1 };

export const PROTOTYPE_DISTANCE_KERNELS: Record<string, NativeEncoder> = {
  [PROTOTYPE_DISTANCES]: (inputs) => {
    const z = input(inputs, 'z');
    const prototypes = input(inputs, 'prototypes');
    if (z.shape.length !== 2 || prototypes.shape.length !== 2 || z.shape[1] !== prototypes.shape[1]) {
      throw new Error(`torch backend: ${PROTOTYPE_DISTANCES} needs z [N, D] and prototypes [M, D], got [${z.shape.join(', ')}] and [${prototypes.shape.join(', ')}]`);
    }
    return { inputs: [z, prototypes], attrs: [] };
  },
  [PROTOTYPE_DISTANCES_GRAD]: (inputs, attrs) => {
    const of = GRADIENT_OF[String(attrs['gradientOf'])];
    if (of === undefined) throw new Error(`torch backend: ${PROTOTYPE_DISTANCES_GRAD} takes gradientOf 'z' or 'prototypes', not '${String(attrs['gradientOf'])}'`);
    return { inputs: [input(inputs, 'dy'), input(inputs, 'z'), input(inputs, 'prototypes'), input(inputs, 'y')], attrs: [of] };
  },
};
