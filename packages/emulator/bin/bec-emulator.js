#!/usr/bin/env node
// The `bec-emulator` command. This file is not built: npm links a package's bin only when the file
// exists at install time, and dist/ appears later (the root `prepare` script builds it).
import('../dist/index.js').then(
  ({ emulatorMain }) => emulatorMain(process.argv.slice(2)),
  (err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/index.js')) {
      process.stderr.write('bec-emulator: not built yet; run `npm run build` first\n');
      process.exitCode = 1;
      return;
    }
    throw err;
  },
);
