import type { ProtocolDefinition, ProtocolSnapshot } from '../domain/protocol';

const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

/** The process in plain words, with the emergency route first. */
export function helpText(protocol: ProtocolDefinition, snapshot: ProtocolSnapshot, emergencyContact: string): string {
  const t = snapshot.timescales;
  const [s1, s2, s3, s4] = protocol.stages;
  return [
    `**If a child is at immediate risk of significant harm, call 999 now**, then ${emergencyContact}. Do not wait for this process.`,
    '',
    `I help you resolve a professional disagreement with another agency about a child, following the ${protocol.name}. Challenge is part of healthy professional working: be respectful, keep the child at the centre, and be open to new information.`,
    '',
    `1. **Stage 1: ${s1!.title}** (${days(t[1])}). Type **raise** in this chat. I open a thread with the other professional, who starts by asking you "Help me understand why you are worried?". Put your concerns in writing the same working day.`,
    `2. **Stage 2: ${s2!.title}** (${days(t[2])}). If you have not agreed in time, I bring in both first-line managers.`,
    `3. **Stage 3: ${s3!.title}** (${days(t[3])}). Then both senior managers, who may convene a Resolving Professional Disagreements Meeting.`,
    `4. **Stage 4: ${s4!.title}** (${days(t[4])}, or sooner if the child needs it). With a senior manager's approval, the partnership's secretariat receives a written account.`,
    '',
    'It ends with a written confirmation of the agreed outcome, outstanding issues, actions and timescales. Type **status** to see your open disagreements.',
    '',
    'Use the child\'s case reference and initials only, never their name. Finding it hard to challenge? Ask your safeguarding lead for advice.',
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
