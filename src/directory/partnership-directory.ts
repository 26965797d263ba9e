import { readFileSync } from 'node:fs';
import type { PersonRef, Side } from '../domain/dispute';
import { bare, isGuid, personRef } from '../domain/person';

/** A person as the directory file lists them. */
interface DirectoryFilePerson {
  /** The directory's own id for them (what managerId, deputyId and the lists refer to): an alias, never how Teams names them. */
  id: string;
  name: string;
  agency: string;
  /** Their Entra object id in the tenant they use Teams in (a guest: their guest object id in the partnership's tenant). */
  aadObjectId?: string;
  /** That tenant, where it is neither their agency's nor the partnership's. */
  tenantId?: string;
  email?: string;
  title?: string;
  managerId?: string;
  /** A standing deputy: brought in when this person is away, or silent when a dispute needs them. */
  deputyId?: string;
  /** Rungs of the protocol's management chain held ("first-line", "senior"…), where the directory says so outright. */
  levels?: string[];
}

/** A person in the directory: who they are to Teams (see person.ts), their directory id and their agency. */
export interface DirectoryPerson extends PersonRef, Omit<DirectoryFilePerson, 'aadObjectId' | 'tenantId'> {}

/** Who is whose manager, and who the partnership's contacts are. */
export interface Directory {
  /** The partnership's own tenant: its team, its disputes channel, its guests. */
  tenantId(): string;
  agencies(): string[];
  /** The organisation an agency belongs to (a council's social care and early help are one); an agency not said to belong to one is its own. */
  organisationOf(agency: string): string;
  people(): DirectoryPerson[];
  /** A person by the directory's own id (the ids cards offer as choices). */
  find(directoryId: string): DirectoryPerson | undefined;
  /** The directory's entry for a person, by who they are. */
  entryOf(person: PersonRef): DirectoryPerson | undefined;
  /**
   * The entry for someone Teams names by object id, in any of the tenants an activity carries
   * (a shared-channel member's activity carries the channel's tenant and their own).
   */
  identify(aadObjectId: string, tenants: readonly string[]): DirectoryPerson | undefined;
  /** A professional's management chain at the protocol's rungs, lowest first: their managers, or the agency's contacts. */
  side(professional: PersonRef, agency: string, rungs: string[]): Promise<Side>;
  safeguardingLead(agency: string): DirectoryPerson | undefined;
  /** The rungs of the chain a person holds in their agency (empty for a practitioner). */
  managerLevels(person: PersonRef, rungs: string[]): string[];
  /** The partnership's designated safeguarding lead, told when a professional's manager cannot be found. */
  designatedLead(): PersonRef | undefined;
  secretariat(): PersonRef[];
  /** A person's standing deputy, where the directory names one. */
  deputy(person: PersonRef): PersonRef | undefined;
  /** Members of a body a protocol names ("secretariat", "conference-chairs"); empty when the directory lists none. */
  body(name: string): PersonRef[];
}

interface DirectoryFile {
  /** The partnership's tenant: people are in it unless their agency or their entry says otherwise. */
  tenantId?: string;
  /**
   * Agency names; an agency whose staff use Teams in their own tenant (a shared channel) gives
   * it, and one that belongs to a wider organisation names it (protocols may leave a level out
   * where both agencies are one organisation).
   */
  agencies: (string | { name: string; tenantId?: string; organisation?: string })[];
  people: DirectoryFilePerson[];
  /** Who carries a rung for an agency where a person's own manager is unknown; `level` is the rung's key. */
  escalationContacts?: { agency: string; level: string; personId: string }[];
  safeguardingLeads?: { agency: string; personId: string }[];
  designatedSafeguardingLead?: string;
  secretariat: string[];
  /** Other bodies a protocol names, by name: person ids. */
  bodies?: Record<string, string[]>;
}

/** The person as a dispute records them. */
export const ref = (p: DirectoryPerson): PersonRef => bare(p);

/**
 * The partnership's own directory of escalation contacts, kept as a JSON file. It serves
 * professionals in other tenants and police or health roles that Microsoft Graph cannot see.
 */
