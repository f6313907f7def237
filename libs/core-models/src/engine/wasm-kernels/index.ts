/** Registers the kernels Protoscope supplies for the wasm backend (filled in below). */
export function registerWasmKernels(): void {}
