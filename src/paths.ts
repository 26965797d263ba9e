import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's root (where package.json is), whether the bot runs from src/ through tsx in
 * development or from the compiled build in dist/src/ in production. Card templates,
 * protocols and the sample directory are read from here.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

export const ROOT = findRoot(__dirname);
