import { DTYPE_CODES, type NativeDtype } from '../native-addon';
import { type NativeEncoder, flag, input, plain } from './native-kernel';

const UNARY = [
  'Identity', 'Abs', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'Ceil', 'Cos', 'Cosh', 'Elu', 'Erf', 'Exp', 'Expm1',
  'Floor', 'IsNan', 'IsInf', 'IsFinite', 'Log', 'Log1p', 'LogicalNot', 'Neg', 'Reciprocal', 'Relu', 'Relu6', 'Round', 'Rsqrt',
  'Selu', 'Sigmoid', 'Sign', 'Sin', 'Sinh', 'Softplus', 'Sqrt', 'Square', 'Tan', 'Tanh', 'ZerosLike', 'OnesLike',
];

const BINARY = [
  'Add', 'Sub', 'Multiply', 'RealDiv', 'FloorDiv', 'DivNoNan', 'Maximum', 'Minimum', 'Pow', 'SquaredDifference', 'Mod', 'Atan2',
  'Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr', 'LogicalXor',
];

export const ELEMENTWISE_KERNELS: Record<string, NativeEncoder> = {
  ...Object.fromEntries(UNARY.map((name) => [name, plain('x')])),
  ...Object.fromEntries(BINARY.map((name) => [name, plain('a', 'b')])),
  LeakyRelu: (inputs, attrs) => ({ inputs: [input(inputs, 'x')], attrs: [attrs['alpha'] as number] }),
  ClipByValue: (inputs, attrs) => ({ inputs: [input(inputs, 'x')], attrs: [attrs['clipValueMin'] as number, attrs['clipValueMax'] as number] }),
  Step: (inputs, attrs) => ({ inputs: [input(inputs, 'x')], attrs: [attrs['alpha'] as number] }),
  Cast: (inputs, attrs) => {
    const dtype = attrs['dtype'] as string;
    return dtype in DTYPE_CODES ? { inputs: [input(inputs, 'x')], attrs: [DTYPE_CODES[dtype as NativeDtype]] } : null;
  },
  Prelu: plain('x', 'alpha'),
  EluGrad: plain('dy', 'y'),
  ThresholdBackward: plain('dy', 'x'),
  Select: plain('condition', 't', 'e'),
  FusedBatchNorm: (inputs, attrs) => {
    const { offset, scale } = inputs;
    return {
      inputs: [input(inputs, 'x'), input(inputs, 'mean'), input(inputs, 'variance'), ...(offset ? [offset] : []), ...(scale ? [scale] : [])],
      attrs: [attrs['varianceEpsilon'] as number, flag(offset), flag(scale)],
    };
  },
};
