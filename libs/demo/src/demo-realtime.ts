/** Period of the realtime demo's ticks (socket.io, WebSocket, SSE). */
export const DEMO_TICK_MS = 1000;

/** socket.io namespace of the demo on the traffic port. */
export const DEMO_NAMESPACE = '/demo';

/** Path of the plain WebSocket demo endpoint on the traffic port. */
export const DEMO_WS_PATH = '/demo/ws';

/** What every demo tick carries: when, and which process sent it (so a reconnect elsewhere shows). */
export interface DemoTick {
  at: string;
  pid: number;
}

export const demoTick = (): DemoTick => ({ at: new Date().toISOString(), pid: process.pid });

/** An interval that never keeps the process alive. */
export function unrefInterval(fn: () => void, ms: number): NodeJS.Timeout {
  const timer = setInterval(fn, ms);
  timer.unref();
  return timer;
}
