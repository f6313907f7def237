/** The package ships JavaScript without its declaration file: the part we use. */
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    xDim: number;
    yDim: number;
    numComp: number;
    decode(buffer: ArrayBuffer, offset?: number, length?: number, numBytes?: number): Uint8Array | Uint16Array | null;
  }
}
