// Where a tap's script goes, by function (issue 16): V8's sampling profiler (50 us) over each of
// TAPS taps at 4x CPU throttling, Peerline offline with the demo worker's data, on a build whose
// WASM keeps its function names (`scripts/bench profile`, which builds and serves it). Prints the
// time per tap by function, its own (self) and with what it called (total). Figures only.
//
//   node e2e/tap-profile.mjs PEERLINE_BASE [TAPS] [log|dayoff|open|checkin]
import { PHONE, THROTTLE, launchChromium, withDemoWorker } from './bench-support.mjs';
const [base, tapsArg = '20', mode = 'log'] = process.argv.slice(2);
if (!base) throw new Error('usage: node e2e/tap-profile.mjs PEERLINE_BASE [TAPS] [log|dayoff|open|checkin]');
const TAPS = Number(tapsArg);
const browser = await launchChromium();
const context = await browser.newContext(PHONE);
await withDemoWorker(context, base);
await context.setOffline(true);
const page = await context.newPage();
await page.goto(`${base}/`);
await page.locator('article.person').first().waitFor();
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
const modes = {
  log: { target: () => page.locator('article.person').first().getByTestId('log-incoming-call') },
  dayoff: { target: () => page.getByTestId('day-off-toggle') },
  open: {
    before: async () => { await page.getByTestId('nav-contacts').click(); await page.getByTestId('contact-list').waitFor(); },
    target: () => page.getByTestId('contact-list').locator('a').first(),
    after: async () => { await page.getByTestId('log-incoming-call').waitFor(); },
  },
  checkin: {
    setup: async () => { await page.goto(`${base}/checkin`); await page.getByTestId('save-checkin').waitFor(); },
    before: async (i) => { await page.getByTestId(`energy-${(i % 5) + 1}`).check(); },
    target: () => page.getByTestId('save-checkin'),
  },
};
const m = modes[mode];
if (m.setup) await m.setup();
const total = new Map();
const self = new Map();
for (let i = 0; i < TAPS; i += 1) {
  if (m.before) await m.before(i);
  await page.waitForTimeout(300);
  const el = await m.target().elementHandle();
  await cdp.send('Profiler.start');
  await el.click();
  if (m.after) await m.after(); else await page.waitForTimeout(100);
  await page.waitForTimeout(50);
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = new Map();
  profile.samples.forEach((id, k) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0)));
  for (const [id, us] of dt) {
    const own = byId.get(id).callFrame.functionName || '(anon)';
    self.set(own, (self.get(own) ?? 0) + us);
    const seen = new Set(); let cur = id;
    while (cur !== undefined) { const nm = byId.get(cur).callFrame.functionName || '(anon)'; if (!seen.has(nm)) { seen.add(nm); total.set(nm, (total.get(nm) ?? 0) + us); } cur = parent.get(cur); }
  }
}
const show = (map, k, filter = () => true) => [...map].filter(([n]) => filter(n)).sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, us]) => `${(us / 1000 / TAPS).toFixed(2).padStart(7)} ms/tap  ${n.replace(/::h[0-9a-f]{16}/g, '').slice(0, 150)}`).join('\n');
console.log('SELF\n' + show(self, 25));
console.log('TOTAL\n' + show(total, 80));
await browser.close();
