import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { activationCode } from './fused-activation';
import { type NativeEncoder, flag, input } from './native-kernel';

type Conv2DInfo = backend_util.Conv2DInfo;
type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;

/** [strideH, strideW, dilationH, dilationW, top, bottom, left, right], as native/image-layout.h reads them. */
export function windowGeometry(info: Conv2DInfo): number[] {
  const { top, bottom, left, right } = info.padInfo;
  return [info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, top, bottom, left, right];
}

/**
 * libtorch sizes outputs as ⌊(in + pads − dilation·(k − 1) − 1) / stride⌋ + 1; a tfjs rounding mode that
 * disagrees (ceil with explicit padding) is left to the cpu backend.
 */
export function torchAgreesOnShape(info: Conv2DInfo): boolean {
  const { top, bottom, left, right } = info.padInfo;
  const size = (input: number, pads: number, kernel: number, stride: number) => Math.floor((input + pads - kernel) / stride) + 1;
  return (
    size(info.inHeight, top + bottom, info.effectiveFilterHeight, info.strideHeight) === info.outHeight &&
    size(info.inWidth, left + right, info.effectiveFilterWidth, info.strideWidth) === info.outWidth
  );
}

function convInfo(xShape: number[], filterShape: number[], attrs: NamedAttrMap, depthwise: boolean): Conv2DInfo | null {
  // NCHW convolutions are rare in tfjs models; they run on the cpu backend.
  if (attrs['dataFormat'] === 'NCHW') return null;
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs['strides'] as [number, number],
    (attrs['dilations'] as [number, number] | undefined) ?? 1,
    attrs['pad'] as Pad,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
  );
  return torchAgreesOnShape(info) ? info : null;
}

const forward =
  (depthwise: boolean): NativeEncoder =>
  (inputs, attrs) => {
    const x = input(inputs, 'x');
    const filter = input(inputs, 'filter');
    const info = convInfo(x.shape, filter.shape, attrs, depthwise);
    return info ? { inputs: [x, filter], attrs: windowGeometry(info) } : null;
  };

/** Convolution + bias + activation in one native call: attrs geometry, activation, alpha, has bias, has PReLU weights. */
const fused =
  (depthwise: boolean): NativeEncoder =>
  (inputs, attrs) => {
    const x = input(inputs, 'x');
    const filter = input(inputs, 'filter');
    const { bias, preluActivationWeights } = inputs;
    const info = convInfo(x.shape, filter.shape, attrs, depthwise);
    const activation = activationCode(attrs['activation']);
    // libtorch adds a bias of one value per output channel; other bias shapes run on the cpu backend.
    const channels = info?.outChannels ?? 0;
    if (!info || activation === undefined || (bias && bias.shape.reduce((a, b) => a * b, 1) !== channels)) return null;
    const extra: TensorInfo[] = [...(bias ? [bias] : []), ...(preluActivationWeights ? [preluActivationWeights] : [])];
    return {
      inputs: [x, filter, ...extra],
      attrs: [...windowGeometry(info), activation, (attrs['leakyreluAlpha'] as number | undefined) ?? 0.2, flag(bias), flag(preluActivationWeights)],
    };
  };

/** Convolution + bias + activation recorded as one op in training (the engine's `conv2dBiasActivation`). */
export const CONV2D_BIAS_ACTIVATION = 'Conv2DBiasActivation';
/** Its backward, first part: dz, dy through the activation (from the forward's output). */
export const CONV2D_BIAS_ACTIVATION_GRAD = 'Conv2DBiasActivationGrad';
/** The filter gradient from dz (and the bias gradient, cached beside dz for the next kernel). */
export const CONV2D_BIAS_ACTIVATION_FILTER_GRAD = 'Conv2DBiasActivationFilterGrad';
/** The bias gradient: the one cached beside dz, or Σ dz over batch and space. */
export const CONV2D_BIAS_ACTIVATION_BIAS_GRAD = 'Conv2DBiasActivationBiasGrad';
/** The activations its backward differentiates natively (from the forward's output). */
const DIFFERENTIABLE_ACTIVATIONS = new Set(['linear', 'relu', 'sigmoid']);

function biasActivationInfo(kernel: string, xShape: number[], filterShape: number[], attrs: NamedAttrMap): { info: Conv2DInfo; activation: number } {
  const name = (attrs['activation'] as string | undefined) ?? 'linear';
  if (!DIFFERENTIABLE_ACTIVATIONS.has(name)) throw new Error(`torch backend: ${kernel} takes activation linear, relu or sigmoid, not '${name}'`);
  const info = convInfo(xShape, filterShape, attrs, false);
  // The op asks for NHWC and floor rounding only, so this kernel has no cpu fallback to take.
  if (!info) throw new Error(`torch backend: ${kernel} covers NHWC convolutions with floor rounding, got ${String(attrs['dataFormat'])} / ${String(attrs['dimRoundingMode'])}`);
  return { info, activation: activationCode(name)! };
}

