import { Activation } from '../layers/activation';
import { BatchNorm } from '../layers/batch-norm';
import { Conv2d } from '../layers/conv2d';
import type { Layer } from '../layers/layer';
import { MaxPool2d } from '../layers/max-pool2d';
import { Sequential } from '../layers/sequential';
import { joinName } from '../parameters/names';
import { ParameterSet } from '../parameters/parameter-set';
import { StagedBackbone } from './backbone';

export interface SmallCnnOptions {
  inChannels: number;
  /** Output channels of each block; one 2× downsampling per block. */
  widths: readonly number[];
  /** Whether the last block pools too (false keeps a finer grid for prototypes). */
  poolAfterLast: boolean;
}

/** Blocks of conv 3×3 (pad 1, no bias) → batch norm → ReLU → max-pool 2×2 (stride 2). */
export class SmallCnn extends StagedBackbone {
  readonly kind = 'small-cnn';

  constructor(options: SmallCnnOptions, seed: number, params: ParameterSet = new ParameterSet(), prefix = 'backbone') {
    if (options.widths.length === 0) throw new RangeError('small-cnn needs at least one block width');
    let channels = options.inChannels;
    const stages = options.widths.map((width, i) => {
      const name = joinName(prefix, `block${i + 1}`);
      const layers: Layer[] = [
        new Conv2d(params, joinName(name, 'conv'), { inChannels: channels, outChannels: width, kernel: 3, padding: 1, bias: false }, seed),
        new BatchNorm(params, joinName(name, 'bn'), { channels: width }, seed),
        new Activation('relu'),
      ];
      if (i < options.widths.length - 1 || options.poolAfterLast) layers.push(new MaxPool2d({ kernel: 2 }));
      channels = width;
      return { name: `block${i + 1}`, layer: new Sequential(layers) };
    });
    super(params, prefix, options.inChannels, channels, stages);
  }
}
