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
  if (key === '__proto__') {
    Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
  } else dict[key] = value;
}

export function entriesOf<T>(dict: Dict<T>): [string, T][] {
  return Object.entries(dict);
}
