import { type Browser, type BrowserContext, chromium } from 'playwright-core';
// @ts-expect-error the demo's screenshot script is plain JavaScript; its flags are the one list
import { CHROMIUM_FLAGS as FLAGS } from '../../../examples/demo/screenshot.mjs';

/** Debian's Chromium, never a downloaded one; the flags keep it off the network. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS: string[] = FLAGS;

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });

/** A fresh context (own cookies and storage), where nothing may leave 127.0.0.1. */
export async function isolatedContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
  return context;
}
