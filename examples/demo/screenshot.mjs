// `npm run screenshot`: the README's picture of the demo, taken from the running demo by
// Debian's Chromium (never a downloaded browser), so it cannot show what the demo no longer
// does. Writes examples/demo/screenshot.png and, beside it, screenshot.json: the calls the
// picture shows, which the browser tests compare with what the demo does today.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startDemo } from './server.mjs';

export const SCREENSHOT_CLICKS = ['#check-gate', '#read-experiment', '#read-layer', '#log-event'];
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Opens the demo, makes the clicks, and returns the page once Heap has every call. */
export async function demoAfterClicks(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.emulateMedia({ reducedMotion: 'reduce' }); // no arrival highlight in the picture
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
  await page.goto(url);
  await page.waitForFunction(() => window.__heapCalls?.length >= 2);
  let expected = 2;
  for (const selector of SCREENSHOT_CLICKS) {
    await page.click(selector);
    // The plugin hands each call to Heap in a task of its own, just after the click's.
    await page.waitForFunction(() => window.demo.plugin.getStats().pending === 0);
    expected = await page.evaluate(() => window.__heapCalls.length);
  }
  await page.waitForFunction((n) => document.querySelectorAll('#calls li').length >= n, expected);
  return page;
}

/** What the picture shows: each call's method and event name (or property names), in order. */
export const shownCalls = (page) =>
  page.evaluate(() =>
    window.__heapCalls.map(({ method, args: [first] }) => [
      method,
      first && typeof first === 'object' ? Object.keys(first).join(', ') : first,
    ]),
  );

if (import.meta.url === `file://${process.argv[1]}`) {
  const { server, url } = await startDemo(0);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
  try {
    const page = await demoAfterClicks(browser, url);
    const png = new URL('./screenshot.png', import.meta.url);
    await page.screenshot({ path: png.pathname });
    const calls = await shownCalls(page);
    writeFileSync(
      new URL('./screenshot.json', import.meta.url),
      `${JSON.stringify(calls, null, 2)}\n`,
    );
    console.log(`wrote ${png.pathname}: ${calls.length} Heap calls`);
  } finally {
    await browser.close();
    server.close();
  }
  process.exit(0);
}
