// Drives headless Chromium (Debian's /usr/bin/chromium, through playwright-core from .tools/bench).
//   node bench/run-browser.mjs kernels URL            → prints the kernel results (JSON) on stdout
//   node bench/run-browser.mjs app URL ALLEGATIONS    → prints the app budget figures (JSON)
//     (BENCH_SWITCHES, default 30: allegation switches timed per kind; BENCH_KEYSTROKES, default 20:
//     filter keystrokes timed)
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
  const onRequest = (request) => /^(blob|data):/.test(request.url()) || requests.push({ name: request.url().split('?')[0].split('/').pop() || 'index.html', at: Date.now() - started });
  page.context().on('request', onRequest);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('[data-testid=view-import]', { timeout: 60000 });
  result.shell_interactive_ms = Date.now() - started;
  await page.waitForSelector('[data-testid=queue-item]', { timeout: 60000 });
  result.queue_interactive_ms = Date.now() - started;
  page.context().off('request', onRequest);
  const before = (ms) => [...new Set(requests.filter((r) => r.at <= ms && /\.(wasm|js|css|html|json|png|txt|tsv)$/.test(r.name)).map((r) => r.name))];
  result.fetched_before_shell = before(result.shell_interactive_ms);
  result.fetched_before_queue = before(result.queue_interactive_ms);
  result.navigation = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { dom_content_loaded_ms: Math.round(nav.domContentLoadedEventEnd) };
  });
  // The first visit's queue as the app marks it (`exhibit-case-shown`), and what the page fetched
  // before that mark (its resource timing: exact, where the polling above also catches what starts
  // right after). The demo's captures are then read behind the queue: the rest waits for that.
  const shown = await page.evaluate(() => {
    const mark = performance.getEntriesByName('exhibit-case-shown')[0];
    if (!mark) return null;
    const names = performance.getEntriesByType('resource').filter((r) => r.startTime < mark.startTime)
      .map((r) => new URL(r.name).pathname.split('/').pop() || 'index.html');
    return { ms: Math.round(mark.startTime), names: [...new Set(['index.html', ...names])] };
  });
  if (shown) {
    result.first_visit_case_shown_ms = shown.ms;
    result.fetched_before_case_shown = shown.names;
  }
  const completing = Date.now();
  await page.waitForSelector('[data-testid=progress][data-completing=false]', { timeout: 60000 });
  result.first_visit_complete_ms = Date.now() - started;
  result.first_visit_completing_waited_ms = Date.now() - completing;
  // Cold again, in a fresh tab, to take a second sample (the first one includes Chromium warm-up).
  const second = await page.context().newPage();
  const t2 = Date.now();
  await second.goto(url + (url.includes('?') ? '&' : '?') + 'second', { waitUntil: 'commit' });
  await second.waitForSelector('[data-testid=queue-item]', { timeout: 60000 });
  result.queue_interactive_ms_second = Date.now() - t2;
  await second.close();

  // The last-opened case (the demo, built and kept by the first load): a reload of the first tab,
  // as a returning reviewer opens the app. Its queue comes from the build kept in IndexedDB.
  const reloadRequests = [];
  const t3 = Date.now();
  const onReload = (request) => /^(blob|data):/.test(request.url()) || reloadRequests.push({ name: request.url().split('?')[0].split('/').pop() || 'index.html', at: Date.now() - t3 });
  page.context().on('request', onReload);
  await page.reload({ waitUntil: 'commit' });
  await page.waitForSelector('[data-testid=queue-item]', { timeout: 60000 });
  result.reload_queue_interactive_ms = Date.now() - t3;
  page.context().off('request', onReload);
  // The app's own mark, from the reload's navigation start (performance.now() origin).
  result.reload_case_shown_ms = await page.evaluate(() => {
    const mark = performance.getEntriesByName('exhibit-case-shown')[0];
    return mark ? Math.round(mark.startTime) : null;
  });
  result.fetched_before_reload_queue = [...new Set(reloadRequests.filter((r) => r.at <= result.reload_queue_interactive_ms).map((r) => r.name))];

  // First use asks for the reviewer's profile in a modal dialog (it covers the page): fill it.
  result.profile_filled = await fillProfileIfAsked(page);

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
  // Time per action on the 100k case: switching allegation (a click on a queue row, the j/k keys)
  // and each keystroke in the queue filter (see actionTimings).
  Object.assign(result, await actionTimings(page, phase));
  await phase('done');
  await page.waitForTimeout(300);
  const tasks = await page.evaluate(() => globalThis.__longTasks);
  const by = (p) => tasks.filter((t) => t.phase === p);
  for (const p of ['import', 'scroll', 'filter', 'switch', 'typing']) {
    result[`long_tasks_${p}`] = by(p).length;
    result[`longest_task_${p}_ms`] = Math.max(0, ...by(p).map((t) => t.ms));
  }
  result.found = { queue: !!queue, filter: !!filter, file_input: !!fileInput, preview: !!preview };
  return result;
}

