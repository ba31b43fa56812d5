export const SANDBOX_TOKENS = {
  user: 'sandbox-user-token',
  /** Bob, an agent who is not an administrator. */
  agent: 'sandbox-agent-token',
  agentBot: 'sandbox-bot-token',
  platform: 'sandbox-platform-token',
} as const;
