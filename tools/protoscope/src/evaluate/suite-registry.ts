import { classificationSuite } from './suites/classification-suite';
import { faithfulnessSuite } from './suites/faithfulness-suite';
import { localisationSuite } from './suites/localisation-suite';
import { prototypesSuite } from './suites/prototypes-suite';
import { shortcutSuite } from './suites/shortcut-suite';
import type { EvaluationSuite } from './suites/suite';

/** The `--suite` families, in the order they run and print. */
export const EVALUATION_SUITES: readonly EvaluationSuite[] = [classificationSuite, localisationSuite, faithfulnessSuite, prototypesSuite, shortcutSuite];

export const suiteIds = EVALUATION_SUITES.map((s) => s.id);
