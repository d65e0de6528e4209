import { after } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's chromium, headless, as the tests' real browser. JavaScript is off
 * by default: every journey must work without it.
 */
export async function openBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  after(() => browser.close());
  return browser;
}

export async function newPage(browser: Browser, options: { javaScript?: boolean; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? false,
    viewport: { width: options.width ?? 1200, height: 900 },
    locale: 'vi-VN',
  });
  return context.newPage();
}
