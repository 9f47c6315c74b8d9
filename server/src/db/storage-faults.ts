import type { Db } from './port.js';

/**
 * Storage that fails under a running server — a full disk, I/O errors, damaged pages — shows
 * only as failed statements. They are noted here so that health can say so, and errors can
 * name the cause instead of INTERNAL_ERROR.
 */
const WRITE_SQLSTATES = new Set(['53100', '53000', '58030']); // disk full, insufficient resources, I/O error
const CORRUPTION_SQLSTATES = new Set(['XX001', 'XX002']); // data corrupted, index corrupted
const STORAGE_ERRNO = new Set(['ENOSPC', 'EIO', 'EROFS', 'EDQUOT']);

export type StorageFaultKind = 'writes' | 'corruption';

export function storageFaultKind(error: unknown): StorageFaultKind | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (WRITE_SQLSTATES.has(code) || STORAGE_ERRNO.has(code))) return 'writes';
  if (typeof code === 'string' && CORRUPTION_SQLSTATES.has(code)) return 'corruption';
  if (typeof message === 'string' && /no space left on device|could not extend file|could not write to file/i.test(message)) return 'writes';
  return null;
}

export type StorageFault = { kind: StorageFaultKind; message: string; since: string };

export class StorageFaults {
  private fault: StorageFault | null = null;

  /** Notes a failed statement; true when it was a storage fault. */
  note(error: unknown): boolean {
    const kind = storageFaultKind(error);
    if (!kind) return false;
    this.fault = { kind, message: (error as Error).message, since: this.fault?.kind === kind ? this.fault.since : new Date().toISOString() };
    return true;
  }

  /** A transaction committed: writes work again (space was freed, the disk came back). */
  noteWriteSucceeded(): void {
    if (this.fault?.kind === 'writes') this.fault = null;
  }

  clearCorruption(): void {
    if (this.fault?.kind === 'corruption') this.fault = null;
  }

  current(): StorageFault | null {
    return this.fault;
  }
}

/** The same database, with every statement's storage fault noted in `faults`. */
export function watchStorageFaults(db: Db, faults: StorageFaults): Db {
  const noting = <T>(work: Promise<T>, onSuccess?: () => void): Promise<T> =>
    work.then(
      (value) => {
        onSuccess?.();
        return value;
      },
      (error: unknown) => {
        faults.note(error);
        throw error;
      },
    );
  type Method = (...args: unknown[]) => Promise<unknown>;
  const method = (name: keyof Db) => (db[name] as unknown as Method).bind(db);
  const transaction = method('transaction');
  // Built once: statements go through these on every query.
  const watched = new Map<PropertyKey, Method>([
    ['transaction', (...args) => noting(transaction(...args), () => faults.noteWriteSucceeded())],
    ...(['query', 'exec', 'withSession', 'copyRows'] as const).map((name): [PropertyKey, Method] => {
      const call = method(name);
      return [name, (...args) => noting(call(...args))];
    }),
  ]);
  return new Proxy(db, {
    get(target, property, receiver) {
      const wrapped = watched.get(property);
      if (wrapped) return wrapped;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
