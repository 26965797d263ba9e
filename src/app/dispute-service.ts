import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { decide, evolve, moduleOf } from '../commands';
import type { DecideContext } from '../domain/decider/context';
import type { Actor, Availability, Dispute, PersonRef } from '../domain/dispute';
import type { DisputeEvent, Effect, Refusal } from '../domain/messages';
import type { CommandBody } from '../commands';
import { ProtocolError, rungsUsed } from '../domain/protocol';
import { bodiesNamed, ProtocolChoice, resolveRoute } from '../protocols/protocol-file';
import { canSeeDetails, roleOf, allManagers } from '../domain/roles';
import type { Directory } from '../directory/partnership-directory';
import type { Logger } from '../logger';
import type { Delivery, DisputeDocument } from '../store/dispute-document';
import { appendDecision, DisputeRepository, NotConfirmed, withIndexes } from '../store/dispute-repository';
import { NO_SEAL, SealedEvent, verifyHistory } from '../store/history-chain';
import type { ReferenceSequence } from '../store/reference-sequence';
import type { ValidRaiseForm } from '../bot/raise-form';
import type { Origin } from '../teams/teams-gateway';
import { trace } from '@opentelemetry/api';
import { noteDispute } from '../telemetry';
import { PartnershipPicture, PictureTally } from '../analytics/picture';

export interface DisputeServiceDeps {
  repository: DisputeRepository;
  references: ReferenceSequence;
  directory: Directory;
  /** The partnership's protocol: each new dispute keeps its route's ladder as it is now. */
  protocol: ProtocolChoice;
  ctx: DecideContext;
  log: Logger;
  clock: () => Date;
  /** Called after every saved decision with the head as written: delivery happens after the turn is answered. */
  afterSave: (disputeId: string, written?: DisputeDocument) => void;
  /** The messages a decision's effects become, with their words fixed now. */
  deliveries: (effects: readonly Effect[], state: Dispute, asOf: number) => Delivery[];
  newId?: () => string;
  /** Who is away and who covers, for the people a command may bring in; absent: nobody is away. */
  availability?: (people: PersonRef[], now: Date) => Promise<Availability>;
}

/** A command that may enter a level or bring in the next tier, and so needs to know who is away. */
function mayBringPeopleIn(state: Dispute, body: CommandBody, now: Date): boolean {
  return moduleOf(body.kind)?.bringsPeopleIn?.(state, body, now) ?? false;
}


export type ActResult = { ok: true; doc: DisputeDocument; changed: boolean } | { ok: false; refusal: Refusal; doc?: DisputeDocument };

/** How many recent command ids a dispute remembers, to recognise a repeated press. */
const REMEMBERED_COMMANDS = 50;

/** The application layer: runs commands through the decider and saves events with their effects. */
export class DisputeService {
  private readonly newId: () => string;

  constructor(private readonly deps: DisputeServiceDeps) {
    this.newId = deps.newId ?? randomUUID;
  }

  /** The head with a decision appended: its events sealed, its messages worded as of now. */
  private append(doc: DisputeDocument, state: Dispute, events: DisputeEvent[], effects: Effect[], now: Date): DisputeDocument {
    const asOf = doc.sealed.seq + (doc.appended?.length ?? 0) + events.length;
    return appendDecision(doc, state, events, this.deps.deliveries(effects, state, asOf), now, this.newId);
  }

  actorIn(dispute: Dispute, person: PersonRef): Actor {
    return { ...person, role: roleOf(dispute, person) };
  }

