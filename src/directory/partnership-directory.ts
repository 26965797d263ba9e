import { readFileSync } from 'node:fs';
import type { PersonRef, Side } from '../domain/dispute';
import type { ManagerLevel } from '../domain/messages';

export interface DirectoryPerson extends PersonRef {
  email?: string;
  agency: string;
  title?: string;
  managerId?: string;
  /** Management levels held, where the directory says so outright. */
  levels?: ManagerLevel[];
}

/** Who is whose manager, and who the partnership's contacts are. */
export interface Directory {
  agencies(): string[];
  people(): DirectoryPerson[];
  find(id: string): DirectoryPerson | undefined;
  /** A professional's escalation ladder: first-line and senior managers, or the agency's contacts. */
  side(professional: PersonRef, agency: string): Promise<Side>;
  safeguardingLead(agency: string): DirectoryPerson | undefined;
  /** The management levels a person holds in their agency (empty for a practitioner). */
  managerLevels(id: string): ManagerLevel[];
  /** The partnership's designated safeguarding lead, told when a professional's manager cannot be found. */
  designatedLead(): PersonRef | undefined;
  secretariat(): PersonRef[];
}

interface DirectoryFile {
  agencies: string[];
  people: DirectoryPerson[];
  escalationContacts?: { agency: string; level: 'first-line' | 'senior'; personId: string }[];
  safeguardingLeads?: { agency: string; personId: string }[];
  designatedSafeguardingLead?: string;
  secretariat: string[];
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
    data.escalationContacts?.forEach((c) => known(c.personId, `escalation contact for ${c.agency}`));
    data.safeguardingLeads?.forEach((c) => known(c.personId, `safeguarding lead for ${c.agency}`));
    data.secretariat.forEach((id) => known(id, 'secretariat'));
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

  /** The agency's escalation contacts at a level: for people whose manager is unknown. */
  contacts(agency: string, level: 'first-line' | 'senior'): PersonRef[] {
    return (this.data.escalationContacts ?? [])
      .filter((c) => c.agency === agency && c.level === level)
      .map((c) => ref(this.byId.get(c.personId)!));
  }

  async side(professional: PersonRef, agency: string): Promise<Side> {
    const person = this.find(professional.id) ?? (professional.aadObjectId ? this.find(professional.aadObjectId) : undefined);
    const manager = person?.managerId ? this.find(person.managerId) : undefined;
    const firstLine = manager ? [ref(manager)] : this.contacts(agency, 'first-line');
    const managersManager = manager?.managerId ? this.find(manager.managerId) : undefined;
    const senior = managersManager ? [ref(managersManager)] : this.contacts(agency, 'senior');
    return { professional, agency, firstLine, senior: senior.filter((s) => !firstLine.some((f) => f.id === s.id)) };
  }

  /**
   * A first-line manager manages someone, is an agency's safeguarding lead (the protocol's
   * "safeguarding professional / Named Nurse") or a first-line escalation contact; a senior
   * manager manages a manager or is a senior escalation contact. The file may also say so.
   */
  managerLevels(id: string): ManagerLevel[] {
    const person = this.find(id);
    if (!person) return [];
    const reports = this.data.people.filter((p) => p.managerId === person.id);
    const contact = (level: ManagerLevel) => (this.data.escalationContacts ?? []).some((c) => c.personId === person.id && c.level === level);
    const levels = new Set<ManagerLevel>(person.levels ?? []);
    if (reports.length > 0 || contact('first-line') || (this.data.safeguardingLeads ?? []).some((l) => l.personId === person.id)) levels.add('first-line');
    if (reports.some((r) => this.data.people.some((p) => p.managerId === r.id)) || contact('senior')) levels.add('senior');
    return [...levels];
  }

  safeguardingLead(agency: string): DirectoryPerson | undefined {
    const lead = this.data.safeguardingLeads?.find((l) => l.agency === agency);
    return lead ? this.find(lead.personId) : undefined;
  }

  designatedLead(): PersonRef | undefined {
    const id = this.data.designatedSafeguardingLead;
    return id ? ref(this.find(id)!) : undefined;
  }

  secretariat(): PersonRef[] {
    return this.data.secretariat.map((id) => ref(this.find(id)!));
  }
}
