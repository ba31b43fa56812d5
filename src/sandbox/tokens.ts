export const SANDBOX_TOKENS = {
  user: 'sandbox-user-token',
  agentBot: 'sandbox-bot-token',
  platform: 'sandbox-platform-token',
} as const;
