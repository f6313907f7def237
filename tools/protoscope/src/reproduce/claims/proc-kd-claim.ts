import type { ArmSpec, Claim, Scale } from '../claim';
import { BATCH, dataset, epochs, globalArm, read, testEvaluation } from '../claim-settings';

/** The same bird-like images; the teacher knows 8 classes (head colour × tail × wing), the student's task is 4 (head colour × tail). */
const teacherData = (scale: Scale) => dataset(scale, 'parts', 9, { classes: '8' });
const studentData = (scale: Scale) => dataset(scale, 'parts', 9, { classes: '4' });

function procKdArm(scale: Scale): ArmSpec {
  return {
    method: 'proc-kd',
    data: studentData(scale),
    epochs: epochs(scale, 8, 20),
    batchSize: BATCH,
    config: {},
    runOf: { teacher: 'teacher' },
    evaluation: testEvaluation(['classification']),
  };
}

/** §9: prototypes learnt from a teacher of another task help the student more than training alone. */
export const procKdClaim: Claim = {
  id: 'proc-kd',
  section: '§9',
  system: 'ProC-KD, prototype-guided cross-task distillation (Li et al., 2022)',
  headline: "Local prototypes learnt from a teacher's features transfer knowledge across label spaces, so the student beats training without the teacher.",
  setting: (scale) => ({
    description: `parts (data seed 9), ${studentData(scale).n} images at ${studentData(scale).size} px; teacher: global on the 8-class task (${epochs(scale, 8, 20)} epochs); student on the 4-class task: proc-kd with its defaults vs global from scratch (small CNN), ${procKdArm(scale).epochs} epochs; test split`,
    arms: { teacher: globalArm(teacherData(scale), epochs(scale, 8, 20)), 'proc-kd': procKdArm(scale), scratch: globalArm(studentData(scale), procKdArm(scale).epochs) },
    comparisons: [{ measure: 'student test accuracy', a: { arm: 'proc-kd', label: 'ProC-KD student', read: read.accuracy }, b: { arm: 'scratch', label: 'student from scratch', read: read.accuracy }, direction: 'above' }],
  }),
};
