import { accountOf, type Ctx, currentUser, empty, ok, param } from '../context.js';
import { failure, invalid } from '../errors.js';
import { bool, ints, str } from '../params.js';
import type { Router } from '../router.js';
import type { Team } from '../store/types.js';
import { agentView, teamView } from '../views/people.js';

const TEAMS = '/api/v1/accounts/:account_id/teams';

export function teamRoutes(router: Router): void {
  router.add('GET', TEAMS, (ctx) => {
    const account = accountOf(ctx);
    const teams = ctx.store.teams.filter((team) => team.account_id === account.id);
    return ok(teams.map((team) => teamView(team, currentUser(ctx))));
  });
  router.add('POST', TEAMS, (ctx) => {
    const account = accountOf(ctx);
    const name = checkedName(ctx);
    const team: Team = {
      id: ctx.store.nextId('team'),
      account_id: account.id,
      name,
      description: str(ctx.body.description) ?? null,
      allow_auto_assign: bool(ctx.body.allow_auto_assign) ?? true,
      member_ids: [],
    };
    ctx.store.teams.push(team);
    return ok(teamView(team, currentUser(ctx)));
  });
  router.add('GET', `${TEAMS}/:team_id`, (ctx) => ok(teamView(teamOf(ctx), currentUser(ctx))));
  const update = (ctx: Ctx) => {
    const team = teamOf(ctx);
    if ('name' in ctx.body) team.name = checkedName(ctx, team.id);
    if ('description' in ctx.body) team.description = str(ctx.body.description) ?? null;
    team.allow_auto_assign = bool(ctx.body.allow_auto_assign) ?? team.allow_auto_assign;
    return ok(teamView(team, currentUser(ctx)));
  };
  router.add('PATCH', `${TEAMS}/:team_id`, update);
  router.add('PUT', `${TEAMS}/:team_id`, update);
  router.add('DELETE', `${TEAMS}/:team_id`, (ctx) => {
    const team = teamOf(ctx);
    ctx.store.teams.splice(ctx.store.teams.indexOf(team), 1);
    for (const conversation of ctx.store.conversations) {
      if (conversation.team_id === team.id) conversation.team_id = null;
    }
    return empty();
  });

  const members = `${TEAMS}/:team_id/team_members`;
  router.add('GET', members, (ctx) => ok(memberViews(ctx, teamOf(ctx).member_ids)));
  router.add('POST', members, (ctx) => {
    const team = teamOf(ctx);
    const added = userIds(ctx).filter((id) => !team.member_ids.includes(id));
    team.member_ids.push(...added);
    return ok(memberViews(ctx, added));
  });
  router.add('PATCH', members, (ctx) => {
    const team = teamOf(ctx);
    team.member_ids = userIds(ctx);
    return ok(memberViews(ctx, team.member_ids));
  });
  router.add('DELETE', members, (ctx) => {
    const team = teamOf(ctx);
    const removed = new Set(userIds(ctx));
    team.member_ids = team.member_ids.filter((id) => !removed.has(id));
    return empty();
  });
}

function teamOf(ctx: Ctx): Team {
  return ctx.store.team(accountOf(ctx).id, param(ctx, 'team_id'));
}

function checkedName(ctx: Ctx, selfId?: number): string {
  const name = str(ctx.body.name)?.trim();
  if (!name) throw invalid('name', "Name can't be blank");
  const account = accountOf(ctx);
  const taken = ctx.store.teams.some(
    (team) =>
      team.account_id === account.id && team.id !== selfId && team.name.toLowerCase() === name.toLowerCase(),
  );
  if (taken) throw invalid('name', 'Name has already been taken');
  return name;
}

/** `user_ids` of agents of the account; anything else is refused as a whole. */
export function userIds(ctx: Ctx): number[] {
  const ids = [...new Set(ints(ctx.body.user_ids))];
  const account = accountOf(ctx);
  const unknown = ids.filter((id) => !ctx.store.membership(account.id, id));
  if (unknown.length > 0) throw failure('Invalid User IDs', 401);
  return ids;
}

export function memberViews(ctx: Ctx, ids: number[]) {
  const account = accountOf(ctx);
  return ids.flatMap((id) => {
    const member = ctx.store.membership(account.id, id);
    return member ? [agentView(ctx, member)] : [];
  });
}
