// Entry for Node, Bun and Deno: reads the config from the file BEC_RUNTIME_CONFIG names, prints the results as one JSON line.
import { readFileSync } from 'node:fs';
import { runSuite } from './suite.mjs';

const config = JSON.parse(readFileSync(globalThis.process.env.BEC_RUNTIME_CONFIG, 'utf8'));
const results = await runSuite(config);
console.log(`RESULTS ${JSON.stringify(results)}`);
