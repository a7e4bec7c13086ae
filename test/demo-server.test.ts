import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';

// `npm run demo` as the README starts it: npm runs the server through a shell, and stopping
// npm by the PID the shell gives (`npm run demo & ... kill $!`) used to leave the server
// holding its port. `demo:serve` is the same last step without the builds (npm test builds).

const root = join(import.meta.dirname, '..');

/** Resolves once `check` holds, polling; rejects after `ms` (a bound, not a timing). */
async function until(check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const answers = (url: string) =>
  fetch(url).then(
    (response) => response.ok,
    () => false,
  );

test('stopping npm by its PID stops the demo server too', { timeout: 60_000 }, async () => {
  const npm = process.env['npm_execpath'];
  const child = npm
    ? spawn(process.execPath, [npm, 'run', 'demo:serve', '--', '--port', '0'], { cwd: root })
    : spawn('npm', ['run', 'demo:serve', '--', '--port', '0'], { cwd: root });
  let output = '';
  const [url, pid] = await new Promise<[string, number]>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = output.match(/statsig-heap demo: (http:\/\/127\.0\.0\.1:\d+\/) \(pid (\d+)/);
      if (found?.[1]) resolve([found[1], Number(found[2])]);
    });
    child.on('exit', (code) => reject(new Error(`npm exited (${code}) before serving: ${output}`)));
  });
  try {
    expect(await answers(url)).toBe(true);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM'); // what `kill $!` does to `npm run demo &`
    await exited;
    await until(async () => !(await answers(url)), 20_000);
    expect(await answers(url)).toBe(false);
  } finally {
    // Should it have failed, the server the test started does not outlive it.
    if (await answers(url)) process.kill(pid);
  }
});
