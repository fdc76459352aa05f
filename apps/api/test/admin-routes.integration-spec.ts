import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Controller, Get, type INestApplication, Module, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer, NestFactory, Reflector } from '@nestjs/core';

import { DrainModule, DrainService } from '@drainboard/drain';

import { AdminModule } from '../src/admin/admin.module.js';
import { IS_PUBLIC_KEY } from '../src/admin/auth/public.decorator.js';
import { configureAdminApp } from '../src/admin/configure-admin-app.js';
import { loadConfig } from '../src/shared/config/load-config.js';
import { send } from './support/admin-http.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

@Controller('demo')
class PingController {
  @Get('ping')
  ping(): string {
    return 'pong';
  }
}

@Module({ imports: [DrainModule.forRoot({ exit: () => undefined })], controllers: [PingController] })
class TrafficFixtureModule {}

/** Routes that may be reached without the admin token. */
const PUBLIC_PREFIXES = ['/health/', '/metrics'];
const TOKEN = 'integration-admin-token';

let db: TestDatabase;
let traffic: INestApplication;
let admin: INestApplication;
let adminUrl: string;
let webDist: string;

beforeAll(async () => {
  db = await createTestDatabase();
  webDist = mkdtempSync(join(tmpdir(), 'drainboard-web-'));
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Drainboard console</title>');
  writeFileSync(join(webDist, 'app.js'), 'console.log("console")');
  const config = loadConfig({
    NODE_ENV: 'test',
    ADMIN_TOKEN: TOKEN,
    DATABASE_URL: db.url,
    DATA_DIR: webDist,
    // Every route is called once without a token: more failed authentications than the default limit.
    AUTH_FAILURES_PER_MINUTE: '1000',
  });
  traffic = await NestFactory.create(TrafficFixtureModule, { logger: false });
  await traffic.listen(0, '127.0.0.1');
  const drain = traffic.get(DrainService);
  admin = await NestFactory.create(AdminModule.register({ drain, config, webDistDir: webDist }), {
    logger: false,
    abortOnError: false,
  });
  configureAdminApp(admin, config);
  await admin.listen(0, '127.0.0.1');
  adminUrl = (await admin.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await admin?.close();
  await traffic?.close();
  await db?.drop();
  if (webDist) {
    rmSync(webDist, { recursive: true, force: true });
  }
});

interface RouteInfo {
  method: string;
  path: string;
  isPublic: boolean;
}

/** Every HTTP route Nest registered on the admin app, read from the controllers' metadata. */
function adminRoutes(app: INestApplication): RouteInfo[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  return [...app.get(ModulesContainer).values()]
    .flatMap((module) => [...module.controllers.values()])
    .flatMap(({ metatype, instance }) => {
      if (!metatype || !instance) {
        return [];
      }
      const prefix = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
      const proto = Object.getPrototypeOf(instance) as Record<string, (...args: unknown[]) => unknown>;
      return scanner.getAllMethodNames(proto).flatMap((name) => {
        const handler = proto[name]!;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (sub === undefined) {
          return [];
        }
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const path = `/${[prefix, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
        const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, metatype]) ?? false;
        return [{ method, path, isPublic }];
      });
    });
}

describe('admin app routes', () => {
  it('answers 401 without a token on every route that is not marked public, and only health/metrics are public', async () => {
    const routes = adminRoutes(admin);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /admin/state',
        'POST /admin/drain',
        'POST /admin/stop',
        'GET /admin/runs/:id',
      ]),
    );
    for (const route of routes) {
      const url = `${adminUrl}${route.path.replace(/:\w+/g, '00000000-0000-4000-8000-000000000000')}`;
      const res = await send(url, { method: route.method });
      if (route.isPublic) {
        expect({ route, allowed: PUBLIC_PREFIXES.some((p) => route.path.startsWith(p)) }).toEqual({
          route,
          allowed: true,
        });
      } else {
        expect({ route, status: res.status, code: (res.json as { code?: string }).code }).toEqual({
          route,
          status: 401,
          code: 'UNAUTHORIZED',
        });
      }
    }
  });

  it('serves the OpenAPI document with the bearer scheme at /docs-json and the UI at /docs', async () => {
    const doc = await send(`${adminUrl}/docs-json`);
    expect(doc.status).toBe(200);
    expect(doc.json).toMatchObject({
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      paths: { '/admin/drain': { post: expect.any(Object) }, '/admin/state': { get: expect.any(Object) } },
    });
    const ui = await send(`${adminUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('serves the console with a SPA fallback that never shadows the API', async () => {
    const page = await send(`${adminUrl}/history/some-run`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Drainboard console');
    expect((await send(`${adminUrl}/app.js`)).text).toContain('console.log');
    const unknownApi = await send(`${adminUrl}/admin/nope`, { token: TOKEN });
    expect({ status: unknownApi.status, body: unknownApi.json }).toEqual({
      status: 404,
      body: { statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /admin/nope' },
    });
    expect((await send(`${adminUrl}/health/live`)).json).toMatchObject({ status: 'ok' });
    expect((await send(`${adminUrl}/metrics/nope`)).status).toBe(404);
  });
});
