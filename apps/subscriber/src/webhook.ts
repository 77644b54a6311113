/** What happened to one POST of an event. */
export type AttemptResult = { ok: true; status: number } | { ok: false; retriable: boolean; reason: string };

/**
 * POSTs one designation event. 2xx is delivered; 408, 429, 5xx, timeouts and network errors
 * are worth retrying; any other status is a refusal of this payload that a retry cannot fix.
 */
export async function postEvent(
  url: string,
  eventId: string,
  body: string,
  timeoutMs: number,
): Promise<AttemptResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // Receivers that want their own de-duplication key on it (docs/subscribers.md).
        'idempotency-key': eventId,
        'x-capscore-event-id': eventId,
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return { ok: true, status: response.status };
    const retriable = response.status === 408 || response.status === 429 || response.status >= 500;
    return { ok: false, retriable, reason: `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return { ok: false, retriable: true, reason: cause ?? (error as Error).message };
  }
}

/** Exponential backoff with full jitter: attempt 1 waits up to initialMs, then 2×, 4×, … up to maxMs. */
export function backoffMs(attempt: number, initialMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
  return Math.max(1, Math.round(ceiling * (0.5 + random() / 2)));
}

/** Resolves after ms, or at once (false) when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
