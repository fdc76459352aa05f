import { TypedEmitter } from './typed-emitter.js';

interface Events {
  count: (n: number) => void;
  name: (s: string) => void;
}

describe('TypedEmitter', () => {
  it('calls the handlers of one event until they unsubscribe', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: number[] = [];
    const off = emitter.on('count', (n) => seen.push(n));
    emitter.on('name', () => seen.push(-1));
    emitter.emit('count', 1);
    off();
    emitter.emit('count', 2);
    expect(seen).toEqual([1]);
  });
});
