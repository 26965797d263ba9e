/**
 * An answer's JSON written ahead of time: the card answering a press is drawn while the store
 * writes the change, and written out as JSON then too, so the answer goes as soon as the write
 * is confirmed. Only a value that will not change again is written ahead (the card is final
 * once drawn); it is never read back, only sent.
 */
const ahead = new WeakMap<object, string>();

/** Write `value`'s JSON now, for `answerJson` to use when it is sent. Returns `value`. */
export function writeAhead<T extends object>(value: T): T {
  ahead.set(value, JSON.stringify(value));
  return value;
}

/**
 * The JSON of a turn's answer, as `JSON.stringify` writes it, with the `value` it wraps (an
 * invoke's `{ statusCode, type, value }`) taken from what was written ahead, if it was.
 */
export function answerJson(body: unknown): string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return JSON.stringify(body);
  const value = (body as { value?: unknown }).value;
  const written = value && typeof value === 'object' ? ahead.get(value) : undefined;
  if (written === undefined) return JSON.stringify(body);
  const fields = Object.entries(body).flatMap(([key, v]) => {
    const text = key === 'value' ? written : JSON.stringify(v);
    return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
  });
  return `{${fields.join(',')}}`;
}
