#!/usr/bin/env node
// The command run from source (tests run it with tsx); the published bin/bec-emulator.js calls the
// same emulatorMain from the built library.
import { emulatorMain } from './cli.js';

void emulatorMain(process.argv.slice(2));
