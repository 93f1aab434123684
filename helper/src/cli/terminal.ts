/**
 * Relays this process's terminal to a container's pty: raw mode while attached, every byte both
 * ways, and window-size changes (SIGWINCH) passed on so full-screen programs redraw right.
 *
 * The master is a TTY descriptor, which net.Socket refuses; tty.ReadStream reads it through
 * libuv, and writes (keystrokes, small) go straight to it with fs.write.
 */
import { write } from 'node:fs';
import { ReadStream } from 'node:tty';

import { loadNativeAddon } from '../runtime/native-addon';

interface TerminalApi {
  setWindowSize(fd: number, rows: number, columns: number): void;
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

  const master = new ReadStream(ptyMaster);
  // Reading a pty master after the last process holding the peer has gone gives EIO: that is
  // the end of the session, not an error.
  master.on('error', () => undefined);
  master.on('data', (chunk: Buffer) => stdout.write(chunk));
  const drained = new Promise<void>((resolve) => {
    master.once('close', () => resolve());
    master.once('end', () => resolve());
  });
  const forward = (chunk: Buffer): void => {
    write(ptyMaster, chunk, () => undefined);
  };
  stdin.on('data', forward);
  stdin.resume();
  process.on('SIGWINCH', resize);

  return exit.then(async () => {
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 200))]);
    process.off('SIGWINCH', resize);
    stdin.off('data', forward);
    if (stdin.isTTY) stdin.setRawMode(wasRaw);
    stdin.pause();
    master.destroy();
  });
}
