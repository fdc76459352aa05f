import type { INestApplication } from '@nestjs/common';

import { expressRouteCatalog } from './express-route-catalog.js';

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/** An app whose Express router holds `layers` (what Nest registers: routes and middleware). */
function appWith(layers: Layer[]): INestApplication {
  const instance = { router: { stack: layers } };
  return { getHttpAdapter: () => ({ getInstance: () => instance }) } as unknown as INestApplication;
}

describe('expressRouteCatalog', () => {
  const stack: Layer[] = [
    {},
    { route: { path: '{/*splat}', methods: { _all: true } } },
    { route: { path: '/demo/fast', methods: { get: true } } },
    { route: { path: '/users/:id', methods: { post: true } } },
    { route: { path: '/users/:id', methods: { delete: true } } },
    { route: { path: '/any', methods: { _all: true } } },
  ];
  const catalog = expressRouteCatalog(appWith(stack));

  it.each([
    ['GET', '/demo/fast'],
    ['HEAD', '/demo/fast'],
    ['POST', '/users/:id'],
    ['DELETE', '/users/:id'],
    ['PATCH', '/any'],
  ])('matches %s %s', (method, route) => {
    expect(catalog.matches(method, route)).toBe(true);
  });

  it.each([
    ['POST', '/demo/fast', 'a method the route does not answer'],
    ['GET', '/users/42', 'a raw path'],
    ['GET', '{/*splat}', 'a catch-all middleware route'],
    ['GET', '/nope', 'an unknown path'],
  ])('does not match %s %s (%s)', (method, route) => {
    expect(catalog.matches(method, route)).toBe(false);
  });

  it('sees routes registered after it was created', () => {
    const late: Layer[] = [];
    const lateCatalog = expressRouteCatalog(appWith(late));
    expect(lateCatalog.matches('GET', '/demo/fast')).toBe(false);
    late.push({ route: { path: '/demo/fast', methods: { get: true } } });
    expect(lateCatalog.matches('GET', '/demo/fast')).toBe(true);
  });
});
