import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, TurnContext } from 'botbuilder';
import type { DisputeService } from '../app/dispute-service';
import type { Directory } from '../directory/partnership-directory';
import type { DecideContext } from '../domain/decider/context';
import type { PersonRef } from '../domain/dispute';
import type { Logger } from '../logger';
import type { MeetingCalendar } from '../meetings/calendar';
import type { ProtocolChoice } from '../protocols/protocol-file';
import type { AbsenceStore } from '../store/absence-store';
import type { AddressBook } from '../teams/address-book';
import type { RetryOptions } from '../teams/retry';
import type { Origin } from '../teams/teams-gateway';
import type { SendPrivately } from './chat-command';

/** What the bot's routes are given. */
export interface BotDeps {
  adapter: TeamsAdapter;
  botAppId: string;
  service: DisputeService;
  directory: Directory;
  protocol: ProtocolChoice;
  ctx: DecideContext;
  clock: () => Date;
  log: Logger;
  indicators: string[];
  emergencyContact: string;
  peoplePicker: 'directory' | 'graph';
  teamId: string;
  allowedTenants: string[];
  partnershipName: string;
  /** A message to a person's own chat with the bot (for what must not be shown in a channel). */
  messagePerson(origin: Origin, person: PersonRef, activity: Partial<Activity>): Promise<void>;
  /** How long a card press may take before it is answered anyway (Teams waits about 5 s for an invoke). */
  pressBudgetMs?: number;
  /** Absences people record with "away". */
  absences: AbsenceStore;
  /** How to reach people, learned from every activity. */
  addresses: AddressBook;
  /** How the bot's own replies are retried when Teams throttles them (as every other Teams call). */
  retry?: RetryOptions;
  /** The partnership's calendar, where meetings are Teams meetings (MEETINGS=graph): free/busy for suggesting times. */
  meetings?: { calendar: MeetingCalendar; emailOf(p: PersonRef): string | undefined };
}

/** What each part of the bot shares: its dependencies, the press budget, and where messages go. */
export interface Parts {
  deps: BotDeps;
  /** How long a card press may take before it is answered anyway. */
  budget: number;
  /** Where the dispute's messages go through: the service URL Teams gave, and the partnership's tenant, where its channel is. */
  origin(context: TurnContext): Origin;
  /** A shared chat's command answered in the person's own chat. */
  sendPrivately: SendPrivately;
}
