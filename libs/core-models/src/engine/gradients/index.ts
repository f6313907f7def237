/** Registers gradients Protoscope supplies on every backend (filled in below). */
export function registerEngineGradients(): void {}
