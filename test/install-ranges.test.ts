import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, test } from 'vitest';
import { PROVEN, SDKS } from './support/proven-versions';

// Installable next month (contract 2): peerDependencies names each supported major line from
// its oldest proven version, so that npm, which resolves peer ranges with the `semver`
// package, accepts the next patch and minor Statsig publishes and refuses the next major.
// The versions are the ones the version matrix runs and the compatibility table lists
// (docs/compatibility.md).

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const compatibility = readFileSync(join(root, 'docs/compatibility.md'), 'utf8');

const sorted = (versions: string[]) => [...versions].sort(semver.compare);
/** The highest version below `version` that a range could still refuse or accept. */
const justBelow = (version: string) => {
  const { major, minor, patch } = semver.parse(version) as semver.SemVer;
  if (patch > 0) return `${major}.${minor}.${patch - 1}`;
  if (minor > 0) return `${major}.${minor - 1}.999`;
  return `${major - 1}.999.999`;
};

/** The compatibility table: for each SDK, the versions in its "proven" column. */
function readmeProven(): Record<string, string[]> {
  const section = compatibility.split(/^# Compatibility$/m)[1]?.split(/^## /m)[0] ?? '';
  const header = section.split('\n').find((line) => line.startsWith('| SDK'));
  const columns = (header ?? '').split('|').map((cell) => cell.trim());
  const provenColumn = columns.findIndex((cell) => /proven/i.test(cell));
  const table: Record<string, string[]> = {};
  for (const line of section.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim()); // \| is a | in a cell
    const name = cells[1]?.match(/^`([^`]+)`/)?.[1];
    if (!name || !SDKS.includes(name as never) || provenColumn < 0) continue;
    const versions = cells[provenColumn]?.match(/\d+\.\d+\.\d+/g) ?? [];
    table[name] = [...(table[name] ?? []), ...versions];
  }
  return table;
}

describe.each(SDKS)('%s', (sdk) => {
  const range: string = pkg.peerDependencies[sdk];
  const versions = sorted(PROVEN[sdk].map((v) => v.version));
  const oldest = versions[0] as string;
  const newest = versions.at(-1) as string;

  test('the peer range is an npm range from the oldest proven version, optional', () => {
    expect(semver.validRange(range)).not.toBeNull();
    expect(semver.minVersion(range)?.version).toBe(oldest);
    expect(pkg.peerDependenciesMeta[sdk]).toEqual({ optional: true });
  });

  test('npm accepts every proven version, and the next patch and minor of the newest', () => {
    for (const version of versions) expect(semver.satisfies(version, range), version).toBe(true);
    for (const next of ['patch', 'minor'] as const) {
      const version = semver.inc(newest, next) as string;
      expect(semver.satisfies(version, range), `${range} accepts ${version}`).toBe(true);
    }
  });

  test('npm refuses the next major and anything older than the oldest proven version', () => {
    const major = semver.inc(newest, 'major') as string;
    expect(semver.satisfies(major, range), `${range} refuses ${major}`).toBe(false);
    const below = justBelow(oldest);
    expect(semver.satisfies(below, range), `${range} refuses ${below}`).toBe(false);
  });

  test('the matrix loads exactly these versions, pinned in devDependencies', () => {
    for (const { version, pkg: name } of PROVEN[sdk]) {
      expect(require(`${name}/package.json`).version, name).toBe(version);
      const pin = pkg.devDependencies[name] as string;
      expect(pin.replace(/^npm:.*@/, ''), `${name} is pinned exactly`).toBe(version);
    }
  });

  test('the compatibility table lists exactly the proven versions', () => {
    expect(sorted(readmeProven()[sdk] ?? [])).toEqual(versions);
  });
});
