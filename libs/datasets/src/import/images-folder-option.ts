import type { ReaderOptionSpec } from './dataset-reader';

/** `--images DIR`: readers whose tables name image files relative to a folder other than `<path>`. */
export const IMAGES_FOLDER_OPTION: ReaderOptionSpec = {
  name: 'images',
  description: 'cbis-ddsm, vindr-mammo, chestxray14: folder the image paths are relative to (default: <path>)',
};
