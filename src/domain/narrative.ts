import { DateTime } from 'luxon';
import type { ConsentBasis, Dispute, Instant, StandIn, StageVisit, Theme, ThresholdTier } from './dispute';
import { Choice, ClockRules, clockOf, levelAt, levelName, Protocol, StageNumber } from './protocol';

/**
 * One narrative of a dispute, in words: the card's history, the thread notices and the written
 * account all take their phrases from here, so they cannot drift apart. Values are shown as
 * people read them (titles, UK time), never as stored codes.
 */

const ZONE = 'Europe/London';

/**
 * A pure function of a string, remembered: a card shows the same moments on every press (the
 * record's entries, the deadline), and formatting one in a time zone costs more than the rest
 * of drawing its line. Forgets everything past `size` entries.
 */
function remembered(format: (value: string) => string, size = 5_000): (value: string) => string {
  const known = new Map<string, string>();
  return (value) => {
    let text = known.get(value);
    if (text === undefined) {
      if (known.size >= size) known.clear();
      text = format(value);
      known.set(value, text);
    }
    return text;
  };
}

/** The text with its first letter a capital, for words that begin a sentence or a title. */
export const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "Tue 29 Dec 2026, 16:30", UK time. */
export const formatMoment: (iso: Instant) => string = remembered((iso) => DateTime.fromISO(iso, { zone: ZONE }).setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm'));

/** The words on the button a level's brought-in people press to say they have seen it. */
export function acknowledgeButton(protocol: Protocol, stage: StageNumber): string {
  return levelAt(protocol, stage).writtenAccount ? 'Confirm we received the written account' : 'I\'ve seen this';
}

/**
 * How long someone covered for is away, as they entered it: "up to and including Fri 12 Mar
 * 2027". An end moment at UK midnight is the day before's end; any other is shown as a moment.
 */
export function awayUntil(s: { lastDay?: string; until?: Instant }): string {
  if (s.lastDay) return ` up to and including ${formatDay(s.lastDay)}`;
  if (!s.until) return '';
  const end = DateTime.fromISO(s.until, { zone: ZONE });
  return end.equals(end.startOf('day')) ? ` up to and including ${formatDay(end.minus({ days: 1 }).toISODate()!)}` : ` until ${formatMoment(s.until)}`;
}

/** An ISO date as "Wed 25 Nov 2026"; anything else as typed. */
const isoDay = remembered((date) => DateTime.fromISO(date).setLocale('en-GB').toFormat('ccc d LLL yyyy'));
export const formatDay = (date: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? isoDay(date) : date);

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A value that is an ISO instant shown as UK time; anything else as it is. */
export function formatIfInstant(value: string): string {
  return INSTANT.test(value) ? formatMoment(value) : value;
}

/**
 * The words of the tier and consent codes a dispute raised before protocols listed their own
 * (version 0.4 and earlier) stored; a dispute raised since carries its protocol's lists.
 */
const EARLIER_TIERS: Choice[] = [
  { value: 'tier-1', title: 'Tier 1: universal' },
  { value: 'tier-2', title: 'Tier 2: early help' },
  { value: 'tier-3', title: 'Tier 3: targeted / child in need' },
  { value: 'tier-4', title: 'Tier 4: specialist / child protection' },
];
const EARLIER_CONSENT: Choice[] = [
  { value: 'given', title: 'Parents / carers know and agree' },
  { value: 'risk-of-significant-harm', title: 'Exception: asking would put a child or others at risk of significant harm' },
  { value: 'undermine-crime-investigation', title: 'Exception: asking would undermine the prevention, detection or prosecution of a crime' },
  { value: 'refused-tier-3-4-met', title: 'Exception: consent sought or refused, and tier 3 or 4 indicators are clearly met' },
  { value: 'fabricated-induced-illness', title: 'Exception: fabricated or induced illness is suspected' },
];

/** The raise card's consent choice for a contact or referral that is not a MASH one. */
export const NOT_A_MASH_REFERRAL: Choice = { value: 'not-applicable', title: 'Not a MASH contact or referral' };

/** The consent choices a raise card offers under a protocol: its grounds, and "not a MASH contact or referral". */
export const consentChoices = (protocol: Pick<Protocol, 'consentGrounds'>): Choice[] => [...(protocol.consentGrounds ?? []), NOT_A_MASH_REFERRAL];

export const tierTitle = (protocol: Pick<Protocol, 'thresholdTiers'>, tier: ThresholdTier): string =>
  (protocol.thresholdTiers ?? EARLIER_TIERS).find((t) => t.value === tier)?.title ?? (tier || 'not asked');
export const consentTitle = (protocol: Pick<Protocol, 'consentGrounds'>, consent: ConsentBasis): string =>
  [...(protocol.consentGrounds ?? EARLIER_CONSENT), NOT_A_MASH_REFERRAL].find((o) => o.value === consent)?.title ?? consent;

export const THEME_TITLES: Record<Theme, string> = {
  thresholds: 'Thresholds',
  'assessment-outcome': 'Assessment outcome',
  'plan-progress': 'Progress of a plan',
  'information-sharing': 'Information sharing',
  'service-provision': 'Service provision',
  'roles-and-responsibilities': 'Roles and responsibilities',
  other: 'Other',
};


/** The concern as it was raised, in one set of words for the card and the written account. */
export function concernLines(d: Dispute): { label: string; value: string }[] {
  const c = d.concern;
  return [
    { label: 'What the disagreement is about', value: c.about },
    { label: 'Indicators of need present', value: c.indicators.join('; ') },
    ...(c.tier ? [{ label: 'Threshold tier', value: tierTitle(d.protocol, c.tier) }] : []),
    { label: 'Impact on the child', value: c.impact },
    { label: 'Tried before raising', value: c.tried || 'Nothing recorded' },
    ...(d.protocol.route.asksForConsent ? [{ label: 'Parental consent', value: consentTitle(d.protocol, c.consent) }] : []),
  ];
}

/** "Stage 2: First-line manager to first-line manager", from the dispute's own protocol. */
export const stageName = (d: Dispute, stage: StageNumber = d.stage): string => levelName(d.protocol, stage);

/** When the dispute's next step is due, as every notice and card says it: "Respond by Tue 29 Dec 2026, 16:30". */
export function dueText(dispute: Dispute): string {
  if (dispute.status === 'closed') return `Closed ${formatMoment(dispute.closure.at)}`;
  const when = formatMoment(dispute.deadline.due);
  return dispute.deadline.kind === 'decision' ? `Decision needed; next reminder ${when}` : `Respond by ${when}`;
}

/** How a level was entered, in words. */
export function entryPhrase(d: Dispute, visit: StageVisit): string {
  const skipped = visit.skipped?.length ? `, passing over ${visit.skipped.map((s) => levelAt(d.protocol, s).label).join(' and ')}` : '';
  if (visit.how === 'raised') return 'raised';
  if (visit.how === 'timescale-ran-out') return `the timescale ran out without an agreed outcome${skipped}`;
  return `escalation approved by ${visit.by?.name ?? 'a manager'}${visit.reason ? `, because: ${visit.reason}` : ', no reason given'}${skipped}`;
}

/** How a dispute closed, in words, for notices and cards. */
export function closurePhrase(d: Dispute, how: 'agreed' | 'withdrawn' | 'decided', stage?: StageNumber): string {
  if (how === 'agreed') return 'closed with an agreed outcome, confirmed by everyone involved';
  if (how === 'withdrawn') return 'withdrawn by the professional who raised it';
  return `closed with the decision recorded at ${stage ? stageName(d, stage) : 'its last level'}`;
}

/** A closed dispute's status in a few words, for the card's "Stage" line. */
export function closedStatus(d: Dispute): string {
  if (d.status !== 'closed') return '';
  const c = d.closure;
  return `Closed: ${c.how === 'agreed' ? 'agreed outcome confirmed' : c.how === 'withdrawn' ? 'withdrawn by the professional who raised it' : `decided at ${levelAt(d.protocol, c.stage).label}`}`;
}

export interface NarrativeEntry {
  at: Instant;
  who: string;
  what: string;
  /** Something tried to resolve the dispute (the written account lists these). */
  tried: boolean;
}

/**
 * The words for what the clock does, shared by the history on the card and the record's entries
 * (shared-words.ts) so the two never say it differently; each command keeps its own (src/commands).
 */
/** How far through its timescale a level brings in the next tier, in words: "half the timescale". */
export function nextTierPart(protocol: { clock?: Partial<ClockRules> }): string {
  const part = clockOf(protocol).nextTierAt;
  const words: Record<number, string> = { 0.5: 'half', 0.25: 'a quarter of', 0.75: 'three quarters of', [1 / 3]: 'a third of' };
  return `${words[part] ?? `${Math.round(part * 100)}% of`} the timescale`;
}

export const SAID = {
  riskDeclared: () => 'Declared the child at immediate risk of significant harm',
  reminded: (to: { name: string }[], level: string) => `Reminded ${to.map((p) => p.name).join(', ')} to say they had seen it at ${level}`,
  receiptUnconfirmed: (told: { name: string }[]) => `Told ${told.map((p) => p.name).join(', ')} that receipt of the written account had not been confirmed`,
  standIn: (s: Pick<StandIn, 'person' | 'for' | 'why' | 'lastDay' | 'until'>, level: string, protocol: { clock?: Partial<ClockRules> }) => (s.why === 'away'
    ? `${s.person.name} brought in at ${level} to cover for ${s.for.name}, who was away${awayUntil(s)}`
    : `${s.person.name} brought in at ${level} for ${s.for.name}: nobody on that side had said they had seen it by ${nextTierPart(protocol)}`),
  exhausted: (agency: string, level: string, told: { name: string }[] = []) => `Nobody further up ${agency}'s chain could be brought in at ${level}${told.length ? `; ${told.map((p) => p.name).join(' and ')} told` : ''}`,
};

/** Agreed actions in a line: "Home visit (Sam Taylor, by Wed 6 Jan 2027); …". */
export const actionsText = (actions: { description: string; owner: string; due: string }[]): string => actions.map((a) => `${a.description} (${a.owner}, by ${formatDay(a.due)})`).join('; ') || 'none';
