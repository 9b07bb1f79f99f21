/**
 * An export folder: every blob under it, in time order. A workspace's data export rule writes one container a
 * table (`am-SecurityAlert`), with folders `WorkspaceResourceId=/subscriptions/…/y=YYYY/m=MM/d=DD/h=HH/m=MM/`
 * holding `PT05M.json` (then `PT05M_1.json`, `PT05M_2.json`, … once a blob has taken 50,000 appends; rules
 * made before 2021 wrote `PT1H.json` an hour); an export job partitions its Parquet files per hour the same
 * way. Blobs are ordered by their folder's time, then by the blob's suffix number, then by path (so blobs
 * of several workspaces in one container interleave by time); blobs without a time folder come first, by
 * path. Names starting with `.` (`.DS_Store`), and files starting with `_` (a `_SUCCESS` marker), are not blobs
 * of the export.
 *
 * Only the list of blob paths is held (a year of 5-minute folders is about 100,000 of them); each blob is
 * opened when the reader reaches it.
 */
import { type Dirent, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TraceInputError } from './errors.ts';

export interface Blob {
  /** The path under the folder, `/`-separated (the name errors show is made from it). */
  under: string;
  /** The full path: `join(folder, ...under.split('/'))`, held as its directory's part (shared) and the name. */
  dir: string;
  name: string;
  /** ms since the epoch of its y/m/d/h/m folder, or -Infinity without one. */
  time: number;
  /** The blob's suffix number (`PT05M_3.json`: 3), 0 without one. */
  part: number;
}

const TIME = /(?:^|\/)y=(\d{4})\/m=(\d{1,2})\/d=(\d{1,2})(?:\/h=(\d{1,2}))?(?:\/m=(\d{1,2}))?(?=\/|$)/i;
const PART = /_(\d+)(?:\.[^.]*)?$/;

/** The sort keys of a blob's path under the folder (`/`-separated). */
export function blobOrder(under: string): { time: number; part: number } {
  const folder = TIME.exec(under.slice(0, under.lastIndexOf('/') + 1));
  const time =
    folder === null
      ? Number.NEGATIVE_INFINITY
      : Date.UTC(
          Number(folder[1]),
          Number(folder[2]) - 1,
          Number(folder[3]),
          Number(folder[4] ?? 0),
          Number(folder[5] ?? 0),
        );
  const part = PART.exec(under.slice(under.lastIndexOf('/') + 1));
  return { time, part: part === null ? 0 : Number(part[1]) };
}

export function compareBlobs(a: Blob, b: Blob): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  if (a.part !== b.part) return a.part - b.part;
  return a.under < b.under ? -1 : a.under > b.under ? 1 : 0;
}

/** A blob's full path (what `join(folder, ...blob.under.split('/'))` gives). */
export function blobPath(blob: Blob): string {
  return blob.dir + blob.name;
}

/** A blob as errors name it: the folder's name, then the path under it. */
export function blobShown(folder: string, blob: Blob): string {
  return `${basename(folder)}/${blob.under}`;
}

/** Directories listed between two turns of the event loop. */
const DIRS_A_TURN = 256;

/**
 * Every blob under `folder`, in time order. Directories are listed with synchronous calls (a year of 5-minute
 * folders is about 100,000 of them, and each asynchronous call costs tens of microseconds of CPU in hand-offs
 * to libuv's threads, several times the call itself); the event loop gets a turn every DIRS_A_TURN
 * directories.
 */
export async function listBlobs(folder: string): Promise<Blob[]> {
  const blobs: Blob[] = [];
  const name = basename(folder);
  // Each directory with its path under the folder ('' for the folder itself, else ending in '/'). `join(dir,
  // 'x')` without its 'x' is what join puts before any entry name (readdir's names hold no separator and are
  // never '.' or '..'), so a blob's path is that, shared by the directory's blobs, and its name.
  const pending: [string, string][] = [[folder, '']];
  let listed = 0;
  while (pending.length > 0) {
    const [dir, under] = pending.pop() as [string, string];
    if (++listed % DIRS_A_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      throw new TraceInputError(
        'io-error',
        dir,
        null,
        null,
        `cannot list the folder (${typeof code === 'string' ? code : 'I/O error'})`,
        `${name}/${under.slice(0, -1)}`,
      );
    }
    let prefix: string | null = null;
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) pending.push([join(dir, entry.name), `${under}${entry.name}/`]);
      else if (entry.isFile() && !entry.name.startsWith('_')) {
        const path = `${under}${entry.name}`;
        prefix ??= join(dir, 'x').slice(0, -1);
        const { time, part } = blobOrder(path);
        blobs.push({ under: path, dir: prefix, name: entry.name, time, part });
      }
    }
  }
  return blobs.sort(compareBlobs);
}
