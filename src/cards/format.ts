import type { Dispute, Role } from '../domain/dispute';
import { bodyTitle, levelAt, rungTitle } from '../domain/protocol';
import { capital, closedStatus, stageName } from '../domain/narrative';

export { dueText, formatIfInstant, formatMoment, stageName } from '../domain/narrative';

export const routeTitle = (dispute: Dispute): string => dispute.protocol.route.title;

export function stageText(dispute: Dispute): string {
  if (dispute.status === 'closed') return closedStatus(dispute);
  if (dispute.status === 'awaiting-approval') {
    const next = levelAt(dispute.protocol, dispute.stage + 1);
    const how = next.entry.by === 'request' ? 'a professional may move it to' : 'waiting for approval to move to';
    return `${stageName(dispute)} (timescale ran out: ${how} ${next.label})`;
  }
  return stageName(dispute);
}


export function roleText(dispute: Dispute, role: Role): string {
  const agency = (side: 'raiser' | 'respondent') => dispute.sides[side].agency;
  switch (role.kind) {
    case 'party':
      return role.side === 'raiser' ? `The professional who raised it (${agency('raiser')})` : `The other professional (${agency('respondent')})`;
    case 'manager':
      return `${capital(rungTitle(dispute.protocol, role.rung))}, ${agency(role.side)}`;
    case 'member':
      return capital(bodyTitle(dispute.protocol, role.body).replace(/^the /, ''));
    default:
      return 'Not involved in this dispute';
  }
}

