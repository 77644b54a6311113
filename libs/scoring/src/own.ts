/**
 * Record access keyed by upstream ids. Ids such as "__proto__" are legal in the events, and a
 * plain assignment with that key would replace the object's prototype instead of adding an entry.
 */

export type Dict<T> = Record<string, T>;

export function getOwn<T>(dict: Dict<T>, key: string): T | undefined {
  return Object.hasOwn(dict, key) ? dict[key] : undefined;
}

export function setOwn<T>(dict: Dict<T>, key: string, value: T): void {
  // Only "__proto__" reaches a setter on assignment (Object.prototype's); every other key
  // becomes an own data property. defineProperty for all keys was a profile hot spot: it turns
  // the objects into slow dictionaries.
  if (key === '__proto__') Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
  else dict[key] = value;
}

export function ensureOwn<T>(dict: Dict<T>, key: string, create: () => T): T {
  const existing = getOwn(dict, key);
  if (existing !== undefined) return existing;
  const created = create();
  setOwn(dict, key, created);
  return created;
}

export function entriesOf<T>(dict: Dict<T>): [string, T][] {
  return Object.entries(dict);
}

export function isEmpty(dict: Dict<unknown>): boolean {
  for (const key in dict) if (Object.hasOwn(dict, key)) return false;
  return true;
}

/** A copy with keys in code-unit order, so JSON.stringify of equal content is byte-equal. */
export function sortedDict<T, U>(dict: Dict<T>, map: (value: T) => U): Dict<U> {
  const out: Dict<U> = {};
  for (const key of Object.keys(dict).sort()) setOwn(out, key, map(dict[key] as T));
  return out;
}
