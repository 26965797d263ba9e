import type { Activity } from 'botbuilder';
import { mentionEntity } from '../cards/views';
import type { Dispute, PersonRef } from '../domain/dispute';
import { unique } from '../domain/person';

/** The emergency message, and @-mentions. Every other notice is worded in src/commands/words.ts. */
export function emergencyText(d: Dispute, emergencyContact: string, declaredBy: string): string {
  return `Immediate risk on ${d.reference}, declared by ${declaredBy}: if a child is at immediate risk of significant harm, call 999 now, then ${emergencyContact}. Do not wait for this process. Each level of ${d.reference} now runs on ${d.protocol.urgent.hoursPerStage} clock hours; the clock never pauses.`;
}

/** A message activity that @-mentions people: "<at>Name</at>" in the text and a mention entity each. */
export function mentionMessage(text: string, mention: PersonRef[]): Partial<Activity> {
  const people = unique(mention);
  const prefix = people.map((p) => `<at>${p.name}</at>`).join(' ');
  return {
    type: 'message',
    text: prefix ? `${prefix} ${text}` : text,
    textFormat: 'xml',
    entities: people.map(mentionEntity),
  } as Partial<Activity>;
}