// The first-use profile dialog (name + one working language), if the app shows it.
async function fillProfileIfAsked(page) {
  const dialog = await page.waitForSelector('[data-testid=profile-dialog]', { timeout: 5000 }).catch(() => null);
  if (!dialog) return false;
  await page.fill('[data-testid=profile-name]', 'Bench Reviewer');
  await page.selectOption('[data-testid=profile-language]', 'eng');
  await page.click('[data-testid=profile-language-add]');
  await page.click('[data-testid=profile-save]');
  await page.waitForSelector('[data-testid=profile-dialog]', { state: 'detached', timeout: 10000 });
  return true;
}

function quantile(xs, q) {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
function summary(xs) {
  return { n: xs.length, median_ms: quantile(xs, 0.5), p90_ms: quantile(xs, 0.9), max_ms: xs.length ? Math.max(...xs) : null };
}

// Time from the reviewer's action to the app showing its result, per action, measured in the page:
//   t0    the trusted event's timeStamp (capture listener on window, before the app's own): `click`
//         on a queue row, `keydown` of j/k or of a key typed into the filter;
//   dom   for a switch, the first mutation batch after which the allegation pane shows another URL
//         (a MutationObserver over the document; allegation URLs are distinct); for a keystroke, the
//         later of its last mutation and the end of the task that handled its `input` event (a
//         message posted from a capture listener of `input`: yew renders in microtasks of that task);
//   frame the first animation frame after the last DOM mutation the action caused (for a keystroke,
//         after its `input` event too: a keystroke that changes no row still has to be handled),
//         then a message posted from that frame, i.e. roughly when the frame with the result is
//         painted. Settled = two frames in a row with no mutation.
// Actions run one at a time (the next starts after the previous settled, plus 50 ms), so each
// figure is one action's own cost; the existing `filter` phase above covers overlapping keystrokes.
// Only test ids that the app has had since before the workspace split are used.
async function actionTimings(page, phase) {
  const out = {};
  const switches = Number(process.env.BENCH_SWITCHES || 30);
  const keystrokes = Number(process.env.BENCH_KEYSTROKES || 20);
  // Let the import's saving and any follow-up work finish before timing anything.
  await page.waitForFunction(() => document.querySelector('[data-testid=save-status]')?.dataset.state !== 'saving', null, { timeout: 120000 }).catch(() => {});
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    const b = (globalThis.__act = { armed: null, t0: null });
    const url = () => document.querySelector('[data-testid=allegation-url]')?.textContent ?? null;
    const nextPaint = (callback) => requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback(performance.now());
      channel.port2.postMessage(0);
    });
    b.nextPaint = nextPaint;
    b.reset = (armed) => Object.assign(b, {
      armed, t0: null, inputAt: null, handledAt: null, lastMutation: null, mutations: 0, domAt: null, before: url(),
    });
    for (const type of ['click', 'keydown']) {
      window.addEventListener(type, (event) => {
        if (b.armed === type && b.t0 === null) b.t0 = event.timeStamp;
      }, true);
    }
    window.addEventListener('input', (event) => {
      if (b.armed === 'keydown' && b.t0 !== null && b.inputAt === null) {
        b.inputAt = event.timeStamp;
        // A task queued now runs once this one (the app's handler and its render, which yew runs as
        // microtasks of this task) is over.
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { b.handledAt = performance.now(); };
        channel.port2.postMessage(0);
      }
    }, true);
    new MutationObserver(() => {
      if (b.armed === null || b.t0 === null) return;
      const now = performance.now();
      b.lastMutation = now;
      b.mutations += 1;
      if (b.domAt === null && b.want === 'switch' && url() !== null && url() !== b.before) b.domAt = now;
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  // Waits in the page until the action settled; returns { dom, frame } in ms after t0 (or null).
  const settle = (want) => page.evaluate((want) => new Promise((resolve) => {
    const b = globalThis.__act;
    const started = performance.now();
    let quiet = 0;
    let seen = -1;
    const tick = () => requestAnimationFrame(() => {
      const now = performance.now();
      const ready = b.t0 !== null && (want === 'switch' ? b.domAt !== null : b.handledAt !== null);
      if (ready) {
        quiet = b.mutations === seen ? quiet + 1 : 0;
        seen = b.mutations;
      }
      if (ready && quiet >= 2) {
        // The first frame after the last mutation (or after the input event if none), then its paint.
        const after = Math.max(b.lastMutation ?? 0, b.handledAt ?? 0, b.domAt ?? 0);
        const frame = b.frames.find((t) => t > after);
        // A switch is done when the pane shows the new allegation; a keystroke when its task is
        // over and the last mutation it caused is made.
        const done = want === 'switch' ? b.domAt : Math.max(b.handledAt, b.lastMutation ?? 0);
        b.armed = null;
        resolve({ dom: done === null ? null : done - b.t0, frame: frame === undefined ? null : frame - b.t0, mutations: b.mutations });
      } else if (now - started > 30000) {
        b.armed = null;
        resolve({ dom: null, frame: null, timeout: true, t0: b.t0, domAt: b.domAt, inputAt: b.inputAt });
      } else tick();
    });
    tick();
  }), want);
  // Paint times of every frame while an action is measured (rAF, then a posted message).
  await page.evaluate(() => {
    const b = globalThis.__act;
    b.frames = [];
    const loop = () => b.nextPaint((t) => { if (b.armed !== null) b.frames.push(t); if (!b.stop) loop(); });
    loop();
  });
  const measure = async (want, armed, act) => {
    await page.evaluate(({ want, armed }) => { globalThis.__act.frames = []; globalThis.__act.want = want; globalThis.__act.reset(armed); }, { want, armed });
    await act();
    const r = await settle(want);
    await page.waitForTimeout(50);
    return r;
  };

  // Switch allegation by clicking a queue row in view (another than the selected one), then by
  // j (next) and k (previous). The first click leaves the import view for the review workspace: a
  // warm-up, not counted.
  await phase('switch');
  const visibleRows = () => page.evaluate(() => {
    const queue = document.querySelector('[data-testid=queue]').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid=queue-item]')]
      .filter((row) => { const r = row.getBoundingClientRect(); return r.top >= queue.top && r.bottom <= queue.bottom; })
      .map((row) => ({ id: row.dataset.allegationId, selected: row.getAttribute('aria-selected') === 'true' }));
  });
  const clickRow = async (i) => {
    const rows = (await visibleRows()).filter((row) => !row.selected);
    const row = rows[i % rows.length];
    await page.click(`[data-testid=queue-item][data-allegation-id="${row.id}"]`);
  };
  await clickRow(0);
  await page.waitForSelector('[data-testid=allegation-url]', { timeout: 30000 });
  await page.waitForTimeout(300);
  const click = { dom: [], frame: [], failed: 0 };
  const key = { dom: [], frame: [], failed: 0 };
  for (let i = 0; i < switches; i++) {
    const r = await measure('switch', 'click', () => clickRow(i + 1));
    if (r.dom === null) click.failed += 1; else { click.dom.push(r.dom); click.frame.push(r.frame); }
  }
  for (let i = 0; i < switches; i++) {
    const r = await measure('switch', 'keydown', () => page.keyboard.press(i < switches / 2 ? 'j' : 'k'));
    if (r.dom === null) key.failed += 1; else { key.dom.push(r.dom); key.frame.push(r.frame); }
  }
  const tenths = (xs) => xs.map((x) => Math.round(x * 10) / 10);
  const report = (m) => ({ dom: summary(m.dom), frame: summary(m.frame), failed: m.failed, samples_dom_ms: tenths(m.dom), samples_frame_ms: tenths(m.frame) });
  out.switch_click = report(click);
  out.switch_key = report(key);

  // Filter typing: half the keystrokes type a host, the other half delete it again (100k rows back).
  await phase('typing');
  const typing = { dom: [], frame: [], failed: 0, counts: [] };
  await page.click('[data-testid=queue-filter]');
  await page.fill('[data-testid=queue-filter]', '');
  await page.waitForTimeout(500);
  const word = 'site12345.example'.slice(0, Math.ceil(keystrokes / 2));
  const keys = [...word].concat(Array(keystrokes - word.length).fill('Backspace'));
  for (const k of keys) {
    const r = await measure('typing', 'keydown', () => page.keyboard.press(k));
    if (r.frame === null) typing.failed += 1; else { typing.dom.push(r.dom); typing.frame.push(r.frame); }
    typing.counts.push(await page.evaluate(() => document.querySelectorAll('[data-testid=queue-item]').length));
  }
  out.filter_keystroke = { ...report(typing), typed: word, rows_in_dom: typing.counts };
  await page.evaluate(() => { globalThis.__act.stop = true; globalThis.__act.armed = null; });
  return out;
}
