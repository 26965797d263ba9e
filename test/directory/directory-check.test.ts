import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHarness } from '../support/bot-harness';

const root = path.join(__dirname, '..', '..');
const SAMPLE = path.join(root, 'directory', 'sample-partnership.json');

/** `npm run directory:check -- <file>`, as an administrator runs it before deploying. */
function check(file: string, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'check-directory.ts'), file], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/** The sample directory as a partnership might have kept it from an earlier version: no conference chairs. */
function withoutConferenceChairs(): string {
  const data = JSON.parse(readFileSync(SAMPLE, 'utf8')) as { bodies: Record<string, unknown> };
  delete data.bodies['conference-chairs'];
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'directory-')), 'old-directory.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe('checking a partnership directory before deploying', function () {
  this.timeout(60_000);

  it('passes the sample directory for the 4LSCB protocol, and says what it found', () => {
    const { code, out } = check(SAMPLE);
    assert.equal(code, 0, out);
    assert.match(out, /ready for protocol 4lscb@\S+: \d+ people in \d+ agencies/);
  });

  it('names what a directory from an earlier version lacks, and exits 1', () => {
    const { code, out } = check(withoutConferenceChairs());
    assert.equal(code, 1);
    assert.match(out, /names "conference-chairs", which the partnership directory does not list: add it under "bodies"/);
  });

  it('names a directory that is not valid at all', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'directory-')), 'broken.json');
    writeFileSync(file, '{ "people": [');
    const { code, out } = check(file);
    assert.equal(code, 1);
    assert.match(out, /Not valid\./);
  });

  it('the bot refuses to start on such a directory, and its message names the command', async () => {
    await assert.rejects(startHarness({ DIRECTORY_FILE: withoutConferenceChairs() }), /conference-chairs[\s\S]*npm run directory:check/);
  });
});