/**
 * The inputs x, filter and bias of a kernel of the engine's convolution ops, with the convolution's
 * geometry and activation code; a bias that is not one value per output channel is an error naming
 * `kernel`.
 */
export function biasedConvolution(kernel: string, inputs: Parameters<NativeEncoder>[0], attrs: NamedAttrMap) {
  const x = input(inputs, 'x');
  const filter = input(inputs, 'filter');
  const bias = input(inputs, 'bias');
  const { info, activation } = biasActivationInfo(kernel, x.shape, filter.shape, attrs);
  if (bias.shape.length !== 1 || bias.shape[0] !== info.outChannels) {
    throw new Error(`torch backend: ${kernel} needs a bias of [${info.outChannels}], got [${bias.shape.join(', ')}]`);
  }
  return { x, filter, bias, info, activation };
}

/** Forward: the native FusedConv2D (one oneDNN primitive with the activation as a post-op where the addon links oneDNN; else the convolution, then the activation in place). */
const biasActivationForward: NativeEncoder = (inputs, attrs) => {
  const { x, filter, bias, info, activation } = biasedConvolution(CONV2D_BIAS_ACTIVATION, inputs, attrs);
  return { kernel: 'FusedConv2D', inputs: [x, filter, bias], attrs: [...windowGeometry(info), activation, 0, 1, 0] };
};

/** Backward through the activation: inputs dy, y (the forward's output); attrs the activation code. */
const biasActivationBackward: NativeEncoder = (inputs, attrs) => {
  const name = (attrs['activation'] as string | undefined) ?? 'linear';
  if (!DIFFERENTIABLE_ACTIVATIONS.has(name)) throw new Error(`torch backend: ${CONV2D_BIAS_ACTIVATION_GRAD} takes activation linear, relu or sigmoid, not '${name}'`);
  return { inputs: [input(inputs, 'dy'), input(inputs, 'y')], attrs: [activationCode(name)!] };
};

/** Filter (and bias) gradient: inputs dz, x; attrs geometry, has bias, filter shape. */
const biasActivationFilterGradient: NativeEncoder = (inputs, attrs) => {
  const x = input(inputs, 'x');
  const filterShape = attrs['filterShape'] as number[];
  const { info } = biasActivationInfo(CONV2D_BIAS_ACTIVATION_FILTER_GRAD, x.shape, filterShape, attrs);
  return { inputs: [input(inputs, 'dz'), x], attrs: [...windowGeometry(info), 1, ...filterShape] };
};

/** Input gradient: inputs dy, filter; attrs geometry, input shape. */
const inputGradient =
  (depthwise: boolean): NativeEncoder =>
  (inputs, attrs) => {
    const dy = input(inputs, 'dy');
    const filter = input(inputs, 'filter');
    const inputShape = attrs['inputShape'] as number[];
    const info = convInfo(inputShape, filter.shape, attrs, depthwise);
    return info ? { inputs: [dy, filter], attrs: [...windowGeometry(info), ...inputShape] } : null;
  };

/** Weight gradient: inputs x, dy; attrs geometry, filter shape. */
const filterGradient =
  (depthwise: boolean): NativeEncoder =>
  (inputs, attrs) => {
    const x = input(inputs, 'x');
    const dy = input(inputs, 'dy');
    const filterShape = attrs['filterShape'] as number[];
    const info = convInfo(x.shape, filterShape, attrs, depthwise);
    return info ? { inputs: [x, dy], attrs: [...windowGeometry(info), ...filterShape] } : null;
  };

export const CONVOLUTION_KERNELS: Record<string, NativeEncoder> = {
  Conv2D: forward(false),
  DepthwiseConv2dNative: forward(true),
  FusedConv2D: fused(false),
  FusedDepthwiseConv2D: fused(true),
  Conv2DBackpropInput: inputGradient(false),
  DepthwiseConv2dNativeBackpropInput: inputGradient(true),
  Conv2DBackpropFilter: filterGradient(false),
  DepthwiseConv2dNativeBackpropFilter: filterGradient(true),
  [CONV2D_BIAS_ACTIVATION]: biasActivationForward,
  [CONV2D_BIAS_ACTIVATION_GRAD]: biasActivationBackward,
  [CONV2D_BIAS_ACTIVATION_FILTER_GRAD]: biasActivationFilterGradient,
  [CONV2D_BIAS_ACTIVATION_BIAS_GRAD]: (inputs) => ({ inputs: [input(inputs, 'dz')], attrs: [] }),
};
