import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, retryRefusedConnects } from '@/lib/board-reconnect';

/** Just enough of a socket.io-client Socket: listeners, and what connect() does to `active`. */
class FakeSocket {
  handlers = new Map<string, ((...args: any[]) => void)[]>();
  connected = false;
  active = true;
  connects = 0;
  on(name: string, fn: (...args: any[]) => void) {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), fn]);
    return this;
  }
  connect() {
    this.connects++;
    this.active = true;
    return this;
  }
  emit(name: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(name) ?? []) fn(...args);
  }
  /** The server kicks the socket: Socket.IO stops, as it does for a server-side disconnect. */
  kick() {
    this.connected = false;
    this.active = false;
    this.emit('disconnect', 'io server disconnect');
  }
}

const retried = (socket: FakeSocket, canRetry?: () => boolean) => retryRefusedConnects(socket as never, canRetry);

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, with ±50 % jitter', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 100].map((n) => backoffDelay(n, 1_000, 15_000, mid))).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
    expect(backoffDelay(0, 1_000, 15_000, () => 0)).toBe(500);
    expect(backoffDelay(9, 1_000, 15_000, () => 0.999_999)).toBeCloseTo(22_500, -1);
    expect(backoffDelay(1, 2_000, 60_000, mid)).toBe(4_000);
  });
});

describe('retryRefusedConnects', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => void vi.useRealTimers());

  it('reconnects after a server-side disconnect and after a refused connect, waiting longer each time', () => {
    const socket = new FakeSocket();
    retried(socket);
    socket.kick();
    vi.advanceTimersByTime(1_500);
    expect(socket.connects).toBe(1);
    socket.active = false;
    socket.emit('connect_error', new Error('unavailable'));
    vi.advanceTimersByTime(900);
    expect(socket.connects).toBe(1);
    vi.advanceTimersByTime(2_100);
    expect(socket.connects).toBe(2);
  });

  it('leaves transport failures to Socket.IO (the socket is still active)', () => {
    const socket = new FakeSocket();
    retried(socket);
    socket.emit('connect_error', new Error('websocket error'));
    socket.emit('disconnect', 'transport close');
    vi.advanceTimersByTime(60_000);
    expect(socket.connects).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts over from the base delay once connected, and drops a retry still pending', () => {
    const socket = new FakeSocket();
    retried(socket);
    for (let i = 0; i < 4; i++) {
      socket.kick();
      vi.advanceTimersByTime(30_000);
    }
    expect(socket.connects).toBe(4);
    socket.emit('connect');
    socket.kick();
    socket.emit('connect');
    expect(vi.getTimerCount()).toBe(0);
    socket.kick();
    vi.advanceTimersByTime(1_500);
    expect(socket.connects).toBe(5);
  });

  it('does nothing once stopped or while the screen says no', () => {
    let allowed = false;
    const socket = new FakeSocket();
    const stop = retried(socket, () => allowed);
    socket.kick();
    expect(vi.getTimerCount()).toBe(0);
    allowed = true;
    socket.emit('connect');
    socket.kick();
    stop();
    expect(vi.getTimerCount()).toBe(0);
    socket.emit('connect_error', new Error('unavailable'));
    vi.advanceTimersByTime(60_000);
    expect(socket.connects).toBe(0);
  });
});
