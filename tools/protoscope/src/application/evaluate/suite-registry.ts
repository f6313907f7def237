import { classificationSuite } from './suites/classification-suite';
import { faithfulnessSuite } from './suites/faithfulness-suite';
import { lesionsSuite } from './suites/lesions-suite';
import { localisationSuite } from './suites/localisation-suite';
import { prototypesSuite } from './suites/prototypes-suite';
import { shortcutSuite } from './suites/shortcut-suite';
import type { EvaluationSuite } from './suites/suite';

/** The `--suite` families, in the order they run and print. */
export const EVALUATION_SUITES: readonly EvaluationSuite[] = [classificationSuite, localisationSuite, faithfulnessSuite, prototypesSuite, shortcutSuite, lesionsSuite];

export const suiteIds = EVALUATION_SUITES.map((s) => s.id);
