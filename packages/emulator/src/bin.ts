#!/usr/bin/env node
import { EmulatorArgsError, runEmulatorCli } from './cli.js';

runEmulatorCli(process.argv.slice(2)).catch((err: unknown) => {
  const usage = err instanceof EmulatorArgsError;
  console.error(`bec-emulator: ${(err as Error).message}${usage ? ' (see bec-emulator --help)' : ''}`);
  process.exit(usage ? 2 : 1);
});
