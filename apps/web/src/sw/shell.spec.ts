import { shellAssets, shellRoute } from './shell.js';

const ORIGIN = 'http://127.0.0.1:3001';

describe('shellRoute', () => {
  it('answers navigations to the console, network first', () => {
    expect(shellRoute('GET', 'navigate', `${ORIGIN}/`, ORIGIN)).toBe('shell');
    expect(shellRoute('GET', 'navigate', `${ORIGIN}/#/history/abc`, ORIGIN)).toBe('shell');
    expect(shellRoute('GET', 'navigate', `${ORIGIN}/history/abc`, ORIGIN)).toBe('shell');
  });

  it('serves the hashed assets cache first', () => {
    expect(shellRoute('GET', 'no-cors', `${ORIGIN}/assets/index-abc.js`, ORIGIN)).toBe('asset');
    expect(shellRoute('GET', 'cors', `${ORIGIN}/assets/index-abc.css`, ORIGIN)).toBe('asset');
  });

  it('leaves the API, health, metrics, docs, the live feed, other origins and writes alone', () => {
    for (const path of ['/admin/state', '/admin', '/health/ready', '/metrics', '/docs', '/docs-json', '/socket.io/?EIO=4']) {
      expect([path, shellRoute('GET', 'navigate', `${ORIGIN}${path}`, ORIGIN)]).toEqual([path, 'pass']);
    }
    expect(shellRoute('GET', 'navigate', 'http://example.test/', ORIGIN)).toBe('pass');
    expect(shellRoute('POST', 'navigate', `${ORIGIN}/`, ORIGIN)).toBe('pass');
    expect(shellRoute('GET', 'cors', `${ORIGIN}/favicon.ico`, ORIGIN)).toBe('pass');
  });
});

describe('shellAssets', () => {
  it('lists the scripts and styles the built HTML loads', () => {
    const html = `<!doctype html><html><head>
      <script type="module" crossorigin src="/assets/index-BMxWUPAU.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-1.js">
      <link rel="stylesheet" crossorigin href="/assets/index-C9A0nOMy.css">
      <link rel="stylesheet" href="https://cdn.test/x.css"><script src="/assets/index-BMxWUPAU.js"></script>
      </head><body><div id="root"></div></body></html>`;
    expect(shellAssets(html)).toEqual(['/assets/index-BMxWUPAU.js', '/assets/vendor-1.js', '/assets/index-C9A0nOMy.css']);
  });
});