export class PartnershipDirectory implements Directory {
  private readonly byId = new Map<string, DirectoryPerson>();
  private readonly byKey = new Map<string, DirectoryPerson>();
  private readonly byObjectId = new Map<string, DirectoryPerson[]>();
  private readonly all: DirectoryPerson[] = [];
  private readonly agencyNames: string[];
  private readonly organisations = new Map<string, string>();
  private readonly partnershipTenant: string;

  /** `fallbackTenantId`: the partnership's tenant where the file does not name it (the bot's own tenant). */
  constructor(private readonly data: DirectoryFile, fallbackTenantId = '') {
    const problems: string[] = [];
    this.partnershipTenant = (data.tenantId ?? fallbackTenantId).toLowerCase();
    if (!isGuid(this.partnershipTenant)) problems.push(`"tenantId" must be the partnership's Entra tenant id (a GUID)${this.partnershipTenant ? `, got "${this.partnershipTenant}"` : ''}`);
    const agencyTenants = new Map<string, string>();
    this.agencyNames = data.agencies.map((a) => {
      if (typeof a === 'string') return a;
      if (a.tenantId !== undefined) {
        if (!isGuid(a.tenantId)) problems.push(`agency "${a.name}": "tenantId" must be a GUID`);
        agencyTenants.set(a.name, a.tenantId);
      }
      if (a.organisation !== undefined) {
        if (typeof a.organisation !== 'string' || !a.organisation.trim()) problems.push(`agency "${a.name}": "organisation" must name the organisation it belongs to`);
        else this.organisations.set(a.name, a.organisation.trim());
      }
      return a.name;
    });
    for (const person of data.people) {
      if (!person.id || !person.name || !person.agency) throw new Error(`Directory person needs id, name and agency: ${JSON.stringify(person.id ?? person)}`);
      // A directory written with object ids as its ids (deploy.md allows it) needs no aadObjectId besides.
      const objectId = person.aadObjectId ?? (isGuid(person.id) ? person.id : undefined);
      const tenantId = person.tenantId ?? agencyTenants.get(person.agency) ?? this.partnershipTenant;
      if (!isGuid(objectId)) problems.push(`person "${person.id}" (${person.name}) needs "aadObjectId": their Entra object id in the tenant they use Teams in`);
      if (person.tenantId !== undefined && !isGuid(person.tenantId)) problems.push(`person "${person.id}": "tenantId" must be a GUID`);
      const { aadObjectId: _a, tenantId: _t, ...rest } = person;
      const entry: DirectoryPerson = { ...rest, ...personRef(person.name, isGuid(tenantId) ? tenantId : '', objectId ?? '') };
      if (this.byKey.has(entry.key)) problems.push(`person "${person.id}" has the same tenant and object id as "${this.byKey.get(entry.key)!.id}"`);
      this.byId.set(person.id, entry);
      this.byKey.set(entry.key, entry);
      this.byObjectId.set(entry.aadObjectId, [...(this.byObjectId.get(entry.aadObjectId) ?? []), entry]);
      this.all.push(entry);
    }
    if (problems.length) throw new Error(`DIRECTORY_FILE: ${problems.join('; ')}`);
    const known = (id: string, where: string) => {
      if (!this.byId.has(id)) throw new Error(`Directory ${where} names unknown person "${id}"`);
    };
    data.people.forEach((p) => p.managerId && known(p.managerId, `manager of ${p.id}`));
    data.people.forEach((p) => p.deputyId && known(p.deputyId, `deputy of ${p.id}`));
    data.escalationContacts?.forEach((c) => known(c.personId, `escalation contact for ${c.agency}`));
    data.safeguardingLeads?.forEach((c) => known(c.personId, `safeguarding lead for ${c.agency}`));
    data.secretariat.forEach((id) => known(id, 'secretariat'));
    Object.entries(data.bodies ?? {}).forEach(([body, ids]) => ids.forEach((id) => known(id, `body ${body}`)));
    if (data.designatedSafeguardingLead) known(data.designatedSafeguardingLead, 'designated safeguarding lead');
  }

  static fromFile(file: string, fallbackTenantId = ''): PartnershipDirectory {
    let data: DirectoryFile;
    try {
      data = JSON.parse(readFileSync(file, 'utf8')) as DirectoryFile;
    } catch (error) {
      throw new Error(`DIRECTORY_FILE: cannot read ${file}: ${(error as Error).message}`);
    }
    return new PartnershipDirectory(data, fallbackTenantId);
  }

