import { readFileSync } from 'node:fs';
import type { PersonRef, Side } from '../domain/dispute';

export interface DirectoryPerson extends PersonRef {
  email?: string;
  agency: string;
  title?: string;
  managerId?: string;
  /** A standing deputy: brought in when this person is away, or silent when a dispute needs them. */
  deputyId?: string;
  /** Rungs of the protocol's management chain held ("first-line", "senior"…), where the directory says so outright. */
  levels?: string[];
}

/** Who is whose manager, and who the partnership's contacts are. */
export interface Directory {
  agencies(): string[];
  people(): DirectoryPerson[];
  find(id: string): DirectoryPerson | undefined;
  /** A professional's management chain at the protocol's rungs, lowest first: their managers, or the agency's contacts. */
  side(professional: PersonRef, agency: string, rungs: string[]): Promise<Side>;
  safeguardingLead(agency: string): DirectoryPerson | undefined;
  /** The rungs of the chain a person holds in their agency (empty for a practitioner). */
  managerLevels(id: string, rungs: string[]): string[];
  /** The partnership's designated safeguarding lead, told when a professional's manager cannot be found. */
  designatedLead(): PersonRef | undefined;
  secretariat(): PersonRef[];
  /** A person's standing deputy, where the directory names one. */
  deputy(id: string): PersonRef | undefined;
  /** Members of a body a protocol names ("secretariat", "conference-chairs"); empty when the directory lists none. */
  body(name: string): PersonRef[];
}

interface DirectoryFile {
  agencies: string[];
  people: DirectoryPerson[];
  /** Who carries a rung for an agency where a person's own manager is unknown; `level` is the rung's key. */
  escalationContacts?: { agency: string; level: string; personId: string }[];
  safeguardingLeads?: { agency: string; personId: string }[];
  designatedSafeguardingLead?: string;
  secretariat: string[];
  /** Other bodies a protocol names, by name: person ids. */
  bodies?: Record<string, string[]>;
}

export const ref = (p: DirectoryPerson): PersonRef => (p.aadObjectId ? { id: p.id, name: p.name, aadObjectId: p.aadObjectId } : { id: p.id, name: p.name });

/**
 * The partnership's own directory of escalation contacts, kept as a JSON file. It serves
 * professionals in other tenants and police or health roles that Microsoft Graph cannot see.
 */
export class PartnershipDirectory implements Directory {
  private readonly byId = new Map<string, DirectoryPerson>();

  constructor(private readonly data: DirectoryFile) {
    for (const person of data.people) {
      if (!person.id || !person.name || !person.agency) throw new Error(`Directory person needs id, name and agency: ${JSON.stringify(person.id ?? person)}`);
      this.byId.set(person.id, person);
      if (person.aadObjectId) this.byId.set(person.aadObjectId, person);
    }
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

  static fromFile(file: string): PartnershipDirectory {
    let data: DirectoryFile;
    try {
      data = JSON.parse(readFileSync(file, 'utf8')) as DirectoryFile;
    } catch (error) {
      throw new Error(`DIRECTORY_FILE: cannot read ${file}: ${(error as Error).message}`);
    }
    return new PartnershipDirectory(data);
  }

  agencies(): string[] {
    return [...this.data.agencies];
  }

  people(): DirectoryPerson[] {
    return [...this.data.people];
  }

  find(id: string): DirectoryPerson | undefined {
    return this.byId.get(id);
  }

  /** The agency's escalation contacts at a rung: for people whose manager is unknown. */
  contacts(agency: string, rung: string): PersonRef[] {
    return (this.data.escalationContacts ?? [])
      .filter((c) => c.agency === agency && c.level === rung)
      .map((c) => ref(this.byId.get(c.personId)!));
  }

  /** Up the chain one rung at a time: each rung is the manager of the one below, else the agency's contacts for it. */
  async side(professional: PersonRef, agency: string, rungs: string[]): Promise<Side> {
    let below = this.find(professional.id) ?? (professional.aadObjectId ? this.find(professional.aadObjectId) : undefined);
    const managers: Record<string, PersonRef[]> = {};
    const seen = new Set<string>([professional.id]);
    for (const rung of rungs) {
      const manager = below?.managerId ? this.find(below.managerId) : undefined;
      const people = (manager ? [ref(manager)] : this.contacts(agency, rung)).filter((p) => !seen.has(p.id));
      people.forEach((p) => seen.add(p.id));
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
  managerLevels(id: string, rungs: string[]): string[] {
    const person = this.find(id);
    if (!person) return [];
    const contact = (rung: string) => (this.data.escalationContacts ?? []).some((c) => c.personId === person.id && c.level === rung);
    const held = new Set<string>(person.levels ?? []);
    // Depth of the management tree below the person: 1 manages someone, 2 manages a manager…
    const depth = (p: DirectoryPerson, guard = 0): number => {
      const reports = this.data.people.filter((r) => r.managerId === p.id);
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
    return id ? ref(this.find(id)!) : undefined;
  }

  deputy(id: string): PersonRef | undefined {
    const deputyId = this.find(id)?.deputyId;
    return deputyId ? ref(this.find(deputyId)!) : undefined;
  }

  secretariat(): PersonRef[] {
    return this.data.secretariat.map((id) => ref(this.find(id)!));
  }

  body(name: string): PersonRef[] {
    if (name === 'secretariat') return this.secretariat();
    return (this.data.bodies?.[name] ?? []).map((id) => ref(this.find(id)!));
  }
}