  /**
   * Raise a dispute. `raiseId`, when given, names one raise form: pressing "Raise" on it again
   * (or at the same moment) finds the dispute it raised instead of raising a second.
   */
  async raise(form: ValidRaiseForm, raiser: PersonRef, respondent: PersonRef, origin: Origin, raiseId?: string): Promise<ActResult> {
    const { repository, references, directory, protocol, ctx, clock, log } = this.deps;
    if (raiseId) {
      const existing = await repository.load(raiseId);
      if (existing) return { ok: true, doc: existing, changed: false };
    }
    let resolved;
    try {
      // Levels a protocol leaves out where both agencies are one organisation are taken off this dispute's ladder.
      const sameOrganisation = directory.organisationOf(form.raiserAgency) === directory.organisationOf(form.respondentAgency);
      resolved = resolveRoute(protocol.definition, form.route, protocol.settings, { sameOrganisation });
    } catch (error) {
      if (error instanceof ProtocolError) return { ok: false, refusal: { code: 'invalid', message: error.message } };
      throw error;
    }
    const rungs = rungsUsed(resolved);
    // The secretariat is always among them: it places legal holds, whatever the protocol names.
    const bodies = Object.fromEntries([...new Set([...bodiesNamed(protocol.definition), 'secretariat'])].map((body) => [body, directory.body(body)]));
    const now = clock();
    const reference = await references.next(DateTime.fromJSDate(now, { zone: 'Europe/London' }).year);
    const id = raiseId ?? this.newId();
    const designatedLead = directory.designatedLead();
    const decision = decide(
      null,
      {
        kind: 'raise',
        id,
        reference,
        protocol: resolved,
        route: form.route,
        sides: { raiser: await directory.side(raiser, form.raiserAgency, rungs), respondent: await directory.side(respondent, form.respondentAgency, rungs) },
        bodies,
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
    const empty = withIndexes({ id, type: 'dispute', state, sealed: NO_SEAL, outbox: [], origin });
    let doc: DisputeDocument;
    try {
      doc = await repository.create(this.append(empty, state, decision.events, decision.effects, now));
    } catch (error) {
      // The same form pressed twice at once (409), or the store's reply lost: look before answering.
      const existing = await repository.load(id).catch(() => undefined);
      if (!existing) throw error;
      if (existing.reference !== reference) {
        log.info({ disputeId: id, reference: existing.reference, unusedReference: reference }, 'raise pressed twice; raised once');
        return { ok: true, doc: existing, changed: false };
      }
      doc = existing;
    }
    noteDispute(reference, id);
    log.info({ disputeId: id, reference, route: form.route, stage: 1, immediateRisk: form.immediateRisk }, 'dispute raised');
    this.deps.afterSave(id, doc);
    return { ok: true, doc, changed: true };
  }

  /**
   * Run one command from a person (or the clock) against a dispute. `commandId` names one
   * press: a press the dispute has already taken is answered "already done", and when the
   * store's reply to a write is lost the dispute is read again to see whether it was taken.
   * `read`: the dispute as the caller has just read it, so the turn does not read it twice.
   * `confirming`: `read` is the head this instance held, and this the read confirming it is
   * current (NotConfirmed if not: see apply). `whileSaving`: given the changed dispute while
   * it is being written.
   */
  async act(
    disputeId: string,
    person: PersonRef | Actor,
    body: CommandBody,
    options: { commandId?: string; read?: DisputeDocument; confirming?: Promise<unknown>; whileSaving?: (next: DisputeDocument) => void } = {},
  ): Promise<ActResult> {
    const { commandId, read, confirming, whileSaving } = options;
    const { repository, ctx, clock, log } = this.deps;
    let result: ActResult;
    try {
      const applied = await repository.apply<ActResult>(disputeId, async (doc) => {
        noteDispute(doc.reference, disputeId);
        if (commandId && doc.commands?.includes(commandId)) return { result: { ok: true, doc, changed: false } };
        const now = clock();
        const actor = 'role' in person ? person : this.actorIn(doc.state, person);
        const availability = this.deps.availability && mayBringPeopleIn(doc.state, body, now) ? await this.deps.availability(allManagers(doc.state), now) : undefined;
        const decision = decide(doc.state, { ...body, actor, now } as never, availability ? { ...ctx, availability } : ctx);
        if (!decision.ok) return { result: { ok: false, refusal: decision.refusal, doc } };
        if (decision.events.length === 0) return { result: { ok: true, doc, changed: false } };
        const state = decision.events.reduce<Dispute>((s, e) => evolve(s, e), doc.state);
        const next = this.append(doc, state, decision.events, decision.effects, now);
        if (commandId) next.commands = [...(doc.commands ?? []), commandId].slice(-REMEMBERED_COMMANDS);
        return { doc: next, result: { ok: true, doc: next, changed: true } };
      }, { ...(read ? { read } : {}), ...(confirming ? { confirming } : {}), ...(whileSaving ? { whileWriting: whileSaving } : {}) });
      // The head as stored carries its new etag: delivery claims with it instead of reading again.
      result = applied.written && applied.result.ok ? { ...applied.result, doc: applied.written } : applied.result;
    } catch (error) {
      if (error instanceof NotConfirmed) throw error; // the caller decides again on what it read
      const taken = commandId ? await this.takenDespite(disputeId, commandId, error) : undefined;
      if (!taken) throw error;
      result = { ok: true, doc: taken, changed: true };
    }
    trace.getActiveSpan()?.setAttribute('dispute.outcome', result.ok ? (result.changed ? 'changed' : 'unchanged') : `refused:${result.refusal.code}`);
    if (result.ok && result.changed) {
      log.info({ disputeId, reference: result.doc.reference, command: body.kind, stage: result.doc.state.stage, status: result.doc.status }, 'dispute changed');
      this.deps.afterSave(disputeId, result.doc);
    } else if (!result.ok) {
      log.info({ disputeId, command: body.kind, refusal: result.refusal.code }, 'command refused');
    }
    return result;
  }

  /** After a failed write: the dispute, if it holds the command after all (the store applied it, its reply was lost). */
  private async takenDespite(disputeId: string, commandId: string, error: unknown): Promise<DisputeDocument | undefined> {
    try {
      const doc = await this.deps.repository.load(disputeId);
      if (doc?.commands?.includes(commandId)) {
        this.deps.log.warn({ disputeId, err: { message: (error as Error).message } }, 'the store applied a write whose reply was lost');
        return doc;
      }
    } catch {
      /* still failing: the caller reports the first error */
    }
    return undefined;
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
    const result = verifyHistory(await this.history(doc.id), doc.state, doc.sealed);
    this.deps.log.info({ disputeId: doc.id, reference, intact: result.intact }, 'record verified');
    return result.intact
      ? `The record of ${reference} is intact: ${result.events} events, each sealed to the one before, and the dispute's state matches them.`
      : `Warning: the record of ${reference} has been altered: ${result.problem}. Tell the partnership's data protection lead.`;
  }

  /** The partnership's picture of the disputes raised in a period. */
  async picture(from: Date, to: Date): Promise<PartnershipPicture> {
    const picture = new PictureTally(from, to, this.deps.clock(), this.deps.ctx.calendar);
    await this.deps.repository.eachSummaryRaisedBetween(from, to, (s) => picture.add(s));
    return picture.result();
  }

  /** A dispute's whole sealed history: for its record, its export and verify. */
  history(disputeId: string): Promise<SealedEvent[]> {
    return this.deps.repository.history(disputeId);
  }

  load(disputeId: string): Promise<DisputeDocument | undefined> {
    return this.deps.repository.load(disputeId);
  }

  /** The dispute as this instance last read or wrote it, not confirmed as current: see act's `confirming`. */
  held(disputeId: string): DisputeDocument | undefined {
    return this.deps.repository.held(disputeId);
  }

  canSeeDetails(doc: DisputeDocument, person: PersonRef): boolean {
    return canSeeDetails(doc.state, person);
  }

  async mine(person: PersonRef): Promise<DisputeDocument[]> {
    // Heads written before schema 2 list people by object id: found by it until they are next written.
    const docs = await this.deps.repository.listForPerson(person.aadObjectId ? [person.key, person.aadObjectId] : [person.key]);
    return docs.filter((doc) => canSeeDetails(doc.state, person));
  }
}
