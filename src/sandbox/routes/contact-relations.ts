import { randomUUID } from 'node:crypto';
import { accountOf, empty, ok } from '../context.js';
import { failure, invalid } from '../errors.js';
import { int, labelNames, str } from '../params.js';
import type { Router } from '../router.js';
import { addContactInbox, remove } from '../store/actions.js';
import { contactInboxView, contactView } from '../views/contact.js';
import { conversationView } from '../views/conversation.js';
import { inboxView } from '../views/inbox.js';
import { CONTACTS, contactOf } from './contacts.js';

export function contactRelationRoutes(router: Router): void {
  router.add('GET', `${CONTACTS}/:id/conversations`, (ctx) => {
    const contact = contactOf(ctx);
    const conversations = ctx.store.conversations
      .filter((item) => item.contact_id === contact.id)
      .sort((a, b) => b.last_activity_at - a.last_activity_at);
    return ok({ payload: conversations.map((item) => conversationView(ctx, item)) });
  });
  router.add('GET', `${CONTACTS}/:id/labels`, (ctx) => ok({ payload: contactOf(ctx).labels }));
  router.add('POST', `${CONTACTS}/:id/labels`, (ctx) => {
    const contact = contactOf(ctx);
    contact.labels = labelNames(ctx.body.labels);
    return ok({ payload: contact.labels });
  });
  router.add('POST', `${CONTACTS}/:id/contact_inboxes`, (ctx) => {
    const contact = contactOf(ctx);
    const inboxId = int(ctx.body.inbox_id);
    if (inboxId === undefined) throw invalid('inbox_id', "Inbox can't be blank");
    const inbox = ctx.store.inbox(accountOf(ctx).id, inboxId);
    const contactInbox = addContactInbox(ctx.store, contact, inbox, str(ctx.body.source_id) || undefined);
    return ok(contactInboxView(ctx, contactInbox));
  });
  router.add('GET', `${CONTACTS}/:id/contactable_inboxes`, (ctx) => {
    const contact = contactOf(ctx);
    const account = accountOf(ctx);
    const payload = ctx.store.inboxes
      .filter((inbox) => inbox.account_id === account.id)
      .flatMap((inbox) => {
        const existing = ctx.store.contactInboxes.find(
          (ci) => ci.contact_id === contact.id && ci.inbox_id === inbox.id,
        );
        const sourceId =
          existing?.source_id ?? sourceFor(inbox.channel_type, contact.email, contact.phone_number);
        return sourceId === undefined ? [] : [{ source_id: sourceId, inbox: inboxView(inbox, false) }];
      });
    return ok({ payload });
  });
  router.add('POST', '/api/v1/accounts/:account_id/actions/contact_merge', (ctx) => {
    const account = accountOf(ctx);
    const baseId = int(ctx.body.base_contact_id);
    const mergeeId = int(ctx.body.mergee_contact_id);
    if (baseId === undefined || mergeeId === undefined) {
      throw failure('base_contact_id and mergee_contact_id are both required', 400);
    }
    if (baseId === mergeeId) throw failure('base_contact and mergee_contact cannot be the same');
    const base = ctx.store.contact(account.id, baseId);
    const mergee = ctx.store.contact(account.id, mergeeId);
    for (const conversation of ctx.store.conversations) {
      if (conversation.contact_id === mergee.id) conversation.contact_id = base.id;
    }
    for (const message of ctx.store.messages) {
      if (message.sender?.type === 'contact' && message.sender.id === mergee.id)
        message.sender = { type: 'contact', id: base.id };
    }
    for (const contactInbox of ctx.store.contactInboxes) {
      if (contactInbox.contact_id === mergee.id) contactInbox.contact_id = base.id;
    }
    base.email ??= mergee.email;
    base.phone_number ??= mergee.phone_number;
    base.identifier ??= mergee.identifier;
    base.name ||= mergee.name;
    base.custom_attributes = { ...mergee.custom_attributes, ...base.custom_attributes };
    base.additional_attributes = { ...mergee.additional_attributes, ...base.additional_attributes };
    base.labels = [...new Set([...base.labels, ...mergee.labels])];
    remove(ctx.store.contacts, (item) => item.id === mergee.id);
    return ok(contactView(ctx, base));
  });
  router.add('DELETE', `${CONTACTS}/:id/avatar`, (ctx) => {
    contactOf(ctx).avatar_url = '';
    return empty();
  });
}

function sourceFor(channelType: string, email: string | null, phone: string | null): string | undefined {
  if (channelType === 'Channel::Email') return email ?? undefined;
  if (channelType === 'Channel::Sms' || channelType === 'Channel::Whatsapp') return phone ?? undefined;
  if (channelType === 'Channel::Api' || channelType === 'Channel::WebWidget') return randomUUID();
  return undefined;
}
