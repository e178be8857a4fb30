export {
  extractiveSummary,
  OUTCOMES,
  type ExtractiveSummaryOptions,
} from './extractive-summary.js';
export { toneScore, sentimentSummary } from './tone.js';
export { actionItems } from './action-items.js';
