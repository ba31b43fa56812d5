import { readFileSync } from 'node:fs';
import type {
  ListResourcesResult,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { packageFile } from '../paths.js';
import type { ToolCall } from './call.js';
import { renderContact } from './contact.js';
import { loadConversation } from './conversation.js';
import { positiveId, readExisting, SupportNotFoundError } from './errors.js';
import type { HistoryBudget } from './history.js';
import { id, isoTime, list, payloadOf, record, text } from './shapes.js';
import { renderTranscript } from './transcript.js';

const MARKDOWN = 'text/markdown';
const RECENT_CONVERSATIONS = 10;

/** What resources/templates/list returns. */
export const SUPPORT_RESOURCE_TEMPLATES: ResourceTemplate[] = [
  {
    uriTemplate: 'chatwoot://conversations/{conversation_id}',
    name: 'conversation',
    title: 'Conversation transcript',
    description:
      'A conversation as Markdown: status, inbox, assignee, labels, contact, then every message oldest first (customer text fenced as untrusted).',
    mimeType: MARKDOWN,
  },
  {
    uriTemplate: 'chatwoot://contacts/{contact_id}',
    name: 'contact',
    title: 'Contact profile',
    description:
      "A contact's profile and custom attributes as Markdown (customer-provided fields fenced as untrusted).",
    mimeType: MARKDOWN,
  },
];

export const OPENAPI_RESOURCE: Resource = {
  uri: 'chatwoot://openapi',
  name: 'openapi',
  title: "Chatwoot API description (this server's openapi.json)",
  description: 'The OpenAPI document every tool of this server is built from.',
  mimeType: 'application/json',
};

/** What resources/list returns: the API description and the account's most recently active conversations. */
export async function listResources(call: ToolCall): Promise<ListResourcesResult> {
  const reply = await call('list_conversations', { status: 'all', page: 1 });
  const conversations = list(payloadOf(reply))
    .map(record)
    .filter((conversation) => id(conversation.id) !== undefined)
    .slice(0, RECENT_CONVERSATIONS)
    .map(
      (conversation): Resource => ({
        uri: `chatwoot://conversations/${conversation.id}`,
        name: `conversation-${conversation.id}`,
        title: `Conversation ${conversation.id}`,
        description: [
          text(conversation.status),
          `inbox ${id(conversation.inbox_id) ?? '?'}`,
          isoTime(conversation.last_activity_at) && `last activity ${isoTime(conversation.last_activity_at)}`,
        ]
          .filter(Boolean)
          .join(' · '),
        mimeType: MARKDOWN,
      }),
    );
  return { resources: [OPENAPI_RESOURCE, ...conversations] };
}

/** What resources/read returns for a URI of SUPPORT_RESOURCE_TEMPLATES or OPENAPI_RESOURCE. */
export async function readResource(
  uri: string,
  call: ToolCall,
  budget: Partial<HistoryBudget> = {},
): Promise<ReadResourceResult> {
  if (uri === OPENAPI_RESOURCE.uri)
    return { contents: [{ uri, mimeType: 'application/json', text: openApiText() }] };
  const [, kind, rawId] = /^chatwoot:\/\/(conversations|contacts)\/([^/?#]*)$/.exec(uri) ?? [];
  if (kind === 'conversations') {
    const view = await loadConversation(call, positiveId(rawId, 'conversation_id'), budget);
    return { contents: [{ uri, mimeType: MARKDOWN, text: renderTranscript(view) }] };
  }
  if (kind === 'contacts') {
    const contactId = positiveId(rawId, 'contact_id');
    const reply = await readExisting(call, 'get_contact', { contact_id: contactId }, `Contact ${contactId}`);
    return { contents: [{ uri, mimeType: MARKDOWN, text: renderContact(record(payloadOf(reply))) }] };
  }
  throw new SupportNotFoundError(
    `Unknown resource ${JSON.stringify(uri)}. This server serves chatwoot://openapi, chatwoot://conversations/{conversation_id} and chatwoot://contacts/{contact_id}.`,
  );
}

/** Set by scripts/build.mjs in the bundle only: the minified copy of openapi.json the build wrote. */
declare const __API_DESCRIPTION__: string | undefined;

let openApi: string | undefined;
const openApiText = (): string => {
  const file = typeof __API_DESCRIPTION__ === 'string' ? __API_DESCRIPTION__ : 'openapi.json';
  openApi ??= readFileSync(packageFile(file), 'utf8');
  return openApi;
};
