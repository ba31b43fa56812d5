import { ok } from '../context.js';
import { must } from '../errors.js';
import type { Router } from '../router.js';

export function fileRoutes(router: Router): void {
  router.add('GET', '/rails/active_storage/blobs/:id/:filename', (ctx) => {
    const id = Number(ctx.params.id);
    const attachment = must(
      ctx.store.messages.flatMap((item) => item.attachments).find((item) => item.id === id),
    );
    return { status: 200, raw: attachment.data, contentType: attachment.content_type };
  });
  // Survey::ResponsesController#show renders the page for any id; the page's script then asks the API.
  router.add('GET', '/survey/responses/:uuid', () => ({
    status: 200,
    contentType: 'text/html; charset=utf-8',
    raw: '<!doctype html><html><head><meta charset="utf-8"><title>Rate your conversation</title></head><body><div id="app"></div></body></html>',
  }));
  router.add('GET', '/api', () =>
    ok({
      version: '4.0.0-sandbox',
      timestamp: new Date().toISOString(),
      queue_services: 'ok',
      data_services: 'ok',
    }),
  );
}
