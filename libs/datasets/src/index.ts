export const DATASETS_LIB = "datasets";
