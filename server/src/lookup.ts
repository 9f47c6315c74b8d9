/**
 * Lookups keyed by outside text (a shopper's words, a catalog's names) must not find what
 * Object.prototype holds: "constructor", "toString" or "__proto__" are real brands and words.
 */

/** A null-prototype copy of `entries`: only its own keys are ever found. */
export function lookupTable<V>(entries: Readonly<Record<string, V>> = {}): Record<string, V> {
  const table = Object.create(null) as Record<string, V>;
  for (const key of Object.keys(entries)) table[key] = entries[key] as V;
  return table;
}

/** `record[key]` if the record has it as its own property; undefined otherwise. */
export function ownValue<V>(record: Readonly<Record<string, V>> | null | undefined, key: string): V | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}
