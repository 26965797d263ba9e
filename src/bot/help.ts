import type { Level, Protocol } from '../domain/protocol';
import { describePeople } from '../domain/permissions';
import { capital } from '../domain/narrative';

const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

/** One line per level of the ladder, from the protocol's own data. */
function levelLine(protocol: Protocol, level: Level, i: number): string {
  const stage = i + 1;
  const who = describePeople(protocol, level.lead, stage);
  const entry = level.entry.by === 'raise'
    ? `Type **raise** in this chat. I open a thread with the other professional, who starts by asking you "${protocol.route.opening.question}".${protocol.concernsInWriting === 'same-working-day' ? ' Put your concerns in writing the same working day.' : ''}`
    : level.entry.by === 'timer'
      ? `If there is no agreed outcome in time, I bring in ${who}.`
      : level.entry.by === 'request'
        ? `When a professional asks, I bring in ${who}.`
        : `With the approval of ${describePeople(protocol, level.entry.approvers, stage)}, I bring in ${who}${level.writtenAccount ? ', who receive a written account of the dispute and of what was tried' : ''}.`;
  const extras = [
    level.meeting === 'all-parties' ? 'A discussion or meeting of all parties is convened.' : level.meeting === 'may' ? 'A meeting may be convened.' : '',
    level.decidedBy ? `${capital(describePeople(protocol, level.decidedBy, stage))} may record a decision that closes it.` : '',
    level.skip ? 'This level may be passed over where the child\'s needs call for it.' : '',
  ].filter(Boolean).join(' ');
  const timescale = `${days(level.workingDays)}${level.protectiveDate ? ', or sooner if the child needs it' : ''}`;
  return `${stage}. **${level.label}: ${level.title}** (${timescale}). ${entry}${extras ? ` ${extras}` : ''}`;
}

/** The process in plain words, with the emergency route first. */
export function helpText(protocol: Protocol, emergencyContact: string): string {
  const limit = protocol.completeWithinWorkingDays ? [`The whole process finishes within ${days(protocol.completeWithinWorkingDays)}.`, ''] : [];
  const outside = protocol.outsideReferral ? [`${capital(describePeople(protocol, protocol.outsideReferral.by, 1))} may refer it to ${protocol.outsideReferral.to} at any point.`, ''] : [];
  return [
    `**If a child is at immediate risk of significant harm, call 999 now**, then ${emergencyContact}. Do not wait for this process.`,
    '',
    `I help you resolve a professional disagreement with another agency about a child, following the ${protocol.name}. Challenge is part of healthy professional working: be respectful, keep the child at the centre, and be open to new information.`,
    '',
    ...protocol.levels.map((level, i) => levelLine(protocol, level, i)),
    '',
    ...limit,
    ...outside,
    ...(protocol.levels.some((l) => l.meeting !== 'none') ? ['Meetings are held in working hours and end before the level\'s time runs out; whoever convenes one can move or cancel it from the card, and everyone invited is told.', ''] : []),
    'It ends with a written confirmation of the agreed outcome, outstanding issues, actions and timescales. Type **status** to see your open disagreements.',
    '',
    'Use the child\'s case reference and initials only, never their name. Finding it hard to challenge? Ask your safeguarding lead for advice.',
    '',
    'Managers: press **I\'ve seen this** on the card when a dispute reaches you. Going on leave? Type **away** to say when and who covers; **back** when you return.',
    'Secretariat and board members: the **Picture** tab shows the partnership\'s disagreements by period, with charts; or type **picture** (or **picture 2026-Q4**, or two dates) for the anonymised return as Excel and CSV files.',
  ].join('\n');
}

/** The answer to anything the bot does not recognise: what it can do, emergency route first. */
export function shortHelpText(emergencyContact: string): string {
  return [
    `If a child is at immediate risk of significant harm, **call 999 now**, then ${emergencyContact}.`,
    '',
    'I did not recognise that. I can:',
    '- **raise**: start a professional disagreement with another agency',
    '- **status**: show your open disagreements',
    '- **help**: explain the process and its timescales',
  ].join('\n');
}
