#!/usr/bin/env node
import { runEmulatorCli } from './cli.js';

runEmulatorCli(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`bec-emulator: ${(err as Error).message}`);
  process.exit(2);
});
