// Reads a Chromium trace of one start (scripts/bench start with START_TRACE=PREFIX) and prints
// where the time went: the page's requests, each main-thread task over 3 ms of its renderer with
// what took the most inside it, and the WebAssembly, script and paint events.
//   node start-trace.mjs PREFIX-peerline.json
import fs from 'node:fs';
const t = JSON.parse(fs.readFileSync(process.argv[2]));
const ev = t.traceEvents ?? t;
const req = ev.filter((e) => e.name === 'ResourceSendRequest' && /127\.0\.0\.1/.test(e.args.data.url));
const pids = new Set(req.map((e) => e.pid));
const names = {};
for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') names[`${e.pid}:${e.tid}`] = e.args.name;
const mainTid = ev.find((e) => pids.has(e.pid) && names[`${e.pid}:${e.tid}`] === 'CrRendererMain')?.tid;
const nav = ev.find((e) => e.name === 'navigationStart' && pids.has(e.pid)) ?? ev.find((e) => e.name === 'markAsMainFrame');
const t0 = nav.ts;
console.log('renderer pids', [...pids], 't0', nav.name);
for (const e of req) console.log(`request ${((e.ts - t0) / 1000).toFixed(0)} ms ${new URL(e.args.data.url).pathname}`);
for (const e of ev.filter((e) => e.name === 'ResourceFinish' && pids.has(e.pid))) console.log(`finish  ${((e.ts - t0) / 1000).toFixed(0)} ms ${e.args.data.requestId}`);
// Top-level tasks on our renderer's main thread, in time order, with what is inside the longest.
const main = ev.filter((e) => pids.has(e.pid) && e.tid === mainTid && e.ph === 'X');
const tasks = main.filter((e) => e.name === 'RunTask' && e.dur > 3000).sort((a, b) => a.ts - b.ts);
for (const task of tasks) {
  const inner = main.filter((e) => e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur && e !== task && e.name !== 'RunTask');
  const top = {};
  for (const e of inner) top[e.name] = (top[e.name] ?? 0) + e.dur / 1000;
  const what = Object.entries(top).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, d]) => `${n} ${d.toFixed(0)}`).join(', ');
  console.log(`task @${((task.ts - t0) / 1000).toFixed(0)} ${(task.dur / 1000).toFixed(0)} ms: ${what}`);
}
for (const e of ev.filter((e) => pids.has(e.pid) && /wasm|FunctionCall|EvaluateScript|v8.compileModule|v8.run|FirstContentfulPaint|firstContentfulPaint|largestContentfulPaint|Paint$/.test(e.name) && e.tid === mainTid))
  if ((e.dur ?? 0) > 1000 || /wasm|Contentful/.test(e.name)) console.log(`  ${e.name} @${((e.ts - t0) / 1000).toFixed(0)} ${((e.dur ?? 0) / 1000).toFixed(1)} ms ${e.args?.data?.url ?? e.args?.data?.functionName ?? ''}`);
