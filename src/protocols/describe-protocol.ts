import { describePeople } from '../domain/permissions';
import type { Level, Protocol, ProtocolDefinition } from '../domain/protocol';
import { resolveRoute, ProtocolSettings } from './protocol-file';

const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

function entryText(protocol: Protocol, level: Level, stage: number): string {
  switch (level.entry.by) {
    case 'raise':
      return 'when the dispute is raised';
    case 'timer':
      return 'when the level before runs out';
    case 'request':
      return 'when a professional asks, once the level before has run out (or sooner)';
    case 'approval':
      return `with the approval of ${describePeople(protocol, level.entry.approvers, stage)}`;
  }
}

/** A protocol's ladder, one route at a time, as a partnership would check it against its text. */
export function describeProtocol(definition: ProtocolDefinition, settings: ProtocolSettings): string {
  const lines = [`${definition.name} (${definition.id}@${definition.version})`, `Source: ${definition.source}`];
  if (definition.completeWithinWorkingDays) lines.push(`The whole dispute finishes within ${days(definition.completeWithinWorkingDays)}.`);
  for (const route of definition.routes) {
    const p = resolveRoute(definition, route.id, settings);
    lines.push('', `Route "${route.id}": ${route.title}`);
    p.levels.forEach((level, i) => {
      const stage = i + 1;
      const facts = [
        `led by ${describePeople(p, level.lead, stage)}`,
        `entered ${entryText(p, level, stage)}`,
        `${days(level.workingDays)}${level.protectiveDate ? ' or sooner to protect the child' : ''}`,
        level.meeting === 'all-parties' ? 'a meeting of all parties is convened' : level.meeting === 'may' ? 'a meeting may be convened' : '',
        level.decidedBy ? `the decision is recorded by ${describePeople(p, level.decidedBy, stage)}` : '',
        level.writtenAccount ? 'the written account is sent on entry' : '',
        level.skip ? `may be passed over by ${describePeople(p, level.skip, stage)}` : '',
      ].filter(Boolean);
      lines.push(`  ${stage}. ${level.label}: ${level.title}`, `     ${facts.join('; ')}`);
    });
    if (p.outsideReferral) lines.push(`  At any point ${describePeople(p, p.outsideReferral.by, 1)} may refer it to ${p.outsideReferral.to}.`);
  }
  return lines.join('\n');
}
