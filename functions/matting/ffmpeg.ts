/**
 * FFmpeg driver for moving stickers: the static binary shipped inside the npm package
 * `@ffmpeg-installer/linux-x64` (Cloud Functions' runtime has no FFmpeg of its own),
 * spawned without a shell and fed through pipes. Two exceptions, both because FFmpeg needs
 * a seekable file: an MP4/MOV whose index (moov) comes after its media data cannot be read
 * from a pipe, and the WebM muxer writes the duration and cues only into a seekable output.
 * Those go through a private temporary folder that is removed afterwards.
 */
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Path of the packaged FFmpeg binary (the package has no JS entry point, only the file). */
export function ffmpegPath(): string {
  return path.join(
    path.dirname(require.resolve('@ffmpeg-installer/linux-x64/package.json')),
    'ffmpeg',
  );
}

export interface FfmpegResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Most of FFmpeg's stderr kept for errors and probing (the header comes first). */
const MAX_STDERR_CHARS = 64 * 1024;

/**
 * Runs FFmpeg with `args`, writing `input` (one buffer, or frames in order) to its stdin. Resolves with the exit code and
 * output whatever the code; `onStdout` receives stdout chunks as they come (then `stdout`
 * is empty), so large raw video is never held twice.
 */
export function runFfmpeg(
  args: string[],
  input?: Buffer | readonly Buffer[],
  onStdout?: (chunk: Buffer) => void,
): Promise<FfmpegResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), ['-hide_banner', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (onStdout ? onStdout(c) : out.push(c)));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      if (stderr.length < MAX_STDERR_CHARS) stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
    // FFmpeg may stop reading early (probing, -t): a closed pipe is not an error.
    child.stdin.on('error', () => undefined);
    if (input === undefined) child.stdin.end();
    else if (Buffer.isBuffer(input)) child.stdin.end(input);
    else Readable.from(input, { objectMode: false }).pipe(child.stdin);
  });
}

/**
 * True when `data` is an ISO media file (MP4, MOV) whose `moov` box comes after `mdat`:
 * FFmpeg must seek back to read it, which a pipe cannot do.
 */
export function needsSeekableInput(data: Buffer): boolean {
  let offset = 0;
  while (offset + 8 <= data.length) {
    let size = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    if (type === 'moov') return false;
    if (type === 'mdat') return true;
    if (size === 1) {
      if (offset + 16 > data.length) return false;
      size = Number(data.readBigUInt64BE(offset + 8));
    } else if (size === 0) {
      return false;
    }
    if (size < 8) return false;
    offset += size;
  }
  return false;
}

/**
 * Calls `run` with the FFmpeg input argument for `data`: `pipe:0` (and the bytes for stdin)
 * when FFmpeg can read it as a stream, else a temporary file holding it.
 */
export async function withInput<T>(
  data: Buffer,
  run: (inputArg: string, stdin: Buffer | undefined) => Promise<T>,
): Promise<T> {
  if (!needsSeekableInput(data)) return run('pipe:0', data);
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'input');
    await writeFile(file, data);
    return run(file, undefined);
  });
}

/** A private temporary folder for FFmpeg's seekable files, removed afterwards. */
export async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clip-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads a file FFmpeg wrote in a temporary folder. */
export function readOutput(dir: string, name: string): Promise<Buffer> {
  return readFile(path.join(dir, name));
}
