import { isoTime } from '../clock.js';
import type { Store } from './store.js';

export function seedRows(store: Store, start: number): void {
  const created = isoTime(start - 20 * 86400);
  const labels = [
    ['vip', 'High-value customers', '#F5A623'],
    ['billing', 'Invoices, refunds and plan changes', '#1F93FF'],
    ['bug', 'Something is broken', '#E0393E'],
  ];
  for (const [title, description, color] of labels) {
    store.table('labels').push({
      id: store.nextId('labels'),
      account_id: 1,
      title,
      description,
      color,
      show_on_sidebar: true,
    });
  }
  const canned = [
    ['greeting', 'Hi {{contact.name}}, thanks for reaching out to Acme Support! How can we help?'],
    ['refund', 'Your refund has been issued and should arrive within 5–7 business days.'],
  ];
  for (const [short_code, content] of canned) {
    store.table('canned_responses').push({
      id: store.nextId('canned_responses'),
      account_id: 1,
      short_code,
      content,
      created_at: created,
      updated_at: created,
    });
  }
  const attributes = [
    ['Plan', 'list', 'plan', 'contact_attribute', ['free', 'pro', 'enterprise']],
    ['Order ID', 'text', 'order_id', 'conversation_attribute', []],
  ] as const;
  for (const [name, type, key, model, values] of attributes) {
    store.table('custom_attribute_definitions').push({
      id: store.nextId('custom_attribute_definitions'),
      account_id: 1,
      attribute_display_name: name,
      attribute_display_type: type,
      attribute_description: `${name} of the ${model === 'contact_attribute' ? 'contact' : 'conversation'}`,
      attribute_key: key,
      regex_pattern: null,
      regex_cue: null,
      attribute_values: [...values],
      attribute_model: model,
      default_value: null,
      created_at: created,
      updated_at: created,
    });
  }
}
