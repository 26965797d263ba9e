import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDebianPackages } from './debian';

export const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, installed when missing and we may (CI runs as root). */
export function ensureChromium(): void {
  ensureDebianPackages([{ binary: CHROMIUM, pkg: 'chromium' }], 'The browser tests');
}

/** Chromium flags that keep it on this machine. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

import { playgroundCommand } from '../../scripts/playground-command';

export interface Playground {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The Microsoft 365 Agents Playground (pinned), with the sample partnership's config, talking to a bot. */
export async function startPlayground(botUrl: string): Promise<Playground> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'playground-'));
  copyFileSync(path.join(__dirname, '..', '..', '.m365agentsplayground.yml'), path.join(cwd, '.m365agentsplayground.yml'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const command = playgroundCommand(botUrl, port);
  const child = spawn(process.execPath, command.args, { cwd, env: { ...process.env, ...command.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The playground did not start: ${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening on (\d+)/.exec(output)?.[1];
      if (listening) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${listening}`);
      }
    });
    child.on('exit', (code) => reject(new Error(`The playground exited (${code}); see ${cwd}/devTools/m365agentsplayground.log`)));
  });
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
