import { addConversation, addMessage } from './actions.js';
import type { Store } from './store.js';
import type { ContactInbox, Conversation, SenderRef } from './types.js';

interface Cast {
  jane: ContactInbox;
  ravi: ContactInbox;
  sofia: ContactInbox;
  alice: number;
  bob: number;
  carol: number;
}

type Line = [kind: 'in' | 'out' | 'note', agent: number | null, content: string];

export function seedConversations(store: Store, start: number, cast: Cast): void {
  const refund = addConversation(store, cast.jane, { assignee_id: cast.bob, team_id: 1, priority: 'high' });
  refund.labels = ['billing', 'vip'];
  refund.custom_attributes = { order_id: 'INV-2024-0311' };
  fill(store, refund, start, [
    ['in', null, 'Hi, I was charged twice for my March invoice. Can you help?'],
    ['out', cast.bob, 'Sorry about that, Jane! Let me look into the invoice right away.'],
    ['note', cast.bob, 'Duplicate charge confirmed in Stripe. Refund approved by finance (FIN-2231).'],
    [
      'out',
      cast.bob,
      'I have issued a refund for the duplicate charge. It should arrive within 5–7 business days.',
    ],
    ['in', null, 'Great, thank you! Will I get a confirmation email?'],
  ]);
  const crash = addConversation(store, cast.ravi, { status: 'pending' });
  crash.labels = ['bug'];
  crash.additional_attributes = { browser_language: 'en', source: 'mobile-app' };
  fill(store, crash, start + 3600, [
    ['in', null, 'The mobile app crashes every time I upload a photo.'],
    ['out', cast.carol, 'Thanks for reporting this, Ravi. Which app version and phone are you using?'],
    ['in', null, 'Version 5.2.1 on a Pixel 8 with Android 14.'],
    ['note', cast.carol, 'Reproduced on Android 14. Filed as TECH-482.'],
  ]);
  const export_ = addConversation(store, cast.sofia, {
    status: 'resolved',
    assignee_id: cast.alice,
    team_id: 2,
  });
  fill(store, export_, start + 7200, [
    ['in', null, 'How can I export all of my data?'],
    [
      'out',
      cast.alice,
      'You can export everything from Settings → Data → Export. The file arrives by email.',
    ],
    ['note', cast.alice, 'Sent the help-center link as well.'],
    ['in', null, 'Found it, thanks for the quick help!'],
  ]);
  export_.status = 'resolved';
}

function fill(store: Store, conversation: Conversation, start: number, lines: Line[]): void {
  conversation.created_at = start;
  conversation.waiting_since = null;
  lines.forEach(([kind, agent, content], index) => {
    const sender: SenderRef =
      kind === 'in' ? { type: 'contact', id: conversation.contact_id } : { type: 'user', id: agent ?? 0 };
    addMessage(store, conversation, {
      content,
      message_type: kind === 'in' ? 0 : 1,
      private: kind === 'note',
      sender,
      created_at: start + index * 420,
    });
  });
  conversation.agent_last_seen_at = conversation.last_activity_at;
}
