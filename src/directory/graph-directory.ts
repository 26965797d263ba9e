import type { PersonRef, Side } from '../domain/dispute';
import type { Logger } from '../logger';
import { includes, personRef } from '../domain/person';
import { GraphClient, graphInstant, GraphTime } from '../graph/graph-client';
import { Directory, DirectoryPerson, PartnershipDirectory, ref } from './partnership-directory';

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
    /** A look-up is answered within Teams' wait for a raise: a budget of 3 s in all, throttling included. */
    private readonly graph: GraphClient,
    private readonly log: Logger,
  ) {}

  tenantId(): string {
    return this.partnership.tenantId();
  }

  entryOf(person: PersonRef): DirectoryPerson | undefined {
    return this.partnership.entryOf(person);
  }

  identify(aadObjectId: string, tenants: readonly string[]): DirectoryPerson | undefined {
    return this.partnership.identify(aadObjectId, tenants);
  }

  agencies(): string[] {
    return this.partnership.agencies();
  }

  organisationOf(agency: string): string {
    return this.partnership.organisationOf(agency);
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

  managerLevels(person: PersonRef, rungs: string[]): string[] {
    return this.partnership.managerLevels(person, rungs);
  }

  designatedLead(): PersonRef | undefined {
    return this.partnership.designatedLead();
  }

  secretariat(): PersonRef[] {
    return this.partnership.secretariat();
  }

  body(name: string): PersonRef[] {
    return this.partnership.body(name);
  }

  deputy(person: PersonRef): PersonRef | undefined {
    return this.partnership.deputy(person);
  }

  /**
   * Whether Outlook's automatic replies are on for a person in this tenant now (Graph's
   * mailbox settings), and until when if scheduled. Undefined when Graph cannot say.
   */
  async automaticReplies(person: PersonRef, now: Date): Promise<{ away: boolean; until?: string } | undefined> {
    // Graph reads the partnership's own tenant: nobody else's mailbox is there.
    if (!person.aadObjectId || person.tenantId !== this.tenantId()) return undefined;
    try {
      const response = await this.graph.request('GET', `/users/${encodeURIComponent(person.aadObjectId)}/mailboxSettings/automaticRepliesSetting`);
      if (!response.ok) return undefined;
      const setting = (await response.json()) as { status?: string; scheduledStartDateTime?: GraphTime; scheduledEndDateTime?: GraphTime };
      if (setting.status === 'alwaysEnabled') return { away: true };
      if (setting.status !== 'scheduled') return { away: false };
      const start = graphInstant(setting.scheduledStartDateTime);
      const end = graphInstant(setting.scheduledEndDateTime);
      const away = (!start || start <= now) && (!end || now < end);
      return away ? { away, ...(end ? { until: end.toISOString() } : {}) } : { away: false };
    } catch (error) {
      this.log.warn({ err: { message: (error as Error).message } }, 'Microsoft Graph automatic replies not read');
      return undefined;
    }
  }

  /** A user's manager, or undefined when Graph knows none (404) or cannot see the user. */
  async manager(userId: string): Promise<PersonRef | undefined> {
    const response = await this.graph.request('GET', `/users/${encodeURIComponent(userId)}/manager?$select=id,displayName`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`Microsoft Graph answered ${response.status} for a manager look-up`);
    const user = (await response.json()) as GraphUser;
    // Graph answers for the partnership's tenant; the directory's entry, where it has one, names them as the partnership does.
    const found = personRef(user.displayName ?? 'Unknown', this.tenantId(), user.id);
    const entry = this.partnership.entryOf(found);
    return entry ? ref(entry) : found;
  }

  /** Up the Graph manager chain as far as Graph knows it; the rungs above come from the partnership directory. */
  async side(professional: PersonRef, agency: string, rungs: string[]): Promise<Side> {
    const fromPartnership = await this.partnership.side(professional, agency, rungs);
    if (!professional.aadObjectId || professional.tenantId !== this.tenantId()) return fromPartnership;
    try {
      const managers: Record<string, PersonRef[]> = {};
      let below: string | undefined = professional.aadObjectId;
      for (const rung of rungs) {
        const manager: PersonRef | undefined = below ? await this.manager(below) : undefined;
        if (!manager && rung === rungs[0]) return fromPartnership;
        const taken = Object.values(managers).flat();
        managers[rung] = manager ? [manager] : (fromPartnership.managers[rung] ?? []).filter((p) => !includes(taken, p));
        below = manager?.aadObjectId;
      }
      return { professional, agency, managers };
    } catch (error) {
      // Graph being down must not stop a disagreement being raised: fall back, and say so.
      this.log.warn({ err: { message: (error as Error).message } }, 'Graph manager look-up failed; using the partnership directory');
      return fromPartnership;
    }
  }
}
