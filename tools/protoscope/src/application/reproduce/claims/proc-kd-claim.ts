import type { ArmSpec, Claim, Scale } from '../claim';
import { BATCH, byScale, dataset, epochs, globalArm, read, SMALL_CNN, testEvaluation } from '../claim-settings';

/** The teacher's task: `parts` with every part attribute (4 classes: head colour × tail shape). */
const teacherData = (scale: Scale) => dataset(scale, 'parts', 31);
/** The student's: tail shape alone, on fewer, new draws (few labels), as `bench/experiments/proc-kd-parts.sh`. */
const studentData = (scale: Scale) => ({ ...dataset(scale, 'parts', 32, { 'label-space': 'tail' }), n: byScale(scale, { micro: 96, quick: 200, full: 400 }) });

function studentArm(scale: Scale, distillation: 'prototype' | 'logit'): ArmSpec {
  return {
    method: 'proc-kd',
    data: studentData(scale),
    epochs: epochs(scale, 8, 20),
    batchSize: BATCH,
    config: { backbone: SMALL_CNN, distillation, prototypes: 16, assignmentTemperature: 0.1, prototypeWeight: 1, alignWeight: 1, kdTemperature: 4, kdWeight: 1, learningRate: 0.001, stepEpochs: 0 },
    runOf: { teacher: 'teacher' },
    evaluation: testEvaluation(['classification']),
  };
}

/** §9: prototypes learnt from a teacher of another task help the student more than training alone or plain distillation. */
export const procKdClaim: Claim = {
  id: 'proc-kd',
  section: '§9',
  system: 'ProC-KD, prototype-guided cross-task distillation (Li et al., 2022)',
  headline: "Local prototypes learnt from a teacher's features transfer knowledge across label spaces: the student beats training alone and plain distillation.",
  setting: (scale) => ({
    description: `parts: teacher global on the 4-class task (head colour × tail shape; data seed 31, ${teacherData(scale).n} images), one per seed; students on tail shape alone with few labels (data seed 32, ${studentData(scale).n} images), all at ${studentData(scale).size} px, small CNN, ${epochs(scale, 8, 20)} epochs: proc-kd with prototypes, proc-kd with plain logit distillation, global from scratch; test split`,
    arms: {
      teacher: globalArm(teacherData(scale), epochs(scale, 8, 20)),
      'proc-kd': studentArm(scale, 'prototype'),
      'logit-kd': studentArm(scale, 'logit'),
      scratch: globalArm(studentData(scale), epochs(scale, 8, 20)),
    },
    comparisons: [
      { measure: 'student test accuracy', a: { arm: 'proc-kd', label: 'ProC-KD student', read: read.accuracy }, b: { arm: 'scratch', label: 'student from scratch', read: read.accuracy }, direction: 'above' },
      { measure: 'student test accuracy', a: { arm: 'proc-kd', label: 'ProC-KD student', read: read.accuracy }, b: { arm: 'logit-kd', label: 'plain logit distillation', read: read.accuracy }, direction: 'above' },
    ],
  }),
};
