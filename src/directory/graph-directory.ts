import type { ManagerLevel } from '../domain/messages';
import type { PersonRef, Side } from '../domain/dispute';
import type { Logger } from '../logger';
import { Directory, DirectoryPerson, PartnershipDirectory } from './partnership-directory';

/** An access token for Microsoft Graph (client credentials or managed identity in production). */
export type TokenProvider = () => Promise<string>;

interface GraphUser {
  id: string;
  displayName?: string;
}

/**
 * Managers from Microsoft Graph (`/users/{id}/manager`), for people in the partnership's own
 * tenant. Graph cannot see people in other agencies' tenants, nor police or health roles
 * managed elsewhere: those come from the partnership directory, which this wraps.
 */
export class GraphDirectory implements Directory {
  constructor(
    private readonly partnership: PartnershipDirectory,
    private readonly graphBaseUrl: string,
    private readonly token: TokenProvider,
    private readonly log: Logger,
    private readonly timeoutMs = 5000,
  ) {}

  agencies(): string[] {
    return this.partnership.agencies();
  }

  people(): DirectoryPerson[] {
    return this.partnership.people();
  }

  find(id: string): DirectoryPerson | undefined {
    return this.partnership.find(id);
  }

  safeguardingLead(agency: string): DirectoryPerson | undefined {
    return this.partnership.safeguardingLead(agency);
  }

  managerLevels(id: string): ManagerLevel[] {
    return this.partnership.managerLevels(id);
  }

  designatedLead(): PersonRef | undefined {
    return this.partnership.designatedLead();
  }

  secretariat(): PersonRef[] {
    return this.partnership.secretariat();
  }

  /** A user's manager, or undefined when Graph knows none (404) or cannot see the user. */
  async manager(userId: string): Promise<PersonRef | undefined> {
    const url = `${this.graphBaseUrl.replace(/\/$/, '')}/v1.0/users/${encodeURIComponent(userId)}/manager?$select=id,displayName`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${await this.token()}` }, signal: AbortSignal.timeout(this.timeoutMs) });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`Microsoft Graph answered ${response.status} for a manager look-up`);
    const user = (await response.json()) as GraphUser;
    return { id: user.id, aadObjectId: user.id, name: user.displayName ?? 'Unknown' };
  }

  async side(professional: PersonRef, agency: string): Promise<Side> {
    const fromPartnership = await this.partnership.side(professional, agency);
    if (!professional.aadObjectId) return fromPartnership;
    try {
      const firstLine = await this.manager(professional.aadObjectId);
      if (!firstLine) return fromPartnership;
      const senior = await this.manager(firstLine.aadObjectId!);
      return {
        professional,
        agency,
        firstLine: [firstLine],
        senior: senior ? [senior] : fromPartnership.senior.filter((p) => p.id !== firstLine.id),
      };
    } catch (error) {
      // Graph being down must not stop a disagreement being raised: fall back, and say so.
      this.log.warn({ err: { message: (error as Error).message } }, 'Graph manager look-up failed; using the partnership directory');
      return fromPartnership;
    }
  }
}