  tenantId(): string {
    return this.partnershipTenant;
  }

  agencies(): string[] {
    return [...this.agencyNames];
  }

  organisationOf(agency: string): string {
    return this.organisations.get(agency) ?? agency;
  }

  people(): DirectoryPerson[] {
    return [...this.all];
  }

  find(directoryId: string): DirectoryPerson | undefined {
    return this.byId.get(directoryId);
  }

  entryOf(person: PersonRef): DirectoryPerson | undefined {
    return this.byKey.get(person.key);
  }

  identify(aadObjectId: string, tenants: readonly string[]): DirectoryPerson | undefined {
    const wanted = new Set(tenants.map((t) => t.toLowerCase()));
    return this.byObjectId.get(aadObjectId.toLowerCase())?.find((p) => wanted.has(p.tenantId));
  }

  private get(id: string): DirectoryPerson {
    return this.byId.get(id)!;
  }

  /** The agency's escalation contacts at a rung: for people whose manager is unknown. */
  contacts(agency: string, rung: string): PersonRef[] {
    return (this.data.escalationContacts ?? [])
      .filter((c) => c.agency === agency && c.level === rung)
      .map((c) => ref(this.get(c.personId)));
  }

  /** Up the chain one rung at a time: each rung is the manager of the one below, else the agency's contacts for it. */
  async side(professional: PersonRef, agency: string, rungs: string[]): Promise<Side> {
    let below = this.entryOf(professional);
    const managers: Record<string, PersonRef[]> = {};
    const seen = new Set<string>([professional.key]);
    for (const rung of rungs) {
      const manager = below?.managerId ? this.find(below.managerId) : undefined;
      const people = (manager ? [ref(manager)] : this.contacts(agency, rung)).filter((p) => !seen.has(p.key));
      people.forEach((p) => seen.add(p.key));
      managers[rung] = people;
      below = manager;
    }
    return { professional, agency, managers };
  }

  /**
   * A person holds the first rung if they manage someone, are an agency's safeguarding lead (the
   * protocol's "safeguarding professional / Named Nurse") or a contact for it; each rung above,
   * if they manage someone at the rung below or are a contact for it. The file may also say so.
   */
  managerLevels(who: PersonRef, rungs: string[]): string[] {
    const person = this.entryOf(who);
    if (!person) return [];
    const contact = (rung: string) => (this.data.escalationContacts ?? []).some((c) => c.personId === person.id && c.level === rung);
    const held = new Set<string>(person.levels ?? []);
    // Depth of the management tree below the person: 1 manages someone, 2 manages a manager…
    const depth = (p: DirectoryPerson, guard = 0): number => {
      const reports = this.all.filter((r) => r.managerId === p.id);
      return reports.length === 0 || guard > rungs.length ? 0 : 1 + Math.max(...reports.map((r) => depth(r, guard + 1)));
    };
    const below = depth(person);
    rungs.forEach((rung, i) => {
      if (below > i || contact(rung)) held.add(rung);
    });
    if (rungs[0] && (this.data.safeguardingLeads ?? []).some((l) => l.personId === person.id)) held.add(rungs[0]);
    return rungs.filter((r) => held.has(r));
  }

  safeguardingLead(agency: string): DirectoryPerson | undefined {
    const lead = this.data.safeguardingLeads?.find((l) => l.agency === agency);
    return lead ? this.find(lead.personId) : undefined;
  }

  designatedLead(): PersonRef | undefined {
    const id = this.data.designatedSafeguardingLead;
    return id ? ref(this.get(id)) : undefined;
  }

  deputy(person: PersonRef): PersonRef | undefined {
    const deputyId = this.entryOf(person)?.deputyId;
    return deputyId ? ref(this.get(deputyId)) : undefined;
  }

  secretariat(): PersonRef[] {
    return this.data.secretariat.map((id) => ref(this.get(id)));
  }

  body(name: string): PersonRef[] {
    if (name === 'secretariat') return this.secretariat();
    return (this.data.bodies?.[name] ?? []).map((id) => ref(this.get(id)));
  }
}
