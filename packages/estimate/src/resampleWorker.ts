import { runResamples, type ResampleTask } from './resample.js';

/** Piscina entry point: one batch of bootstrap resamples. */
export default function run(task: ResampleTask) {
  return runResamples(task);
}
