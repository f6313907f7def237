// tfjs prints a "use the node backend" banner on first use of the cpu backend; tests use cpu on purpose.
// PROD (not IS_TEST, which also turns on a per-kernel leak check that misreads custom gradients).
const tf = require('@tensorflow/tfjs-core');

tf.env().set('PROD', true);
