import type { ChatwootError } from './errors.js';

export interface RetryPolicy {
  method: string;
  /** Retries after the first attempt. */
  limit: number;
  /** A Retry-After longer than this is no reason to wait: the failure goes back to the caller with the wait. */
  maxRetryAfterSeconds: number;
}

/** Statuses on which an idempotent call is tried again: rate limited, or a gateway that may answer next time. */
const IDEMPOTENT_RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** Statuses whose Retry-After is waited out instead of the backoff. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);
const BACKOFF_BASE_MS = 300;
const BACKOFF_LIMIT_MS = 5000;

/**
 * How long to wait before retry number `retry` (1 for the first) after `failure`, or undefined to give up.
 * Idempotent methods retry on network errors and 429/502/503/504. POST retries only on 429, which Chatwoot
 * (Rack::Attack) sends before processing anything, so a message is never sent twice. Timeouts are not retried:
 * Chatwoot may still be working on the first attempt. The backoff is 0.3 s × 2^(retry−1) with full jitter, at most
 * 5 s; a Retry-After (seconds or an HTTP date) on 429/503 replaces it.
 */
export function retryDelay(policy: RetryPolicy, failure: ChatwootError, retry: number): number | undefined {
  if (retry > policy.limit) return undefined;
  const isPost = policy.method === 'POST';
  if (failure.kind === 'network') return isPost ? undefined : backoff(retry);
  if (failure.kind !== 'http') return undefined;
  const status = failure.details.status ?? 0;
  if (isPost ? status !== 429 : !IDEMPOTENT_RETRY_STATUSES.has(status)) return undefined;
  const retryAfter = failure.details.retryAfterSeconds;
  if (retryAfter !== undefined && RETRY_AFTER_STATUSES.has(status)) {
    return retryAfter > policy.maxRetryAfterSeconds ? undefined : retryAfter * 1000;
  }
  return backoff(retry);
}

function backoff(retry: number): number {
  return Math.min(BACKOFF_LIMIT_MS, Math.random() * BACKOFF_BASE_MS * 2 ** (retry - 1));
}
