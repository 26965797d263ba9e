import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';

/**
 * The Bot Framework SDK writes straight to the console when it refuses a token: a stack
 * trace per refusal and, for an unknown signing key, every trusted key in PEM. Inside a
 * request those lines are taken from the console and kept for the request, which logs one
 * structured line saying why it was refused. Outside a request they go to `elsewhere`,
 * reduced to their first line with key material and tokens removed.
 */
const captured = new AsyncLocalStorage<string[]>();
let installed = false;
let elsewhere: ((level: 'warn' | 'error', text: string) => void) | undefined;

const PEM = /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g;
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;

/** The first line of what was printed, with keys and tokens taken out. */
export function scrub(text: string): string {
  return text.replace(PEM, '[key]').replace(JWT, '[token]').split('\n')[0]!.trim().slice(0, 300);
}

export function installConsoleCapture(outside?: (level: 'warn' | 'error', text: string) => void): void {
  if (outside) elsewhere = outside;
  if (installed) return;
  installed = true;
  for (const level of ['error', 'warn'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const sink = captured.getStore();
      if (sink) {
        if (sink.length < 20) sink.push(format(...args));
        return;
      }
      if (elsewhere) elsewhere(level, scrub(format(...args)));
      else original(...args);
    };
  }
}

/** Run `work` with whatever the SDK prints kept in `lines` instead of printed. */
export function capturingConsole<T>(lines: string[], work: () => Promise<T>): Promise<T> {
  return captured.run(lines, work);
}

/** Why a token was refused, from what the SDK printed, in words an operator can act on. */
export function refusalReason(lines: string[], hadToken: boolean): string {
  const text = lines.join('\n');
  if (!hadToken) return 'no token';
  if (/jwt expired|expired/i.test(text)) return 'token expired';
  if (/Invalid AppId passed on token/i.test(text)) return 'token is for another bot';
  if (/invalid algorithm|signature is required|jwt malformed|invalid token/i.test(text)) return 'token unsigned or malformed';
  if (/invalid signature|Error finding key/i.test(text)) return 'token not signed by a trusted key';
  if (/issuer/i.test(text)) return 'token from an untrusted issuer';
  if (/serviceurl/i.test(text)) return 'token does not match the service address';
  if (/No valid identity/i.test(text)) return 'token not recognised as a Bot Framework token';
  return 'token not accepted';
}
