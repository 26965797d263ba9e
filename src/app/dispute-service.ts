import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { decide, DecideContext } from '../domain/decide';
import type { Actor, Dispute, PersonRef } from '../domain/dispute';
import { evolve } from '../domain/evolve';
import type { CommandBody, Refusal } from '../domain/messages';
import type { ProtocolSnapshot } from '../domain/protocol';
import { canSeeDetails, roleOf } from '../domain/roles';
import type { Directory } from '../directory/partnership-directory';
import type { Logger } from '../logger';
import type { DisputeDocument } from '../store/dispute-document';
import { appendDecision, DisputeRepository, withIndexes } from '../store/dispute-repository';
import { verifyHistory } from '../store/history-chain';
import type { ReferenceSequence } from '../store/reference-sequence';
import type { ValidRaiseForm } from '../bot/raise-form';
import type { Origin } from '../teams/teams-gateway';

export interface DisputeServiceDeps {
  repository: DisputeRepository;
  references: ReferenceSequence;
  directory: Directory;
  protocol: ProtocolSnapshot;
  ctx: DecideContext;
  log: Logger;
  clock: () => Date;
  /** Called after every saved decision: delivery happens after the turn is answered. */
  afterSave: (disputeId: string) => void;
  newId?: () => string;
}

export type ActResult = { ok: true; doc: DisputeDocument; changed: boolean } | { ok: false; refusal: Refusal; doc?: DisputeDocument };

/** The application layer: runs commands through the decider and saves events with their effects. */
export class DisputeService {
  private readonly newId: () => string;

  constructor(private readonly deps: DisputeServiceDeps) {
    this.newId = deps.newId ?? randomUUID;
  }

  actorIn(dispute: Dispute, person: PersonRef): Actor {
    return { ...person, role: roleOf(dispute, person) };
  }

  async raise(form: ValidRaiseForm, raiser: PersonRef, respondent: PersonRef, origin: Origin): Promise<ActResult> {
    const { repository, references, directory, protocol, ctx, clock, log } = this.deps;
    const now = clock();
    const reference = await references.next(DateTime.fromJSDate(now, { zone: 'Europe/London' }).year);
    const id = this.newId();
    const designatedLead = directory.designatedLead();
    const decision = decide(
      null,
      {
        kind: 'raise',
        id,
        reference,
        protocol,
        route: form.route,
        sides: { raiser: await directory.side(raiser, form.raiserAgency), respondent: await directory.side(respondent, form.respondentAgency) },
        secretariat: directory.secretariat(),
        ...(designatedLead ? { designatedLead } : {}),
        child: { caseReference: form.caseReference, initials: form.initials },
        concern: { about: form.about, indicators: form.indicators, tier: form.tier, impact: form.impact, tried: form.tried, consent: form.consent },
        immediateRisk: form.immediateRisk,
        actor: { ...raiser, role: { kind: 'party', side: 'raiser' } },
        now,
      },
      ctx,
    );
    if (!decision.ok) return { ok: false, refusal: decision.refusal };
    const state = decision.events.reduce<Dispute | null>(evolve, null) as Dispute;
    const empty = withIndexes({ id, type: 'dispute', state, history: [], outbox: [], origin });
    const doc = await repository.create(appendDecision(empty, state, decision.events, decision.effects, now, this.newId));
    log.info({ disputeId: id, reference, route: form.route, stage: 1, immediateRisk: form.immediateRisk }, 'dispute raised');
    this.deps.afterSave(id);
    return { ok: true, doc, changed: true };
  }

  /** Run one command from a person (or the clock) against a dispute. */
  async act(disputeId: string, person: PersonRef | Actor, body: CommandBody): Promise<ActResult> {
    const { repository, ctx, clock, log } = this.deps;
    const result = await repository.update<ActResult>(disputeId, (doc) => {
      const now = clock();
      const actor = 'role' in person ? person : this.actorIn(doc.state, person);
      const decision = decide(doc.state, { ...body, actor, now } as never, ctx);
      if (!decision.ok) return { result: { ok: false, refusal: decision.refusal, doc } };
      if (decision.events.length === 0) return { result: { ok: true, doc, changed: false } };
      const state = decision.events.reduce<Dispute>((s, e) => evolve(s, e), doc.state);
      const next = appendDecision(doc, state, decision.events, decision.effects, now, this.newId);
      return { doc: next, result: { ok: true, doc: next, changed: true } };
    });
    if (result.ok && result.changed) {
      log.info({ disputeId, reference: result.doc.reference, command: body.kind, stage: result.doc.state.stage, status: result.doc.status }, 'dispute changed');
      this.deps.afterSave(disputeId);
    } else if (!result.ok) {
      log.info({ disputeId, command: body.kind, refusal: result.refusal.code }, 'command refused');
    }
    return result;
  }

  /** A dispute by reference, only for someone entitled to its details. */
  async findEntitled(reference: string, person: PersonRef): Promise<DisputeDocument | undefined> {
    const doc = await this.deps.repository.findByReference(reference);
    return doc && canSeeDetails(doc.state, person) ? doc : undefined;
  }

  /** Check a dispute's record has not been altered; for the people entitled to see it. */
  async verify(reference: string, person: PersonRef): Promise<string> {
    const doc = await this.findEntitled(reference, person);
    if (!doc) return `There is no dispute ${reference} that you are a party to, or a manager or the secretariat for.`;
    const result = verifyHistory(doc.history, doc.state);
    this.deps.log.info({ disputeId: doc.id, reference, intact: result.intact }, 'record verified');
    return result.intact
      ? `The record of ${reference} is intact: ${result.events} events, each sealed to the one before, and the dispute's state matches them.`
      : `Warning: the record of ${reference} has been altered: ${result.problem}. Tell the partnership's data protection lead.`;
  }

  load(disputeId: string): Promise<DisputeDocument | undefined> {
    return this.deps.repository.load(disputeId);
  }

  canSeeDetails(doc: DisputeDocument, person: PersonRef): boolean {
    return canSeeDetails(doc.state, person);
  }

  mine(person: PersonRef): Promise<DisputeDocument[]> {
    return this.deps.repository.listForPerson([person.id, ...(person.aadObjectId ? [person.aadObjectId] : [])]);
  }
}
