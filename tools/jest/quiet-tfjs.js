// tfjs prints a "use the node backend" banner on first use of the cpu backend; tests use cpu on purpose.
const tf = require('@tensorflow/tfjs-core');

tf.env().set('IS_TEST', true);
