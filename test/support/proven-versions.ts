import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The Statsig SDK versions the version matrix proves, each installed under the package name
// (an npm alias for the older ones) that the matrix loads. The compatibility table (docs/compatibility.md)
// lists exactly these, and peerDependencies starts each major line at the oldest of them
// (test/install-ranges.test.ts holds the three together).

export type Sdk = '@statsig/js-client' | '@statsig/js-on-device-eval-client' | 'statsig-js';
export interface ProvenVersion {
  version: string;
  /** What the matrix requires: an installed package name, or a folder (test:latest). */
  pkg: string;
}

export const PROVEN: Record<Sdk, ProvenVersion[]> = {
  '@statsig/js-client': [
    { version: '3.0.0', pkg: 'js-client-3-0' },
    { version: '3.5.0', pkg: 'js-client-3-5' },
    { version: '3.18.2', pkg: 'js-client-3-18' },
    { version: '3.33.5', pkg: '@statsig/js-client' },
  ],
  '@statsig/js-on-device-eval-client': [
    { version: '3.31.2', pkg: 'on-device-3-31' },
    { version: '3.32.3', pkg: 'on-device-3-32' },
    { version: '3.33.5', pkg: '@statsig/js-on-device-eval-client' },
  ],
  'statsig-js': [
    { version: '4.36.0', pkg: 'statsig-js-4-36' },
    { version: '4.45.1', pkg: 'statsig-js-4-45' },
    { version: '4.47.1', pkg: 'statsig-js-4-47' },
    { version: '5.1.0', pkg: 'statsig-js' },
  ],
};
export const SDKS = Object.keys(PROVEN) as Sdk[];

/**
 * The versions the matrix runs. `npm run test:latest` installs the registry's newest release
 * of each SDK into a folder of its own and names it in STATSIG_LATEST_DIR: the matrix then
 * runs those releases instead of the pinned ones.
 */
export function matrixVersions(sdk: Sdk): ProvenVersion[] {
  const dir = process.env['STATSIG_LATEST_DIR'];
  if (!dir) return PROVEN[sdk];
  const pkg = join(dir, 'node_modules', sdk);
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  return [{ version, pkg }];
}
