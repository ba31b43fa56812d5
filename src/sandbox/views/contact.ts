import { isoTime } from '../clock.js';
import type { Env } from '../context.js';
import type { Dict } from '../params.js';
import type { Contact, ContactInbox } from '../store/types.js';
import { inboxSlim } from './inbox.js';

export function contactView(env: Env, contact: Contact, withInboxes = true): Dict {
  const view: Dict = {
    additional_attributes: contact.additional_attributes,
    availability_status: 'offline',
    email: contact.email,
    id: contact.id,
    name: contact.name,
    phone_number: contact.phone_number,
    blocked: contact.blocked,
    identifier: contact.identifier,
    thumbnail: contact.avatar_url,
    custom_attributes: contact.custom_attributes,
    last_activity_at: contact.last_activity_at,
    created_at: contact.created_at,
  };
  if (withInboxes) {
    view.contact_inboxes = env.store.contactInboxes
      .filter((item) => item.contact_id === contact.id)
      .map((item) => contactInboxView(env, item));
  }
  return view;
}

export function contactInboxView(env: Env, contactInbox: ContactInbox): Dict {
  const inbox = env.store.inboxes.find((item) => item.id === contactInbox.inbox_id);
  return { source_id: contactInbox.source_id, inbox: inbox ? inboxSlim(inbox) : null };
}

export function contactSender(contact: Contact): Dict {
  return {
    additional_attributes: contact.additional_attributes,
    custom_attributes: contact.custom_attributes,
    email: contact.email,
    id: contact.id,
    identifier: contact.identifier,
    name: contact.name,
    phone_number: contact.phone_number,
    thumbnail: contact.avatar_url,
    blocked: contact.blocked,
    type: 'contact',
  };
}

export function publicContactView(contact: Contact, contactInbox: ContactInbox): Dict {
  return {
    id: contact.id,
    source_id: contactInbox.source_id,
    name: contact.name,
    email: contact.email,
    phone_number: contact.phone_number,
    pubsub_token: contactInbox.pubsub_token,
  };
}

export function contactRecord(contact: Contact): Dict {
  return {
    id: contact.id,
    name: contact.name,
    email: contact.email,
    phone_number: contact.phone_number,
    identifier: contact.identifier,
    blocked: contact.blocked,
    additional_attributes: contact.additional_attributes,
    custom_attributes: contact.custom_attributes,
    contact_type: 'lead',
    country_code: null,
    last_activity_at: contact.last_activity_at === null ? null : isoTime(contact.last_activity_at),
    created_at: isoTime(contact.created_at),
    updated_at: isoTime(contact.updated_at),
    last_name: null,
    middle_name: null,
    location: null,
    account_id: contact.account_id,
    company_id: null,
    label_list: contact.labels,
  };
}
