/*
 * Every benchmark area. To add one, create `src/benchmarks/<area>.ts`
 * calling `registerBenchmark` (see ../registry.ts) and import it here.
 * The order here is the order of a run.
 */
import './bridge.js';
import './ipc.js';
import './ingest.js';
import './estimate.js';
import './stages.js';
import './e2e.js';
