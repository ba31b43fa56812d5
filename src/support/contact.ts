import { id, isoTime, type Json, list, record, text } from './shapes.js';
import { fenceUntrusted, UNTRUSTED_NOTICE } from './untrusted.js';

const PROFILE_FIELDS = ['name', 'email', 'phone_number', 'identifier'] as const;
const ATTRIBUTE_GROUPS = ['custom_attributes', 'additional_attributes'] as const;

/** A contact (get_contact's payload) as a Markdown document of its own, for the contact resource. */
export function renderContact(contact: Json): string {
  return [`# Chatwoot contact ${id(contact.id) ?? '?'}`, UNTRUSTED_NOTICE, contactDetails(contact)].join(
    '\n\n',
  );
}

/**
 * What Chatwoot knows of a contact: its own facts as a list, and everything the customer (or a widget or
 * integration acting for them) can set, name and attributes included, in one untrusted block.
 */
export function contactDetails(contact: Json): string {
  const inboxes = list(contact.contact_inboxes)
    .map((item) => record(record(item).inbox))
    .filter((inbox) => id(inbox.id) !== undefined)
    .map((inbox) => `${text(inbox.name) ?? 'inbox'} (id ${inbox.id})`);
  const facts = [
    `- Contact id: ${id(contact.id) ?? 'unknown'}`,
    line('Created', isoTime(contact.created_at)),
    line('Last activity', isoTime(contact.last_activity_at)),
    typeof contact.blocked === 'boolean' ? `- Blocked: ${contact.blocked ? 'yes' : 'no'}` : undefined,
    inboxes.length > 0 ? `- Inboxes: ${inboxes.join(', ')}` : undefined,
  ].filter((item) => item !== undefined);

  const profile = [
    ...PROFILE_FIELDS.map((key) => [key, contact[key]] as const),
    ...ATTRIBUTE_GROUPS.flatMap((group) =>
      Object.entries(record(contact[group])).map(([key, value]) => [`${group}.${key}`, value] as const),
    ),
  ]
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`);

  const block =
    profile.length > 0
      ? `Profile and attributes:\n\n${fenceUntrusted(profile.join('\n'))}`
      : 'No profile fields or attributes are set.';
  return `${facts.join('\n')}\n\n${block}`;
}

const line = (label: string, value: string | undefined) => (value ? `- ${label}: ${value}` : undefined);
