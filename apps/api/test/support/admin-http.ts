import { request as httpRequest } from 'node:http';

/** A raw HTTP answer: status, headers and the body as text (JSON parsed into `json` when it is JSON). */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** Options of `send`. */
export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sets `Authorization: Bearer <token>`. */
  token?: string;
  /** Source address of the connection (any 127.0.0.0/8 address on loopback), to act as another client. */
  localAddress?: string;
}

/**
 * One request on a fresh connection (no agent, `Connection: close`), so a closed listener shows up as
 * ECONNREFUSED instead of being hidden by a pooled socket. Rejects on network errors.
 */
export function send(
  url: string,
  { method = 'GET', headers = {}, body, token, localAddress }: SendOptions = {},
): Promise<RawResponse> {
  const allHeaders: Record<string, string> = { connection: 'close', ...headers };
  if (token !== undefined) {
    allHeaders.authorization = `Bearer ${token}`;
  }
  if (body !== undefined && allHeaders['content-length'] === undefined) {
    allHeaders['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: allHeaders, agent: false, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const isJson = String(res.headers['content-type'] ?? '').includes('json');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: isJson && text ? JSON.parse(text) : null,
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `send` with a JSON body. */
export function sendJson(
  url: string,
  body: unknown,
  opts: Omit<SendOptions, 'body'> = {},
): Promise<RawResponse> {
  return send(url, {
    method: 'POST',
    ...opts,
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: JSON.stringify(body),
  });
}

/** Resolves with the error code (`ECONNREFUSED`, ...) when the request fails on the network, else null. */
export async function networkError(url: string): Promise<string | null> {
  try {
    await send(url);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
  }
}
