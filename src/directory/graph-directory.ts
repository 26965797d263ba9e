import type { PersonRef, Side } from '../domain/dispute';
import type { Logger } from '../logger';
import { includes, personRef } from '../domain/person';
import { Directory, DirectoryPerson, PartnershipDirectory, ref } from './partnership-directory';

/** An access token for Microsoft Graph (client credentials or managed identity in production). */
export type TokenProvider = () => Promise<string>;

interface GraphUser {
  id: string;
  displayName?: string;
}

/** Graph's dateTimeTimeZone, as an instant (Graph answers UTC unless asked otherwise). */
function graphMoment(value: { dateTime?: string; timeZone?: string } | undefined): Date | undefined {
  if (!value?.dateTime) return undefined;
  const utc = !value.timeZone || /^(UTC|Etc\/UTC|GMT)$/i.test(value.timeZone);
  const moment = new Date(utc && !/[zZ]|[+-]\d\d:\d\d$/.test(value.dateTime) ? `${value.dateTime}Z` : value.dateTime);
  return Number.isNaN(moment.getTime()) ? undefined : moment;
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
    /** How long one look-up may take in all, waits for Graph's throttling included: a raise is answered within Teams' wait. */
    private readonly budgetMs = 3000,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /**
   * GET from Graph. Throttled (429), it waits as long as Graph's Retry-After says (1 s, then
   * 2 s, where it says nothing) and tries again; unavailable (503, 504) with a Retry-After, the
   * same; all within the look-up's budget. Past it, Graph's answer is returned as it was.
   * https://learn.microsoft.com/graph/throttling: "wait the number of seconds specified in the
   * Retry-After header and retry the request".
   */
  private async graphGet(url: string): Promise<Response> {
    const deadline = Date.now() + this.budgetMs;
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${await this.token()}` }, signal: AbortSignal.timeout(Math.max(1, Math.min(this.timeoutMs, left))) });
      if (![429, 503, 504].includes(response.status) || attempt >= 3) return response;
      const header = response.headers.get('retry-after');
      const retryAfter = header === null || header.trim() === '' ? Number.NaN : Number(header);
      if (response.status !== 429 && Number.isNaN(retryAfter)) return response;
      const waitMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 1000 * 2 ** attempt;
      if (waitMs > deadline - Date.now() - 100) return response;
      this.log.info({ status: response.status, waitMs }, 'Microsoft Graph asked to wait; trying again');
      await response.body?.cancel();
      await this.sleep(waitMs);
    }
  }

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
    const url = `${this.graphBaseUrl.replace(/\/$/, '')}/v1.0/users/${encodeURIComponent(person.aadObjectId)}/mailboxSettings/automaticRepliesSetting`;
    try {
      const response = await this.graphGet(url);
      if (!response.ok) return undefined;
      const setting = (await response.json()) as { status?: string; scheduledStartDateTime?: { dateTime?: string; timeZone?: string }; scheduledEndDateTime?: { dateTime?: string; timeZone?: string } };
      if (setting.status === 'alwaysEnabled') return { away: true };
      if (setting.status !== 'scheduled') return { away: false };
      const start = graphMoment(setting.scheduledStartDateTime);
      const end = graphMoment(setting.scheduledEndDateTime);
      const away = (!start || start <= now) && (!end || now < end);
      return away ? { away, ...(end ? { until: end.toISOString() } : {}) } : { away: false };
    } catch (error) {
      this.log.warn({ err: { message: (error as Error).message } }, 'Microsoft Graph automatic replies not read');
      return undefined;
    }
  }

  /** A user's manager, or undefined when Graph knows none (404) or cannot see the user. */
  async manager(userId: string): Promise<PersonRef | undefined> {
    const url = `${this.graphBaseUrl.replace(/\/$/, '')}/v1.0/users/${encodeURIComponent(userId)}/manager?$select=id,displayName`;
    const response = await this.graphGet(url);
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
