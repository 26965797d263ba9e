import type { Dispute, Instant, Theme } from '../domain/dispute';
import { levelAt } from '../domain/protocol';
import { learningTitles } from '../commands/record-learning';

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
  /** What each person involved said at closure, as the titles of their choices (never their note); absent in summaries kept before it was asked. */
  learning?: { helped: string[]; hindered: string[]; unclear: string[] };
  /** Each level the dispute reached: when it began, its due moment, and when it was left. */
  visits: { stage: number; label: string; enteredAt: Instant; due?: Instant; leftAt?: Instant }[];
  /** Open disputes: when the current level is due. */
  dueAt?: Instant;
}

/** Every person's choices at closure, counted each time they were chosen. */
function learningOf(d: Dispute): NonNullable<DisputeSummary['learning']> {
  const each = (d.status === 'closed' ? d.learning ?? [] : []).map((l) => learningTitles(d, l));
  return { helped: each.flatMap((l) => l.helped), hindered: each.flatMap((l) => l.hindered), unclear: each.flatMap((l) => l.unclear) };
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
    ...(d.status === 'closed' && d.learning?.length ? { learning: learningOf(d) } : {}),
    visits,
  };
}
