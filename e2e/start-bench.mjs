// Felt speed on a slow phone (scripts/bench start, issue 16): in ONE Debian Chromium, with the CPU
// throttled 4x (CDP Emulation.setCPUThrottlingRate), the median of RUNS repeat starts of Peerline
// (offline, from its service worker, with the demo worker's data synced) and of the reference app
// (bench/reference, from the HTTP cache), taken in turns so the machine's noise falls on both; the
// ratio; and the median of TAPS taps to the next frame for the commonest actions.
//
// Times are taken in the page, not by the test: a start is navigation start (performance.now() = 0)
// to the frame after the first screen's line (Peerline: Today's `my-state`; the reference: its
// `ready` line) is in the DOM: a requestAnimationFrame after it appeared, then a message posted from
// there, which runs once that frame's style, layout and paint are done. A tap is the click event's
// timeStamp to the same "frame after" the first DOM change it caused.
//
// A breakdown of one more start of each (instrumented, so not counted in the medians): the
// download (the service worker's answer for Peerline), the JS glue, WebAssembly compile and
// instantiate, the app's own start (its localStorage reads separately) and the first frame.
//
//   node start-bench.mjs PEERLINE_URL REFERENCE_URL [RUNS=9] [TAPS=5]
import { PHONE as phone, THROTTLE, launchChromium, median, peerlineTaps, withDemoWorker } from './bench-support.mjs';

const [peerlineBase, referenceBase, runsArg = '9', tapsArg = '5'] = process.argv.slice(2);
const RUNS = Number(runsArg);
const TAPS = Number(tapsArg);
const WARM_UPS = 2;

const ms = (value) => `${value.toFixed(0)} ms`;

// Runs in every document before its own scripts: notes when SELECTOR first appears and the frame
// after it, and times clicks to the frame after the first DOM change they caused.
function probe(selector) {
  const afterNextFrame = (done) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(0);
    });
  window.__bench = { taps: [] };
  const seen = new MutationObserver(() => {
    if (!document.querySelector(selector)) return;
    seen.disconnect();
    const found = performance.now();
    afterNextFrame((painted) => (window.__bench.start = { found, painted }));
  });
  seen.observe(document, { childList: true, subtree: true });
  addEventListener(
    'click',
    (event) => {
      if (!window.__bench.timing) return;
      const clicked = event.timeStamp;
      const changed = new MutationObserver(() => {
        changed.disconnect();
        afterNextFrame((painted) => window.__bench.taps.push(painted - clicked));
      });
      changed.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
      setTimeout(() => changed.disconnect(), 5000);
    },
    true,
  );
}

// Instruments one start (page-level, only for the breakdown): when WebAssembly compilation is
// asked for and done, and the time spent in localStorage reads.
function instrument() {
  const marks = (window.__marks = { storage_ms: 0, storage_reads: 0 });
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      if (marks.wasm_asked === undefined) marks.wasm_asked = performance.now();
      return original.apply(this, args).then((result) => {
        if (marks.wasm_ready === undefined) marks.wasm_ready = performance.now();
        return result;
      });
    };
  }
  const getItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function (key) {
    const started = performance.now();
    try {
      return getItem.call(this, key);
    } finally {
      marks.storage_ms += performance.now() - started;
      marks.storage_reads += 1;
    }
  };
}

async function throttled(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  return cdp;
}

/** One repeat start in a fresh page (as a worker reopens the app): its figures. */
async function start(context, url, instrumented = false, traceFile = undefined) {
  const page = await context.newPage();
  if (instrumented) await page.addInitScript(instrument);
  await throttled(page);
  if (traceFile) {
    await browser.startTracing(page, {
      path: traceFile,
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'v8.execute', 'blink', 'loading', 'ServiceWorker'],
    });
  }
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__bench?.start, null, { timeout: 60_000 });
  if (traceFile) await browser.stopTracing();
  const figures = await page.evaluate(() => {
    const resources = performance.getEntriesByType('resource').map((r) => ({
      name: new URL(r.name).pathname,
      start: r.startTime,
      end: r.responseEnd,
      worker: r.workerStart > 0,
    }));
    const navigation = performance.getEntriesByType('navigation')[0];
    return {
      ...window.__bench.start,
      document_ms: navigation.responseEnd,
      resources,
      marks: window.__marks,
    };
  });
  await page.close();
  return figures;
}

function breakdown(name, figures) {
  const find = (suffix) => figures.resources.find((r) => r.name.endsWith(suffix));
  const glue = figures.resources.find((r) => /\.js$/.test(r.name) && !r.name.endsWith('boot.js'));
  const wasm = find('.wasm');
  const m = figures.marks;
  const parts = [
    ['document answered', figures.document_ms],
    ['JS glue fetched', glue?.end],
    ['WASM fetched', wasm?.end],
    ['WASM compile asked', m.wasm_asked],
    ['WASM compiled + instantiated', m.wasm_ready],
    ['first screen in the DOM', figures.found],
    ['first screen painted', figures.painted],
  ];
  console.log(`${name}, one instrumented repeat start (ms after navigation start):`);
  for (const [what, at] of parts) console.log(`  ${what.padEnd(30)} ${at === undefined ? '-' : at.toFixed(0)}`);
  const app = figures.found - m.wasm_ready;
  console.log(
    `  => compile + instantiate ${(m.wasm_ready - m.wasm_asked).toFixed(0)} ms, app start to first screen ${app.toFixed(0)} ms` +
      ` (of which ${m.storage_reads} localStorage reads ${m.storage_ms.toFixed(1)} ms), first frame ${(figures.painted - figures.found).toFixed(0)} ms`,
  );
}

