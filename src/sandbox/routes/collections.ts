import { currentUser } from '../context.js';
import { crud, pick } from '../crud.js';
import { invalid } from '../errors.js';
import { bool, type Dict, int, str } from '../params.js';
import type { Router } from '../router.js';

const ACCOUNT = '/api/v1/accounts/:account_id';
const WEBHOOK_EVENTS = [
  'conversation_created',
  'conversation_status_changed',
  'conversation_updated',
  'conversation_typing_on',
  'conversation_typing_off',
  'contact_created',
  'contact_updated',
  'message_created',
  'message_updated',
  'webwidget_triggered',
  'inbox_created',
  'inbox_updated',
];
/** webhooks.subscriptions' column default: every event but the typing and inbox ones. */
const DEFAULT_SUBSCRIPTIONS = WEBHOOK_EVENTS.filter((event) => !/typing|inbox/.test(event));
const DISPLAY_TYPES = ['text', 'number', 'currency', 'percent', 'link', 'date', 'list', 'checkbox'];
const MODELS = ['conversation_attribute', 'contact_attribute'];

/** An enum given either by name or by its integer position, as Rails accepts it. */
function enumValue(value: unknown, names: string[], attribute: string): string | undefined {
  if (value === undefined) return undefined;
  const index = int(value);
  const name = index !== undefined ? names[index] : str(value);
  if (name === undefined || !names.includes(name))
    throw invalid(attribute, `${attribute} is not a valid value`);
  return name;
}

export function collectionRoutes(router: Router): void {
  crud(router, {
    path: `${ACCOUNT}/labels`,
    table: 'labels',
    required: ['title'],
    unique: 'title',
    fields: (body, _ctx, existing) => {
      const fields = pick(
        body,
        { title: '', description: null, color: '#1f93ff', show_on_sidebar: true },
        existing,
      );
      if (typeof fields.title === 'string') fields.title = fields.title.toLowerCase();
      if (
        typeof fields.title === 'string' &&
        fields.title !== '' &&
        !/^[\p{L}\p{N}_-]+$/u.test(fields.title)
      ) {
        throw invalid('title', 'Title only allows letters, numbers, hyphens and underscores');
      }
      return fields;
    },
    view: ({ account_id: _account, ...label }) => label,
    list: (items) => ({ payload: items }),
  });

  crud(router, {
    path: `${ACCOUNT}/canned_responses`,
    table: 'canned_responses',
    actions: ['list', 'create', 'update', 'delete'],
    required: ['short_code', 'content'],
    unique: 'short_code',
    timestamps: 'iso',
    fields: (body, _ctx, existing) => pick(body, { short_code: '', content: '' }, existing),
    where: (row, ctx) => {
      const search = str(ctx.query.search)?.toLowerCase();
      return !search || `${row.short_code} ${row.content}`.toLowerCase().includes(search);
    },
  });

  crud(router, {
    path: `${ACCOUNT}/custom_attribute_definitions`,
    table: 'custom_attribute_definitions',
    deleted: 204,
    required: ['attribute_display_name', 'attribute_key', 'attribute_display_type', 'attribute_model'],
    unique: 'attribute_key',
    timestamps: 'iso',
    fields: (body, _ctx, existing) => {
      const defaults: Dict = {
        attribute_display_name: '',
        attribute_description: null,
        attribute_key: '',
        regex_pattern: null,
        regex_cue: null,
        attribute_values: [],
        default_value: null,
      };
      const fields = pick(body, defaults, existing);
      const type = enumValue(body.attribute_display_type, DISPLAY_TYPES, 'attribute_display_type');
      const model = enumValue(body.attribute_model, MODELS, 'attribute_model');
      // Both are validated present; nothing fills them in.
      if (type || !existing) fields.attribute_display_type = type;
      if (model || !existing) fields.attribute_model = model;
      return fields;
    },
    where: (row, ctx) => {
      const model = ctx.query.attribute_model;
      return (
        model === undefined ||
        model === '' ||
        row.attribute_model === enumValue(model, MODELS, 'attribute_model')
      );
    },
  });

  crud(router, {
    path: `${ACCOUNT}/webhooks`,
    table: 'webhooks',
    idParam: 'webhook_id',
    actions: ['list', 'create', 'update', 'delete'],
    required: ['url'],
    fields: (body, ctx, existing) => {
      const fields = pick(
        body,
        { url: '', name: null, inbox_id: null, subscriptions: DEFAULT_SUBSCRIPTIONS },
        existing,
      );
      if (fields.inbox_id !== null && fields.inbox_id !== undefined)
        fields.inbox_id = int(fields.inbox_id) ?? null;
      // Chatwoot 4.12 on: every webhook has a secret that signs its deliveries.
      fields.secret = existing?.secret ?? ctx.store.token();
      if (typeof fields.url === 'string' && fields.url !== '' && !/^https?:\/\/[^\s/]+/.test(fields.url)) {
        throw invalid('url', 'Url is invalid');
      }
      const unknown = (Array.isArray(fields.subscriptions) ? fields.subscriptions : []).find(
        (event) => !WEBHOOK_EVENTS.includes(String(event)),
      );
      if (unknown !== undefined)
        throw invalid('subscriptions', `Subscriptions ${String(unknown)} is not a valid event`);
      return fields;
    },
    list: (items) => ({ payload: { webhooks: items } }),
    one: (item) => ({ payload: { webhook: item } }),
  });

  crud(router, {
    path: `${ACCOUNT}/automation_rules`,
    table: 'automation_rules',
    required: ['name', 'event_name'],
    fields: (body, _ctx, existing) => {
      const defaults = {
        name: '',
        description: null,
        event_name: '',
        conditions: [],
        actions: [],
        active: true,
      };
      const fields = pick(body, defaults, existing);
      if (!existing) fields.created_on = Math.floor(Date.now() / 1000);
      return fields;
    },
    list: (items) => ({ payload: items }),
    one: (item) => ({ payload: item }),
  });

  crud(router, {
    path: `${ACCOUNT}/custom_filters`,
    table: 'custom_filters',
    deleted: 204,
    idParam: 'custom_filter_id',
    required: ['name'],
    timestamps: 'iso',
    fields: (body, ctx, existing) => {
      const fields = pick(body, { name: '', query: {} }, existing);
      const type = enumValue(body.type ?? body.filter_type, ['conversation', 'contact', 'report'], 'type');
      if (type || !existing) fields.type = type ?? 'conversation';
      if (!existing) fields.user_id = currentUser(ctx)?.id ?? null;
      return fields;
    },
    // Each user sees only their own filters, of the asked type (conversation when none is asked).
    where: (row, ctx) => {
      if (row.user_id !== currentUser(ctx)?.id) return false;
      return (
        ctx.method !== 'GET' ||
        'custom_filter_id' in ctx.params ||
        row.type === (str(ctx.query.filter_type) || 'conversation')
      );
    },
    view: ({ user_id: _user, ...row }) => ({ ...row, filter_type: row.type }),
  });

  crud(router, {
    path: `${ACCOUNT}/integrations/hooks`,
    table: 'integration_hooks',
    idParam: 'hook_id',
    actions: ['create', 'update', 'delete'],
    required: ['app_id'],
    fields: (body, _ctx, existing) => {
      const fields = pick(body, { app_id: '', inbox_id: null, settings: {} }, existing);
      if ('inbox_id' in fields) fields.inbox_id = int(fields.inbox_id) ?? null;
      if ('status' in body || !existing) fields.status = bool(body.status) ?? true;
      if (!existing) fields.hook_type = fields.inbox_id === null ? 'account' : 'inbox';
      return fields;
    },
  });
}
