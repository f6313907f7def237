import { type NativeEncoder, flag, input } from './native-kernel';

const forward: NativeEncoder = (inputs, attrs) => {
  const [height, width] = attrs['size'] as [number, number];
  return { inputs: [input(inputs, 'images')], attrs: [flag(attrs['alignCorners']), flag(attrs['halfPixelCenters']), height, width] };
};

const gradient: NativeEncoder = (inputs, attrs) => ({
  inputs: [input(inputs, 'images'), input(inputs, 'dy')],
  attrs: [flag(attrs['alignCorners']), flag(attrs['halfPixelCenters'])],
});

export const RESIZE_KERNELS: Record<string, NativeEncoder> = {
  ResizeBilinear: forward,
  ResizeNearestNeighbor: forward,
  ResizeBilinearGrad: gradient,
  ResizeNearestNeighborGrad: gradient,
};