/** TAPS clicks on what `target()` finds, each after `before()`; the medians of tap -> next frame. */
async function taps(page, name, target, before = async () => {}, after = async () => {}) {
  const times = [];
  for (let i = 0; i < TAPS; i += 1) {
    await before(i);
    await page.waitForTimeout(300);
    const count = await page.evaluate(() => {
      window.__bench.timing = true;
      return window.__bench.taps.length;
    });
    await target(i).click();
    await page.waitForFunction((n) => window.__bench.taps.length > n, count, { timeout: 10_000 });
    times.push(await page.evaluate(() => {
      window.__bench.timing = false;
      return window.__bench.taps.at(-1);
    }));
    await after(i);
  }
  console.log(`  ${name.padEnd(18)} median ${times.length ? median(times).toFixed(1) : '-'} ms (${times.map((t) => t.toFixed(1)).join(', ')})`);
  return median(times);
}

const browser = await launchChromium();

// Peerline: the demo worker logs in, the records sync, the service worker takes the page; offline.
const peerline = await browser.newContext(phone);
await peerline.addInitScript(probe, '[data-testid="my-state"]');
const { people, keys } = await withDemoWorker(peerline, peerlineBase);
await peerline.setOffline(true);

// The reference: five contacts in its localStorage, its files in the HTTP cache.
const reference = await browser.newContext(phone);
await reference.addInitScript(probe, '[data-testid="ready"]');
const seed = await reference.newPage();
await seed.goto(`${referenceBase}/`);
await seed.evaluate(() =>
  localStorage.setItem(
    'reference.contacts',
    JSON.stringify(['Ola', 'Per', 'Aisha', 'Kim', 'Siv'].map((name) => ({ name, phone: '+47 912 34 567' }))),
  ),
);
await seed.close();

console.log(`CPU throttled ${THROTTLE}x; Peerline offline from its service worker with the demo worker's data` +
  ` (${people} people on Today, ${keys} localStorage keys); the reference from the HTTP cache`);
for (let i = 0; i < WARM_UPS; i += 1) {
  await start(peerline, `${peerlineBase}/`);
  await start(reference, `${referenceBase}/`);
}
const starts = { peerline: [], reference: [] };
for (let i = 0; i < RUNS; i += 1) {
  // In turns, each first every other time.
  const order = i % 2 === 0 ? ['peerline', 'reference'] : ['reference', 'peerline'];
  for (const which of order) {
    const figures = await start(which === 'peerline' ? peerline : reference,
      `${which === 'peerline' ? peerlineBase : referenceBase}/`);
    starts[which].push(figures.painted);
  }
}
const p = median(starts.peerline);
const r = median(starts.reference);
console.log(`repeat start, navigation to the first screen painted (median of ${RUNS}):`);
console.log(`  Peerline  ${ms(p)} (${starts.peerline.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`  reference ${ms(r)} (${starts.reference.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`  ratio ${(p / r).toFixed(2)}x`);

breakdown('Peerline', await start(peerline, `${peerlineBase}/`, true));
// START_TRACE=PREFIX: a Chromium performance trace of one more (uninstrumented) repeat start of
// each, PREFIX-peerline.json and PREFIX-reference.json (e2e/start-trace.mjs summarises one).
if (process.env.START_TRACE) {
  await start(peerline, `${peerlineBase}/`, false, `${process.env.START_TRACE}-peerline.json`);
  await start(reference, `${referenceBase}/`, false, `${process.env.START_TRACE}-reference.json`);
}
breakdown('reference', await start(reference, `${referenceBase}/`, true));

// Taps, in one Peerline page throttled 4x, offline.
console.log(`taps, click to the frame after the screen changed (median of ${TAPS}, ${THROTTLE}x):`);
const page = await peerline.newPage();
await throttled(page);
await page.goto(`${peerlineBase}/`);
await page.getByTestId('my-state').waitFor();
for (const tap of peerlineTaps(page, peerlineBase)) {
  if (tap.setup) await tap.setup();
  await taps(page, tap.name, tap.target, tap.before, tap.after);
}
await page.close();

const referencePage = await reference.newPage();
await throttled(referencePage);
await referencePage.goto(`${referenceBase}/`);
await referencePage.getByTestId('ready').waitFor();
await taps(
  referencePage,
  'reference: add',
  () => referencePage.getByRole('button', { name: 'Add' }),
  async (i) => {
    await referencePage.getByLabel('Name').fill(`Contact ${i}`);
  },
);
await browser.close();
