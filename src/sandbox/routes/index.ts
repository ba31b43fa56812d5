import { Router } from '../router.js';
import { accountRoutes } from './account.js';
import { agentRoutes } from './agents.js';
import { articleRoutes } from './articles.js';
import { botRoutes } from './bots.js';
import { bulkRoutes } from './bulk.js';
import { clientRoutes } from './client.js';
import { collectionRoutes } from './collections.js';
import { contactRelationRoutes } from './contact-relations.js';
import { contactRoutes } from './contacts.js';
import { conversationActionRoutes } from './conversation-actions.js';
import { conversationPeopleRoutes } from './conversation-people.js';
import { conversationRoutes } from './conversations.js';
import { extraRoutes } from './extras.js';
import { fileRoutes } from './files.js';
import { inboxRoutes } from './inboxes.js';
import { macroRoutes } from './macros.js';
import { messageRoutes } from './messages.js';
import { noteRoutes } from './notes.js';
import { notificationRoutes } from './notifications.js';
import { platformRoutes } from './platform.js';
import { reportRoutes } from './reports.js';
import { searchRoutes } from './search.js';
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
    searchRoutes,
    bulkRoutes,
    macroRoutes,
    noteRoutes,
    conversationPeopleRoutes,
    articleRoutes,
    notificationRoutes,
  ]) {
    register(router);
  }
  return router;
}
