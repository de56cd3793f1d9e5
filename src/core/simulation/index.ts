// Scenario simulation (METHOD §8): a model per scenario, trials in blocks (so a shell can spread
// them over worker threads), and the summary of a scenario.

export { buildSimulationModel, OWN_SIZES_MIN, PRESETS } from './model.ts';
export type { Levers, SimulationModel } from './model.ts';
export { simulateTrials, summariseTrials } from './trials.ts';
export type { RepOutcome, ScenarioResult, TrialBlock } from './trials.ts';
