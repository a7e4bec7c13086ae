/** Types for evaluate.mjs (the sample project evaluated by statsig-node). */
export const CONFIG_SPECS: string;
export function startEvaluator(): Promise<void>;
export function initializeValues(
  user: Record<string, unknown>,
  hash?: 'none' | 'djb2',
): Record<string, any>;
