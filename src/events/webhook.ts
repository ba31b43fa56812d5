import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Views } from '../catalog/types.js';
import type { Logger } from '../log.js';
import { type Refusal, readRawBody } from '../transports/httpGuards.js';
import { eventFromWebhook } from './normalize.js';
import { verify } from './signature.js';
import type { EventLog } from './types.js';

export const WEBHOOK_PATH = '/webhooks/chatwoot';

export interface WebhookOptions {
  secrets: readonly string[];
  allowUnsigned: boolean;
  toleranceSeconds: number;
  maxBytes: number;
}

const header = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * Chatwoot's webhooks into the log. The signature is the credential (no bearer token, no Host check): a body is
 * read up to its limit, verified, its delivery claimed once (a replay is refused even on another replica), then
 * turned into an event.
 */
export function webhookReceiver(events: EventLog, options: WebhookOptions, views: Views, log: Logger) {
  return async (request: IncomingMessage): Promise<Refusal> => {
    if (request.method !== 'POST') {
      request.resume();
      return { status: 405, message: 'Webhooks are POSTed', headers: { allow: 'POST' } };
    }
    const read = await readRawBody(request, options.maxBytes, 'CHATWOOT_WEBHOOK_MAX_BYTES');
    if (!read.ok) return refuse(read.refusal);
    const signature = header(request, 'x-chatwoot-signature');
    const timestamp = header(request, 'x-chatwoot-timestamp');
    const delivery = header(request, 'x-chatwoot-delivery');
    const unsignedAllowed = options.allowUnsigned && signature === undefined;
    if (!unsignedAllowed) {
      const verdict = verify(options.secrets, { signature, timestamp }, read.body, options.toleranceSeconds);
      if (!verdict.ok) return refuse({ status: 401, message: `Webhook refused: ${verdict.reason}` });
      // A signed delivery is claimed by its id, or by its signature when Chatwoot sent none.
      const id = delivery ?? createHash('sha256').update(String(signature)).digest('hex');
      if (!(await events.claim(`delivery:${id}`, options.toleranceSeconds * 2)))
        return refuse({ status: 409, message: 'Webhook refused: this delivery was already received' });
    } else {
      log.warn(`events: accepted an UNSIGNED webhook (CHATWOOT_WEBHOOK_ALLOW_UNSIGNED)`);
      if (delivery && !(await events.claim(`delivery:${delivery}`, options.toleranceSeconds * 2)))
        return { status: 409, message: 'Webhook refused: this delivery was already received' };
    }
    let payload: unknown;
    try {
      payload = JSON.parse(read.body.toString('utf8'));
    } catch {
      return refuse({ status: 400, message: 'Webhook body is not JSON' });
    }
    const event =
      typeof payload === 'object' && payload !== null && !Array.isArray(payload)
        ? eventFromWebhook(payload as Record<string, unknown>, views)
        : undefined;
    if (!event) return refuse({ status: 422, message: 'Webhook body has no Chatwoot event name' });
    const added = await events.append(event);
    log.debug(`events: ${event.type} from a webhook${added ? '' : ' (already known)'}`);
    return { status: 200, message: added ? 'accepted' : 'already known' };
  };

  function refuse(refusal: Refusal): Refusal {
    log.warn(`events: webhook refused (${refusal.status}): ${refusal.message}`);
    return refusal;
  }
}
