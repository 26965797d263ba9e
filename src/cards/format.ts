import { DateTime } from 'luxon';
import type { Dispute, Role } from '../domain/dispute';
import { protocolVersion } from '../domain/protocols';
import { routeOf, stageTitle } from '../domain/protocol';

const ZONE = 'Europe/London';

/** "Tue 29 Dec 2026, 16:30", UK time, en-GB. */
export function formatMoment(iso: string): string {
  return DateTime.fromISO(iso, { zone: ZONE }).setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm');
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A value that is an ISO instant shown as UK time; anything else as it is. */
export function formatIfInstant(value: string): string {
  return INSTANT.test(value) ? formatMoment(value) : value;
}

export function routeTitle(dispute: Dispute): string {
  return routeOf(protocolVersion(dispute.protocol.id, dispute.protocol.version), dispute.route).title;
}

export function stageName(dispute: Dispute, stage = dispute.stage): string {
  return `Stage ${stage}: ${stageTitle(protocolVersion(dispute.protocol.id, dispute.protocol.version), dispute.route, stage)}`;
}

export function stageText(dispute: Dispute): string {
  if (dispute.status === 'closed') {
    const how = { agreed: 'agreed outcome confirmed', withdrawn: 'withdrawn by the professional who raised it', decided: 'decided at Stage 4' }[dispute.closure.how];
    return `Closed: ${how}`;
  }
  if (dispute.status === 'awaiting-referral-approval') return `${stageName(dispute)} (timescale ran out: waiting for a senior manager to approve referral to Stage 4)`;
  return stageName(dispute);
}

export function dueText(dispute: Dispute): string {
  if (dispute.status === 'closed') return `Closed ${formatMoment(dispute.closure.at)}`;
  const when = formatMoment(dispute.deadline.due);
  return dispute.deadline.kind === 'decision' ? `Decision needed; next reminder ${when}` : `Respond by ${when}`;
}

export function roleText(dispute: Dispute, role: Role): string {
  const agency = (side: 'raiser' | 'respondent') => dispute.sides[side].agency;
  switch (role.kind) {
    case 'party':
      return role.side === 'raiser' ? `The professional who raised it (${agency('raiser')})` : `The other professional (${agency('respondent')})`;
    case 'manager':
      return `${role.level === 'senior' ? 'Senior manager' : 'First-line manager'}, ${agency(role.side)}`;
    case 'secretariat':
      return 'Safeguarding Partnership secretariat';
    default:
      return 'Not involved in this dispute';
  }
}
