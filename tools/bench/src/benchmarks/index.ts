/*
 * Every benchmark area. To add one, create `src/benchmarks/<area>.ts`
 * calling `registerBenchmark` (see ../registry.ts) and import it here.
 */
import './bridge.js';
import './ipc.js';
