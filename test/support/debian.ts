import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Debian packages some tests need (a browser, a word processor to print with), installed when
 * missing and we may (CI runs as root); otherwise the test fails saying what to install.
 */
export function ensureDebianPackages(needs: { binary: string; pkg: string }[], purpose: string): void {
  const missing = needs.filter((n) => !existsSync(n.binary)).map((n) => n.pkg);
  if (missing.length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) throw new Error(`${purpose} need Debian's ${missing.join(' and ')}: run "sudo apt-get install -y --no-install-recommends ${missing.join(' ')}".`);
  console.log(`Installing Debian's ${missing.join(', ')} for ${purpose.toLowerCase()}…`);
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
