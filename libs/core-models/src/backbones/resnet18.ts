import { Activation } from '../layers/activation';
import { BatchNorm } from '../layers/batch-norm';
import { Conv2d } from '../layers/conv2d';
import type { Layer } from '../layers/layer';
import { MaxPool2d } from '../layers/max-pool2d';
import { Sequential } from '../layers/sequential';
import { joinName } from '../parameters/names';
import { ParameterSet } from '../parameters/parameter-set';
import { StagedBackbone } from './backbone';
import { BasicBlock } from './basic-block';

/**
 * 'large': conv 7×7 stride 2 (pad 3) → BN → ReLU → max-pool 3×3 stride 2 (pad 1), ImageNet-style, total
 * stride 32. 'small': conv 3×3 stride 1 (pad 1) → BN → ReLU, no pool, total stride 8 — for 28–64 px
 * inputs, where the large stem would leave a 1×1 grid.
 */
export type ResNetStem = 'large' | 'small';

export interface ResNet18Options {
  inChannels: number;
  stem: ResNetStem;
  /** Channels of the four stages before the multiplier. */
  widths: readonly [number, number, number, number];
  /** Scales every width (rounded, at least 1): 0.25 gives a 16-32-64-128 network. */
  widthMultiplier: number;
  /** BasicBlocks per stage; [2, 2, 2, 2] is ResNet-18. */
  blocks: readonly [number, number, number, number];
}

/** The stem the defaults would pick for an input: large from 128 px on the shorter side. */
export function resnetStemFor(inputSize: number | readonly [number, number]): ResNetStem {
  const shorter = typeof inputSize === 'number' ? inputSize : Math.min(inputSize[0], inputSize[1]);
  return shorter >= 128 ? 'large' : 'small';
}

/** ResNet-18-style backbone: stem, then stages layer1…layer4 (strides 1, 2, 2, 2) of BasicBlocks. */
export class ResNet18 extends StagedBackbone {
  readonly kind = 'resnet18';

  constructor(options: ResNet18Options, seed: number, params: ParameterSet = new ParameterSet(), prefix = 'backbone') {
    const widths = options.widths.map((w) => Math.max(1, Math.round(w * options.widthMultiplier)));
    const stemWidth = widths[0]!;
    const stemName = joinName(prefix, 'stem');
    const large = options.stem === 'large';
    const stemLayers: Layer[] = [
      new Conv2d(
        params,
        joinName(stemName, 'conv'),
        { inChannels: options.inChannels, outChannels: stemWidth, kernel: large ? 7 : 3, stride: large ? 2 : 1, padding: large ? 3 : 1, bias: false },
        seed,
      ),
      new BatchNorm(params, joinName(stemName, 'bn'), { channels: stemWidth }, seed),
      new Activation('relu'),
    ];
    if (large) stemLayers.push(new MaxPool2d({ kernel: 3, stride: 2, padding: 1 }));
    const stages: { name: string; layer: Layer }[] = [{ name: 'stem', layer: new Sequential(stemLayers) }];
    let channels = stemWidth;
    widths.forEach((width, s) => {
      const stageName = `layer${s + 1}`;
      const blocks = Array.from({ length: options.blocks[s]! }, (_, b) => {
        const block = new BasicBlock(params, joinName(prefix, stageName, b), { inChannels: channels, outChannels: width, stride: b === 0 && s > 0 ? 2 : 1 }, seed);
        channels = width;
        return block;
      });
      stages.push({ name: stageName, layer: new Sequential(blocks) });
    });
    super(params, prefix, options.inChannels, channels, stages);
  }
}
