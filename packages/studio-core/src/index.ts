export { CatalogSourceError, replaceCatalogEntry, stringLiteral, unwritableCharacters } from './catalog-source.js';
export {
  type ChartBook,
  type ChartBookOptions,
  type ChartDetails,
  type ChartSummary,
  createChartBook,
  type StateDetails,
} from './chart-book.js';
export { buildChartGraph, type ChartEdge, type ChartExit, type ChartGraph, type ChartNode } from './chart-graph.js';
export { STUDIO_CHARTS } from './charts.js';
export type { EffectAnswer, StudioChart, StudioModel, StudioScenario } from './contracts.js';
export { exportCharts } from './export-charts.js';
export { deadEndStates, machineWarnings, type StateWarning, unreachableStates } from './machine-warnings.js';
export { type LintFinding, type LintRule, lintMenus, lintOfState, optionNumbers, type StateLint } from './menu-lint.js';
export {
  type CheckedScreen,
  catalogHas,
  catalogText,
  checkMessage,
  MAX_TEXT_LENGTH,
  type MessageCheck,
  type MessageEdit,
  setCatalogText,
} from './message-check.js';
export { type ModelPath, type ModelPathOptions, modelPaths, type PathCoverage, type PathHop } from './model-paths.js';
export { isOverBudget, SCREEN_BUDGET, type StateText, stateTexts } from './state-texts.js';
export { transitionLabel } from './transition-label.js';
