import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Chatwoot's webhook signature (4.12 for account webhooks, 4.13 for agent bots and API inboxes):
 * `sha256=` + hex HMAC-SHA256 of `"{X-Chatwoot-Timestamp}.{raw body}"` with the webhook's secret.
 */
export function sign(secret: string, timestamp: string, body: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks the signature against every secret in constant time per secret, and the timestamp against the clock.
 * Every secret is tried, so the time taken does not tell which one matched.
 */
export function verify(
  secrets: readonly string[],
  headers: { signature?: string | undefined; timestamp?: string | undefined },
  body: Buffer,
  toleranceSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): Verdict {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp)
    return { ok: false, reason: 'unsigned: X-Chatwoot-Signature and X-Chatwoot-Timestamp are required' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Chatwoot-Timestamp is not unix seconds' };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds)
    return { ok: false, reason: `stale: X-Chatwoot-Timestamp is more than ${toleranceSeconds} s away` };
  const given = Buffer.from(signature.trim().toLowerCase());
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(sign(secret, timestamp, body));
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'the signature matches no configured secret' };
}
