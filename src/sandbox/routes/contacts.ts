import { now } from '../clock.js';
import { accountOf, type Ctx, empty, ok, param } from '../context.js';
import { failure } from '../errors.js';
import { applyFilter, customKeys, FILTER_KEYS } from '../filter.js';
import { pageOf } from '../paging.js';
import { bool, type Dict, dict, int, isDict, str, strings } from '../params.js';
import type { Router } from '../router.js';
import { addContact, addContactInbox, checkContact, removeContact } from '../store/actions.js';
import type { Contact } from '../store/types.js';
import { contactInboxView, contactView } from '../views/contact.js';

export const CONTACTS = '/api/v1/accounts/:account_id/contacts';
const PER_PAGE = 15;
/** Sift's sort_on keys of ContactsController; company, city and country sort on additional attributes. */
const SORTS: Record<string, (contact: Contact) => unknown> = {
  name: (contact) => contact.name,
  email: (contact) => contact.email,
  phone_number: (contact) => contact.phone_number,
  last_activity_at: (contact) => contact.last_activity_at,
  created_at: (contact) => contact.created_at,
  company: (contact) => contact.additional_attributes.company_name,
  city: (contact) => contact.additional_attributes.city,
  country: (contact) => contact.additional_attributes.country,
};

export function contactRoutes(router: Router): void {
  router.add('GET', CONTACTS, (ctx) => {
    const resolved = accountContacts(ctx).filter(
      (item) => item.email || item.phone_number || item.identifier,
    );
    const labels = strings(ctx.query.labels);
    return listReply(
      ctx,
      labels.length ? resolved.filter((item) => labels.some((l) => item.labels.includes(l))) : resolved,
    );
  });
  router.add('GET', `${CONTACTS}/search`, (ctx) => {
    const q = str(ctx.query.q)?.trim().toLowerCase();
    if (!q) throw failure('Specify search string with parameter q');
    const fields = (item: Contact) => [item.name, item.email, item.phone_number, item.identifier];
    return listReply(
      ctx,
      accountContacts(ctx).filter((item) => fields(item).some((value) => value?.toLowerCase().includes(q))),
    );
  });
  router.add('POST', `${CONTACTS}/filter`, (ctx) =>
    listReply(
      ctx,
      applyFilter(
        accountContacts(ctx),
        ctx.body,
        contactAttribute,
        FILTER_KEYS.contact,
        customKeys(ctx, 'contact'),
      ),
    ),
  );
  router.add('POST', CONTACTS, (ctx) => {
    const account = accountOf(ctx);
    const inboxId = int(ctx.body.inbox_id);
    const inbox = inboxId === undefined ? undefined : ctx.store.inbox(account.id, inboxId);
    const contact = addContact(ctx.store, account, contactFields(ctx.body));
    const contactInbox = inbox ? addContactInbox(ctx.store, contact, inbox) : undefined;
    return ok({
      payload: {
        contact: contactView(ctx, contact),
        contact_inbox: contactInbox ? contactInboxView(ctx, contactInbox) : { inbox: null, source_id: null },
      },
    });
  });
  router.add('GET', `${CONTACTS}/:id`, (ctx) => ok({ payload: contactView(ctx, contactOf(ctx)) }));
  const update = (ctx: Ctx) => {
    const contact = contactOf(ctx);
    const fields = contactFields(ctx.body, contact);
    checkContact(ctx.store, contact.account_id, { ...contact, ...fields }, contact.id);
    Object.assign(contact, fields, { updated_at: now() });
    return ok({ payload: contactView(ctx, contact) });
  };
  router.add('PUT', `${CONTACTS}/:id`, update);
  router.add('PATCH', `${CONTACTS}/:id`, update);
  router.add('DELETE', `${CONTACTS}/:id`, (ctx) => {
    removeContact(ctx.store, contactOf(ctx));
    return empty();
  });
}

export function accountContacts(ctx: Ctx): Contact[] {
  const account = accountOf(ctx);
  return ctx.store.contacts.filter((item) => item.account_id === account.id);
}

export function contactOf(ctx: Ctx, name = 'id'): Contact {
  return ctx.store.contact(accountOf(ctx).id, param(ctx, name));
}

function listReply(ctx: Ctx, contacts: Contact[]) {
  const sorted = sortContacts(contacts, str(ctx.query.sort));
  const { items, page } = pageOf(sorted, ctx.query, PER_PAGE);
  return ok({
    meta: { count: contacts.length, current_page: page },
    payload: items.map((item) => contactView(ctx, item, bool(ctx.query.include_contact_inboxes) ?? true)),
  });
}

function sortContacts(contacts: Contact[], sort: string | undefined): Contact[] {
  const descending = sort === undefined || sort.startsWith('-');
  const key = sort?.replace(/^-/, '') ?? 'last_activity_at';
  const sortValue = SORTS[key];
  if (!sortValue) throw failure(`Invalid sort key: ${sort}`);
  return [...contacts].sort((a, b) => {
    const left = sortValue(a);
    const right = sortValue(b);
    if (left === right) return a.id - b.id;
    if (left === null || left === undefined || left === '') return 1;
    if (right === null || right === undefined || right === '') return -1;
    const order =
      typeof left === 'number' && typeof right === 'number'
        ? left - right
        : String(left).localeCompare(String(right));
    return descending ? -order : order;
  });
}

export function contactFields(body: Dict, existing?: Contact): Partial<Contact> {
  const fields: Partial<Contact> = {};
  const text = (value: unknown): string | null => {
    const result = str(value)?.trim();
    return result ? result : null;
  };
  if ('name' in body) fields.name = str(body.name) ?? '';
  if ('email' in body) fields.email = text(body.email)?.toLowerCase() ?? null;
  if ('phone_number' in body) fields.phone_number = text(body.phone_number);
  if ('identifier' in body) fields.identifier = text(body.identifier);
  if ('blocked' in body) fields.blocked = bool(body.blocked) ?? false;
  if ('avatar_url' in body) fields.avatar_url = str(body.avatar_url) ?? '';
  for (const key of ['additional_attributes', 'custom_attributes'] as const) {
    if (isDict(body[key])) fields[key] = { ...(existing?.[key] ?? {}), ...dict(body[key]) };
  }
  return fields;
}

export function contactAttribute(contact: Contact, key: string): unknown {
  switch (key) {
    case 'name':
    case 'email':
    case 'phone_number':
    case 'identifier':
    case 'blocked':
    case 'created_at':
    case 'last_activity_at':
    case 'labels':
      return contact[key];
    case 'city':
    case 'country_code':
    case 'company':
      return contact.additional_attributes[key === 'company' ? 'company_name' : key];
    default:
      return contact.custom_attributes[key] ?? contact.additional_attributes[key];
  }
}
