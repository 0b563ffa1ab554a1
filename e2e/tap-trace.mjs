// Where a tap's time goes (issue 16): a Chromium trace of TAPS taps on each of Peerline's commonest
// actions (log a call, day off, open a contact, save a check-in, as `start-bench.mjs` taps them)
// at 4x CPU throttling, offline from its service worker with the demo worker's data, and of TAPS
// taps on the reference app's Add, each split into what the main thread did from the click
// to the end of the frame that showed it: the click's handler (script: our WASM and the glue), the
// script that ran after it before the frame (effects, microtasks, timers), style, layout, pre-paint
// and paint, and the rest of the frame. Figures only.
//
//   node e2e/tap-trace.mjs PEERLINE_BASE REFERENCE_BASE [TAPS]
//
// `scripts/bench taps` starts both servers and runs it (`scripts/bench start` runs it too).

import { PHONE, THROTTLE, launchChromium, median, peerlineOfflineOnToday, peerlineTaps } from './bench-support.mjs';

const [peerlineBase, referenceBase, tapsArg = '7'] = process.argv.slice(2);
const TAPS = Number(tapsArg);

const browser = await launchChromium();

/** The trace's complete events on the main thread of the renderer that was clicked, in
 * microseconds (a trace holds every renderer of the browser, the other context's page too). */
function mainThreadEvents(trace) {
  const events = trace.traceEvents;
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const clicked = (main) => events.some((e) => e.pid === main.pid && e.tid === main.tid
    && e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  const main = mains.find(clicked) ?? mains[0];
  return events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
}

/** Top-level tasks' children by kind, between each click and the end of the frame after it. */
function split(events) {
  const clicks = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  const kinds = {
    handler: (e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click',
    script: (e) => ['FunctionCall', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'EvaluateScript', 'v8.callFunction'].includes(e.name),
    style: (e) => e.name === 'UpdateLayoutTree' || e.name === 'RecalculateStyles',
    layout: (e) => e.name === 'Layout',
    prePaint: (e) => e.name === 'PrePaint',
    paint: (e) => e.name === 'Paint' || e.name === 'PaintImage',
    commit: (e) => e.name === 'Commit' || e.name === 'Layerize',
  };
  const rows = [];
  for (const click of clicks) {
    const from = click.ts;
    // The frame that shows the tap: the first Paint that starts after the click's handler ended.
    const paint = events.find((e) => e.name === 'Paint' && e.ts >= click.ts + click.dur);
    if (!paint) continue;
    const to = paint.ts + paint.dur;
    const inside = events.filter((e) => e.ts >= from && e.ts + e.dur <= to);
    // Only outermost events of each kind count (a FunctionCall inside the handler is the handler's).
    const row = { total: (to - from) / 1000 };
    for (const [kind, test] of Object.entries(kinds)) {
      const matching = inside.filter(test);
      const outer = matching.filter((e) => !inside.some((o) => o !== e && (kinds.handler(o) || kinds.script(o) || test(o)) && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
      row[kind] = outer.reduce((sum, e) => sum + e.dur, 0) / 1000;
    }
    row.other = row.total - Object.keys(kinds).reduce((sum, kind) => sum + row[kind], 0);
    rows.push(row);
  }
  return rows;
}

/** TAPS taps, each traced on its own (so what `before` and `after` click is not counted). */
async function traced(page, target, name, before = async () => {}, after = async () => {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  const file = `/tmp/tap-trace-${name.replace(/\W+/g, '-')}.json`;
  const rows = [];
  for (let i = 0; i < TAPS; i += 1) {
    await before(i);
    await page.waitForTimeout(400);
    const button = await target().elementHandle();
    await browser.startTracing(page, {
      path: file,
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink'],
    });
    await button.click();
    await after(i);
    await page.waitForTimeout(300);
    const buffer = await browser.stopTracing();
    rows.push(...split(mainThreadEvents(JSON.parse(buffer.toString()))).slice(0, 1));
  }
  const columns = ['total', 'handler', 'script', 'style', 'layout', 'prePaint', 'paint', 'commit', 'other'];
  console.log(`${name}: median of ${rows.length} taps, ms at ${THROTTLE}x (click to the end of the frame's paint; last trace ${file})`);
  console.log(`  ${columns.map((c) => c.padStart(9)).join('')}`);
  console.log(`  ${columns.map((c) => median(rows.map((r) => r[c])).toFixed(1).padStart(9)).join('')}`);
}

// Peerline: the demo worker logs in, the records sync, the service worker takes the page; offline.
const page = await peerlineOfflineOnToday(browser, peerlineBase);
for (const tap of peerlineTaps(page, peerlineBase)) {
  if (tap.setup) await tap.setup();
  await traced(page, tap.target, `Peerline: ${tap.name}`, tap.before, tap.after);
}

const reference = await browser.newContext(PHONE);
const referencePage = await reference.newPage();
await referencePage.goto(`${referenceBase}/`);
await referencePage.getByTestId('ready').waitFor();
await traced(referencePage, () => referencePage.getByRole('button', { name: 'Add' }), 'reference: add', async (i) => {
  await referencePage.getByLabel('Name').fill(`Contact ${i}`);
});

await browser.close();
