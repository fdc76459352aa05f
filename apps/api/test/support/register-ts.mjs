// `node --import ./test/support/register-ts.mjs file.ts` runs a TypeScript entry point of this project.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
