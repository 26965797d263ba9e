import { createHash } from 'node:crypto';
import { PersonRef, personRef } from '../../src/domain/person';

/**
 * People as Microsoft Teams identifies them to this bot: `id` a `29:` user id that is specific to
 * the bot (pairwise, different from the Entra object id and from the directory's id),
 * `aadObjectId` their Entra object id, `tenantId` the tenant they use Teams in. Hillside
 * Primary School's staff are guests of the partnership's tenant (guest object ids there); the
 * Police take part through a shared channel from their own tenant.
 */
export const PARTNERSHIP_TENANT = '6a0b7c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d';
export const POLICE_TENANT = 'b1f2e3d4-c5b6-4a79-8812-93a4b5c6d7e8';

export type Kind = 'member' | 'guest' | 'shared-channel' | 'unlisted';

export interface TeamsPerson extends PersonRef {
  /** The `29:` id Teams sends as `from.id` to this bot. */
  id: string;
  name: string;
  aadObjectId: string;
  tenantId: string;
  /** The partnership directory's own id for them (what its cards offer as choices). */
  directoryId: string;
  kind: Kind;
}

/** A `29:` id as Teams makes them: opaque, bot-specific, nothing like the object id. */
export function teamsUserId(seed: string): string {
  return `29:1${createHash('sha256').update(`teams-user|${seed}`).digest('base64url').slice(0, 43)}`;
}

export function teamsPerson(directoryId: string, name: string, aadObjectId: string, kind: Kind, tenantId = kind === 'shared-channel' ? POLICE_TENANT : PARTNERSHIP_TENANT): TeamsPerson {
  return { ...personRef(name, tenantId, aadObjectId), id: teamsUserId(directoryId), directoryId, kind };
}

/** The tenants a person's activity carries: in their own chat, theirs; in the partnership's channel, the channel's too. */
export function activityTenants(person: Pick<TeamsPerson, 'tenantId'>, inChannel: boolean) {
  return {
    channelData: { tenant: { id: person.tenantId } },
    conversationTenant: inChannel ? PARTNERSHIP_TENANT : person.tenantId,
  };
}
