// Child process: the peak V8 heap while the bundle's global scope runs (corpus + index load), not
// only what stays after it. Run with a 1 MB young generation (--max-semi-space-size=1) so that
// collections are frequent and the largest heap any of them finds is the live peak plus little
// garbage (as scripts/bench/hostile.ts does for file processing).
//   node --expose-gc --max-semi-space-size=1 --import tsx scripts/bench/startup-peak.ts --bundle <worker.js>
import { GCProfiler } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { arg, heapUsed, printResult } from './util';

const bundle = arg('bundle');
process.setSourceMapsEnabled(false); // as in inproc.ts: workerd never reads worker.js.map
const before = heapUsed();
const profiler = new GCProfiler();
profiler.start();
await import(pathToFileURL(bundle).href);
const gcs = profiler.stop()?.statistics ?? [];
const after = heapUsed();
const peak = Math.max(after, ...gcs.map((g) => g.beforeGC.heapStatistics.usedHeapSize));
printResult({ peakBytes: peak - before, afterBytes: after - before, collections: gcs.length });
