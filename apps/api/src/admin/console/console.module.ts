import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';

/** Where `apps/web` builds the console, seen from this file in `src/` or `dist/`. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../../web/dist', import.meta.url));

/**
 * Paths the console's SPA fallback must never answer: the API, health, metrics, docs and live feed, and any path
 * whose last segment has an extension (`/assets/x.js`, `/favicon.ico`): a missing file is a 404, not the console.
 * Only navigation paths (`/`, `/history/<run id>`) fall back to `index.html`.
 */
export const NOT_CONSOLE_PATHS = /^\/(admin|health|metrics|docs|docs-json|socket\.io)(\/|$|\?)|\.[^/]*$/;

/**
 * Serves the built web console at `/` on the admin port, with `index.html` for client-side routes.
 * Registers nothing when the console has not been built (the API works without it).
 */
@Module({})
export class ConsoleModule {
  static register(rootPath: string = DEFAULT_WEB_DIST): DynamicModule {
    if (!existsSync(`${rootPath}/index.html`)) {
      new Logger('Console').log(`No console build at ${rootPath}; serving the API only`);
      return { module: ConsoleModule };
    }
    return {
      module: ConsoleModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath,
          exclude: NOT_CONSOLE_PATHS,
          serveStaticOptions: { index: 'index.html', fallthrough: true, maxAge: 0 },
        }),
      ],
    };
  }
}
