/**
 * decide + evolve for one command, median over many runs, against a baseline measured in
 * the same run: one JSON round trip of the same dispute (what every save pays anyway).
 * Target: decide + evolve well under 0.1 ms median.
 */
import { performance } from 'node:perf_hooks';
import { decide } from '../src/commands';
import { Dispute } from '../src/domain/dispute';
import { evolve } from '../src/commands';
import type { CommandBody } from '../src/commands';
import { command, ctx, expire, people, raised, system, uk } from '../test/support/dispute-fixtures';

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(runs: number, fn: () => void): { median: number; p99: number } {
  for (let i = 0; i < 2_000; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { median: median(samples), p99: samples[Math.floor(samples.length * 0.99)]! };
}

const stage2: Dispute = expire(raised());
const cases: [string, Dispute, Parameters<typeof command>[1], CommandBody][] = [
  ['record-account (Stage 1)', raised(), people.sam, { kind: 'record-account', account: { position: 'Tier 4 met', indicators: ['Neglect'], impact: 'x', evidence: 'y' } }],
  ['deadline-reached (Stage 2 -> 3, working days)', stage2, system, { kind: 'deadline-reached', due: stage2.status === 'closed' ? '' : stage2.deadline.due }],
  ['propose-outcome (Stage 2)', stage2, people.priya, { kind: 'propose-outcome', outcome: 'Plan', outstandingIssues: '', actions: [], howPursued: '' }],
];

const runs = 20_000;
const rows: string[] = [];
let worst = 0;
for (const [name, state, who, body] of cases) {
  const now = state.status === 'closed' ? new Date() : new Date(Math.max(new Date(state.deadline.due).getTime(), uk('2026-12-29T10:00').getTime()));
  const cmd = command(state, who, now, body);
  const result = measure(runs, () => {
    const decision = decide(state, cmd, ctx);
    if (!decision.ok) throw new Error(decision.refusal.message);
    decision.events.reduce<Dispute>((d, e) => evolve(d, e), state);
  });
  const baseline = measure(runs, () => JSON.parse(JSON.stringify(state)));
  worst = Math.max(worst, result.median);
  rows.push(`${name.padEnd(48)} median ${(result.median * 1000).toFixed(1).padStart(6)} µs  p99 ${(result.p99 * 1000).toFixed(1).padStart(6)} µs  | baseline JSON round trip ${(baseline.median * 1000).toFixed(1).padStart(6)} µs  ratio ${(result.median / baseline.median).toFixed(2)}`);
}
console.log(`decide + evolve, ${runs} runs each (Node ${process.version})`);
for (const row of rows) console.log(row);
console.log(`worst median ${(worst * 1000).toFixed(1)} µs; target < 100 µs: ${worst < 0.1 ? 'met' : 'NOT MET'}`);
if (worst >= 0.1) process.exitCode = 1;
