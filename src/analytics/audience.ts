import type { Directory } from '../directory/partnership-directory';
import type { PersonRef } from '../domain/dispute';
import { includes } from '../domain/person';

/** The directory's body whose members, with the secretariat, see the partnership's picture. */
export const BOARD = 'board';

/**
 * Whether a person may see the partnership's picture (the tab, and the return in chat): the
 * secretariat and the board members the directory names.
 */
export function mayViewPicture(directory: Directory, person: PersonRef): boolean {
  return includes([...directory.secretariat(), ...directory.body(BOARD)], person);
}
