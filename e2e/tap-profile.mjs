// Where a tap's script goes, by function (issue 16): V8's sampling profiler (50 us) over each of
// TAPS taps at 4x CPU throttling, Peerline offline with the demo worker's data, on a build whose
// WASM keeps its function names (`scripts/bench profile`, which builds and serves it). Prints the
// time per tap by function, its own (self) and with what it called (total). Figures only.
//
//   node e2e/tap-profile.mjs PEERLINE_BASE [TAPS] [log|dayoff|open|checkin]
import { THROTTLE, launchChromium, peerlineOfflineOnToday, peerlineTaps } from './bench-support.mjs';
const [base, tapsArg = '20', mode = 'log'] = process.argv.slice(2);
if (!base) throw new Error('usage: node e2e/tap-profile.mjs PEERLINE_BASE [TAPS] [log|dayoff|open|checkin]');
const TAPS = Number(tapsArg);
const browser = await launchChromium();
const page = await peerlineOfflineOnToday(browser, base);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
const tap = peerlineTaps(page, base).find((each) => each.key === mode);
if (!tap) throw new Error(`no tap "${mode}": log, dayoff, open or checkin`);
if (tap.setup) await tap.setup();

// Microseconds per function name: its own samples, and every sample it was on the stack of.
const self = new Map();
const total = new Map();
const add = (map, name, us) => map.set(name, (map.get(name) ?? 0) + us);
const nameOf = (node) => node.callFrame.functionName || '(anon)';
for (let i = 0; i < TAPS; i += 1) {
  if (tap.before) await tap.before(i);
  await page.waitForTimeout(300);
  const button = await tap.target().elementHandle();
  await cdp.send('Profiler.start');
  await button.click();
  if (tap.after) await tap.after(i);
  await page.waitForTimeout(150);
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const sampled = new Map();
  profile.samples.forEach((id, k) => add(sampled, id, profile.timeDeltas[k] ?? 0));
  for (const [id, us] of sampled) {
    add(self, nameOf(byId.get(id)), us);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = nameOf(byId.get(at));
      if (!seen.has(name)) add(total, name, us);
      seen.add(name);
    }
  }
}

/** The `rows` largest, in ms per tap, with Rust's symbol hashes left out. */
function show(map, rows) {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([name, us]) => `${(us / 1000 / TAPS).toFixed(2).padStart(7)} ms/tap  ${name.replace(/::h[0-9a-f]{16}/g, '').slice(0, 150)}`)
    .join('\n');
}
console.log(`${tap.name}: V8's profile of ${TAPS} taps at ${THROTTLE}x, by function`);
console.log(`SELF\n${show(self, 25)}`);
console.log(`TOTAL\n${show(total, 80)}`);
await browser.close();
