import path from 'node:path';

/**
 * How the Microsoft 365 Agents Playground is started, for `npm run dev` and the end-to-end
 * tests alike: pinned CLI, the msteams channel, no telemetry, no browser launch, and (unless
 * `loopback` is false) listening on 127.0.0.1 only.
 */
export function playgroundCommand(botUrl: string, port: number, loopback = true): { args: string[]; env: NodeJS.ProcessEnv } {
  return {
    args: [
      ...(loopback ? ['--require', path.join(__dirname, 'loopback-only.cjs')] : []),
      require.resolve('@microsoft/m365agentsplayground/cli.js'),
      '-e',
      `${botUrl}/api/messages`,
      '-c',
      'msteams',
      '-p',
      String(port),
      '--disable-telemetry',
    ],
    env: { TEAMSAPPTESTER_BROWSER: 'none', APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' },
  };
}
