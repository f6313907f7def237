export { ADDON_PATH, TorchAddonMissingError, loadTorchAddon, torchAddonBuilt, type TorchAddon } from './native-addon';
export { TORCH_BACKEND, registerTorchBackend, torchCudaDevices, torchLiveTensors, type TorchBackendInfo, type TorchBackendOptions } from './register-torch-backend';
export { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
export { registerTorchGradients, THRESHOLD_BACKWARD } from './torch-gradients';
export { NATIVE_KERNELS } from './kernels';
