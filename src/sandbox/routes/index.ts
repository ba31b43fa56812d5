import { Router } from '../router.js';
import { accountRoutes } from './account.js';
import { agentRoutes } from './agents.js';
import { botRoutes } from './bots.js';
import { clientRoutes } from './client.js';
import { collectionRoutes } from './collections.js';
import { contactRelationRoutes } from './contact-relations.js';
import { contactRoutes } from './contacts.js';
import { conversationActionRoutes } from './conversation-actions.js';
import { conversationRoutes } from './conversations.js';
import { extraRoutes } from './extras.js';
import { fileRoutes } from './files.js';
import { inboxRoutes } from './inboxes.js';
import { messageRoutes } from './messages.js';
import { platformRoutes } from './platform.js';
import { reportRoutes } from './reports.js';
import { teamRoutes } from './teams.js';

export function buildRouter(): Router {
  const router = new Router();
  for (const register of [
    accountRoutes,
    agentRoutes,
    teamRoutes,
    inboxRoutes,
    contactRoutes,
    contactRelationRoutes,
    conversationRoutes,
    conversationActionRoutes,
    messageRoutes,
    collectionRoutes,
    botRoutes,
    extraRoutes,
    reportRoutes,
    platformRoutes,
    clientRoutes,
    fileRoutes,
  ]) {
    register(router);
  }
  return router;
}
