#!/usr/bin/env node
// Launcher: registers tsx's loader in this process (Node 20 has no native type stripping) and runs
// the TypeScript CLI here, so signals (and kill -9) reach the real process, not a wrapper.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
