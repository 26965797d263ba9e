import type { Dispute, Instant, Theme } from '../domain/dispute';
import { levelAt } from '../domain/protocol';

/**
 * What the partnership's picture needs of one dispute, and nothing else: no child's details,
 * no names, nothing typed. Kept in the dispute's head (derived from its state on every write),
 * so the picture is aggregated from bounded reads of these alone, however many disputes there
 * are: `SELECT c.summary FROM c WHERE c.raisedAt …`.
 */
export interface DisputeSummary {
  reference: string;
  route: string;
  routeTitle: string;
  raiserAgency: string;
  respondentAgency: string;
  raisedAt: Instant;
  status: 'open' | 'closed';
  outcome?: 'agreed' | 'withdrawn' | 'decided';
  closedAt?: Instant;
  themes: Theme[];
  /** Each level the dispute reached: when it began, its due moment, and when it was left. */
  visits: { stage: number; label: string; enteredAt: Instant; due?: Instant; leftAt?: Instant }[];
  /** Open disputes: when the current level is due. */
  dueAt?: Instant;
}

export function summarize(d: Dispute): DisputeSummary {
  const closedAt = d.status === 'closed' ? d.closure.at : undefined;
  const visits = d.stages.map((v, i) => {
    const next = d.stages[i + 1];
    const leftAt = next?.enteredAt ?? closedAt;
    return { stage: v.stage, label: levelAt(d.protocol, v.stage).label, enteredAt: v.enteredAt, ...(v.due ? { due: v.due } : {}), ...(leftAt ? { leftAt } : {}) };
  });
  return {
    reference: d.reference,
    route: d.route,
    routeTitle: d.protocol.route.title,
    raiserAgency: d.sides.raiser.agency,
    respondentAgency: d.sides.respondent.agency,
    raisedAt: d.raisedAt,
    status: d.status === 'closed' ? 'closed' : 'open',
    ...(d.status === 'closed' ? { outcome: d.closure.how, closedAt: d.closure.at } : { dueAt: d.deadline.due }),
    themes: [...new Set((d.status === 'closed' ? d.themes ?? [] : []).flatMap((t) => t.themes))],
    visits,
  };
}
