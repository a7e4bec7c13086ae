/** Types for bootstrap.mjs (the server side of a bootstrapped page). */
export function startStatsig(options: {
  serverSecret?: string | undefined;
  configSpecs?: string | undefined;
}): Promise<unknown>;
export function stableIDFrom(cookieHeader: string | undefined, clientKey: string): string;
export function bootstrapScript(user: Record<string, unknown>, clientKey: string): string;
