import { execFileSync } from 'node:child_process';
import { rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './test-db.js';

/** A tmpfs of `megabytes` (needs root): a disk that can really fill up, or be made read-only. */
export function mountSmallDisk(megabytes: number): { dir: string; fill: () => void; free: () => void; readOnly: () => void; unmount: () => void } {
  const dir = tempDir('aisle-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
  const filler = path.join(dir, 'filler');
  return {
    dir,
    // Every free block taken, so the next file extension fails with ENOSPC.
    fill: () => {
      const { bavail, bsize } = statfsSync(dir);
      try {
        writeFileSync(filler, Buffer.alloc(Number(bavail) * Number(bsize)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    },
    free: () => rmSync(filler, { force: true }),
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir]),
    unmount: () => execFileSync('umount', ['-l', dir]),
  };
}
