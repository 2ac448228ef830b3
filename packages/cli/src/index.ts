export { runPipeline, runStep, stepParams } from './commands/run.js';
export type { StepSummary } from './commands/run.js';
export { runStageCommand } from './commands/stage.js';
export { loadPipeline, pipelineSchema, applyOverride } from './pipeline.js';
export type { PipelineConfig, Step } from './pipeline.js';
export { STAGES, findStage } from './registry.js';
