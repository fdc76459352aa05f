import { LIVE_NAMESPACE, LIVE_PROTOCOL_VERSION } from '@drainboard/contracts';

/** engine.io v4 separates packets in one long-polling payload with the record separator. */
const SEPARATOR = '\x1e';

/**
 * A raw engine.io long-polling client of `/live` that reads only when told to: between `poll()` calls the server
 * must buffer everything for it, like a client that stopped reading.
 */
export class PollingLiveClient {
  private sid = '';

  constructor(private readonly adminUrl: string) {}

  private url(): string {
    return `${this.adminUrl}/socket.io/?EIO=4&transport=polling${this.sid ? `&sid=${this.sid}` : ''}`;
  }

  /** Opens the engine.io session and connects to `/live` with `token`; returns the first packets received. */
  async connect(token: string): Promise<string[]> {
    const open = await this.poll();
    const handshake = JSON.parse(open[0]!.slice(1)) as { sid: string };
    this.sid = handshake.sid;
    const auth = JSON.stringify({ token, protocolVersion: LIVE_PROTOCOL_VERSION });
    const posted = await fetch(this.url(), { method: 'POST', body: `40${LIVE_NAMESPACE},${auth}` });
    if (!posted.ok) {
      throw new Error(`engine.io POST answered ${posted.status}`);
    }
    return this.poll();
  }

  /** One long-poll GET: every packet the server had buffered (or the next one it sends). */
  async poll(): Promise<string[]> {
    const response = await fetch(this.url());
    if (!response.ok) {
      throw new Error(`engine.io GET answered ${response.status}`);
    }
    return (await response.text()).split(SEPARATOR);
  }

  /** Names of the socket.io events in `packets` (`42/live,["batch",...]` -> `batch`). */
  static eventNames(packets: string[]): string[] {
    const prefix = `42${LIVE_NAMESPACE},`;
    return packets
      .filter((packet) => packet.startsWith(prefix))
      .map((packet) => (JSON.parse(packet.slice(prefix.length)) as [string])[0]);
  }
}
