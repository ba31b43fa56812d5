/** What a support agent or copilot needs day to day: conversations and the objects around them. */
export const DEFAULT_TOOLSETS = [
  'conversations',
  'messages',
  'contacts',
  'labels',
  'canned_responses',
  'agents',
  'teams',
  'inboxes',
  'profile',
  'search',
  'macros',
] as const;

/** Every toolset, in the order auto mode promotes them to real tools: the default ones first. */
export const TOOLSETS = [
  ...DEFAULT_TOOLSETS,
  'reports',
  'notifications',
  'support_extras',
  'help_center',
  'admin',
  'account',
  'automation',
  'campaigns',
  'sla',
  'assignment',
  'companies',
  'captain',
  'integrations',
  'webhooks',
  'platform',
  'client',
] as const;

export type Toolset = (typeof TOOLSETS)[number];
/** `all` and `default` expand; anything else must be a toolset name. */
export function expandToolsets(names: readonly string[]): { toolsets: Set<Toolset>; unknown: string[] } {
  const toolsets = new Set<Toolset>();
  const unknown: string[] = [];
  for (const name of names) {
    if (name === 'all') for (const toolset of TOOLSETS) toolsets.add(toolset);
    else if (name === 'default') for (const toolset of DEFAULT_TOOLSETS) toolsets.add(toolset);
    else if ((TOOLSETS as readonly string[]).includes(name)) toolsets.add(name as Toolset);
    else unknown.push(name);
  }
  return { toolsets, unknown };
}
