/** `object[key] = value`, except that a key like `__proto__` becomes an own member instead of a prototype. */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
