// Self time per function of a .cpuprofile, in µs per call: node bench/profile-top.mjs <file> [calls] [top]
import { readFileSync } from 'node:fs';

const [file, callsArg = '20000', topArg = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const calls = Number(callsArg);
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const self = new Map();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/(node_modules|packages)\//, '$1/')}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`.trim();
  self.set(key, (self.get(key) ?? 0) + (dt.get(node.id) ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const sdk = [...self.entries()].filter(([k]) => k.includes('packages/sdk')).reduce((a, [, v]) => a + v, 0);
console.log(
  `total ${(total / calls).toFixed(1)} µs/call sampled; bec-sdk's own code ${(sdk / calls).toFixed(1)} µs/call`,
);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) {
  console.log(`${(v / calls).toFixed(2).padStart(7)} µs  ${k}`);
}
