/**
 * Relays this process's terminal to a container's pty: raw mode while attached, every byte both
 * ways, and window-size changes (SIGWINCH) passed on so full-screen programs redraw right.
 */
import { Socket } from 'node:net';

import { loadNativeAddon } from '../runtime/native-addon';

interface TerminalApi {
  setWindowSize(fd: number, rows: number, columns: number): void;
  closeFd(fd: number): void;
}

export function relayTerminal(ptyMaster: number, exit: Promise<unknown>): Promise<void> {
  const native = loadNativeAddon() as unknown as TerminalApi;
  const stdin = process.stdin;
  const stdout = process.stdout;
  const resize = (): void => {
    if (stdout.isTTY) native.setWindowSize(ptyMaster, stdout.rows, stdout.columns);
  };
  resize();
  const wasRaw = stdin.isTTY ? stdin.isRaw : false;
  if (stdin.isTTY) stdin.setRawMode(true);
  const master = new Socket({ fd: ptyMaster, readable: true, writable: true });
  stdin.pipe(master);
  master.pipe(stdout, { end: false });
  process.on('SIGWINCH', resize);
  // Reading a pty master after the last process holding the peer has gone gives EIO: that is
  // the end of the session, not an error.
  master.on('error', () => undefined);
  const drained = new Promise<void>((resolve) => master.once('close', () => resolve()));
  return exit.then(async () => {
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 200))]);
    process.off('SIGWINCH', resize);
    stdin.unpipe(master);
    if (stdin.isTTY) stdin.setRawMode(wasRaw);
    stdin.pause();
    master.destroy();
  });
}
