// Drives headless Chromium (Debian's /usr/bin/chromium, through playwright-core from .tools/bench).
//   node bench/run-browser.mjs kernels URL            → prints the kernel results (JSON) on stdout
//   node bench/run-browser.mjs app URL ALLEGATIONS    → prints the app budget figures (JSON)
// URL is the page (kernels) or the app root (app), served on 127.0.0.1 by scripts/bench.sh.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(resolve(process.env.BENCH_NODE_MODULES || '.tools/bench/node_modules', 'x.js'));
const { chromium } = require('playwright-core');

const [mode, url, allegationsFile] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'exhibit-bench-'));
const args = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--js-flags=--expose-gc',
];
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args,
  viewport: { width: 1280, height: 900 },
});
const log = (...xs) => process.stderr.write(xs.join(' ') + '\n');

try {
  const page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (error) => log('page error:', error.message));
  if (mode === 'kernels') {
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('BENCH ')) log('  ' + text.slice(6, 200));
      else if (message.type() === 'error') log('console:', text);
    });
    await page.goto(url);
    await page.waitForFunction(() => globalThis.__benchDone, null, { timeout: 12 * 60 * 1000, polling: 1000 });
    const done = await page.evaluate(() => globalThis.__benchDone);
    process.stdout.write(JSON.stringify(done) + '\n');
  } else if (mode === 'app') {
    process.stdout.write(JSON.stringify(await appBudgets(page, url, allegationsFile)) + '\n');
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

async function appBudgets(page, url, file) {
  const result = {};
  // Every request the page and its workers make (the page's resource timing misses what a worker
  // fetches), with the moment it was made: the first load is counted up to the app shell being
  // interactive, and up to the demo queue being interactive (which needs the engine worker).
  const requests = [];
  const started = Date.now();
  const onRequest = (request) => requests.push({ name: request.url().split('?')[0].split('/').pop(), at: Date.now() - started });
  page.context().on('request', onRequest);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('[data-testid=view-import]', { timeout: 60000 });
  result.shell_interactive_ms = Date.now() - started;
  await page.waitForSelector('[data-testid=queue-item]', { timeout: 60000 });
  result.queue_interactive_ms = Date.now() - started;
  page.context().off('request', onRequest);
  const before = (ms) => [...new Set(requests.filter((r) => r.at <= ms && /\.(wasm|js|css)$/.test(r.name)).map((r) => r.name))];
  result.fetched_before_shell = before(result.shell_interactive_ms);
  result.fetched_before_queue = before(result.queue_interactive_ms);
  result.navigation = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { dom_content_loaded_ms: Math.round(nav.domContentLoadedEventEnd) };
  });
  // Cold again, in a fresh tab, to take a second sample (the first one includes Chromium warm-up).
  const second = await page.context().newPage();
  const t2 = Date.now();
  await second.goto(url + (url.includes('?') ? '&' : '?') + 'second', { waitUntil: 'commit' });
  await second.waitForSelector('[data-testid=queue-item]', { timeout: 60000 });
  result.queue_interactive_ms_second = Date.now() - t2;
  await second.close();

  // Long tasks while importing, scrolling and filtering 100k allegations.
  await page.evaluate(() => {
    globalThis.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) globalThis.__longTasks.push({ phase: globalThis.__phase, ms: Math.round(entry.duration) });
    }).observe({ type: 'longtask', buffered: false });
  });
  const phase = (name) => page.evaluate((n) => { globalThis.__phase = n; }, name);
  const text = readFileSync(file, 'utf8');
  await phase('import');
  await page.click('[data-testid=view-import]');
  const importStarted = Date.now();
  const fileInput = await page.$('[data-testid=allegations-file]');
  let preview = null;
  if (fileInput) {
    await fileInput.setInputFiles({ name: 'bench-100k.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  } else {
    const paste = await page.waitForSelector('[data-testid=allegations-paste]', { timeout: 10000 });
    await paste.fill(text);
    preview = await page.$('[data-testid=preview-allegations]');
    await preview.click();
  }
  await page.waitForSelector('[data-testid=accept-allegations]', { timeout: 120000 });
  await page.click('[data-testid=accept-allegations]');
  await page.waitForFunction(() => /site\d+\.example/.test(document.querySelector('[data-testid=queue]')?.textContent || ''), null, { timeout: 120000 });
  result.import_100k_ms = Date.now() - importStarted;
  result.queue_items_rendered = await page.evaluate(() => document.querySelectorAll('[data-testid=queue-item]').length);

  await phase('scroll');
  const queue = await page.$('[data-testid=queue]');
  if (queue) {
    for (let i = 0; i < 40; i++) {
      await page.evaluate((k) => {
        const q = document.querySelector('[data-testid=queue]');
        q.scrollTop = (q.scrollHeight * k) / 40;
      }, i);
      await page.waitForTimeout(30);
    }
  }
  await phase('filter');
  const filter = await page.$('[data-testid=queue-filter]');
  if (filter) {
    await filter.click();
    await page.keyboard.type('site1234', { delay: 40 });
    await page.waitForTimeout(300);
    result.queue_items_filtered = await page.evaluate(() => document.querySelectorAll('[data-testid=queue-item]').length);
    for (let i = 0; i < 8; i++) await page.keyboard.press('Backspace', { delay: 40 });
    await page.waitForTimeout(500);
  }
  await phase('done');
  await page.waitForTimeout(300);
  const tasks = await page.evaluate(() => globalThis.__longTasks);
  const by = (p) => tasks.filter((t) => t.phase === p);
  for (const p of ['import', 'scroll', 'filter']) {
    result[`long_tasks_${p}`] = by(p).length;
    result[`longest_task_${p}_ms`] = Math.max(0, ...by(p).map((t) => t.ms));
  }
  result.found = { queue: !!queue, filter: !!filter, file_input: !!fileInput, preview: !!preview };
  return result;
}
