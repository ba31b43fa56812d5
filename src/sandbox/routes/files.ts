import { ok } from '../context.js';
import { must } from '../errors.js';
import type { Router } from '../router.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function fileRoutes(router: Router): void {
  router.add('GET', '/rails/active_storage/blobs/:id/:filename', (ctx) => {
    const id = Number(ctx.params.id);
    const attachment = must(
      ctx.store.messages.flatMap((item) => item.attachments).find((item) => item.id === id),
    );
    return { status: 200, raw: attachment.data, contentType: attachment.content_type };
  });
  router.add('GET', '/survey/responses/:uuid', (ctx) => {
    const conversation = must(ctx.store.conversations.find((item) => item.uuid === ctx.params.uuid));
    const account = ctx.store.account(conversation.account_id);
    const title = `Rate your conversation with ${escapeHtml(account.name)}`;
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      raw: `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>Conversation #${conversation.display_id}</p></body></html>`,
    };
  });
  router.add('GET', '/api', () =>
    ok({
      version: '4.0.0-sandbox',
      timestamp: new Date().toISOString(),
      queue_services: 'ok',
      data_services: 'ok',
    }),
  );
}
