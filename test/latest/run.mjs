// `npm run test:latest`: the version matrix (test/version-matrix.test.ts) on the registry's
// newest release of each Statsig SDK, installed into a temporary folder with
// `npm install --prefix`, never into this project's lockfile. Prints which versions ran and
// how each fared, writes the same report to artifacts/latest.md (the weekly workflow posts
// it), and exits non-zero when any check failed. Not part of `npm test`: it needs the registry.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SDKS = ['@statsig/js-client', '@statsig/js-on-device-eval-client', 'statsig-js'];
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const dir = mkdtempSync(join(tmpdir(), 'statsig-latest-'));
const results = join(dir, 'matrix.json');
try {
  console.log(`Installing the newest Statsig SDKs into ${dir} (not this project's lockfile)`);
  const installed = run('npm', [
    'install',
    '--prefix',
    dir,
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    ...SDKS.map((name) => `${name}@latest`),
  ]);
  if (installed !== 0) throw new Error(`npm install of the newest SDKs failed (exit ${installed})`);
  const newest = Object.fromEntries(
    SDKS.map((name) => [
      name,
      JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version,
    ]),
  );

  run(
    'npx',
    [
      'vitest',
      'run',
      'test/version-matrix.test.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${results}`,
    ],
    { cwd: root, env: { ...process.env, STATSIG_LATEST_DIR: dir } },
  );

  let tests = [];
  try {
    const json = JSON.parse(readFileSync(results, 'utf8'));
    tests = json.testResults.flatMap((file) => file.assertionResults);
  } catch {
    // no results: reported below as a failure of every SDK
  }
  const rows = SDKS.map((name) => {
    // The matrix names each case `<sdk> <version>, ...` (vitest may quote the version).
    const prefixes = [`${name} ${newest[name]},`, `${name} '${newest[name]}',`];
    const mine = tests.filter((t) => prefixes.some((prefix) => t.fullName.startsWith(prefix)));
    const failed = mine.filter((t) => t.status !== 'passed');
    return { name, pinned: pkg.devDependencies[name], newest: newest[name], mine, failed };
  });
  const ok = rows.every((row) => row.mine.length > 0 && row.failed.length === 0);

  const lines = [
    `# statsig-heap on the newest Statsig releases (${new Date().toISOString().slice(0, 10)})`,
    '',
    'The version matrix (`test/version-matrix.test.ts`) run by `npm run test:latest` on each',
    "SDK's newest release in the npm registry.",
    '',
    '| SDK | pinned (proven) | newest on npm | matrix |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| \`${row.name}\` | ${row.pinned} | ${row.newest} | ${
          row.mine.length === 0
            ? 'FAIL: no check ran'
            : row.failed.length
              ? `FAIL: ${row.failed.length} of ${row.mine.length} checks`
              : `pass: ${row.mine.length} of ${row.mine.length} checks`
        } |`,
    ),
    '',
  ];
  for (const row of rows) {
    if (row.newest !== row.pinned && row.failed.length === 0 && row.mine.length > 0) {
      lines.push(
        `- \`${row.name}\` ${row.newest} is newer than the pin and passes: move the pin ` +
          '(Renovate opens that pull request) and add the version to docs/compatibility.md.',
      );
    }
    for (const test of row.failed) {
      const message = (test.failureMessages?.[0] ?? '').split('\n').slice(0, 6).join('\n');
      lines.push(`- FAIL ${test.fullName}`, '', '```', message, '```', '');
    }
  }
  if (rows.every((row) => row.newest === row.pinned)) {
    lines.push('- The newest releases are the pinned ones: nothing new to prove.');
  }
  const report = `${lines.join('\n')}\n`;
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  writeFileSync(join(root, 'artifacts', 'latest.md'), report);
  console.log(`\n${report}`);
  console.log(ok ? 'test:latest: every newest release passes.' : 'test:latest: FAILED.');
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.error(`test:latest: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
