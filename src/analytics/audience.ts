import type { Directory } from '../directory/partnership-directory';
import type { PersonRef } from '../domain/dispute';

/** The directory's body whose members, with the secretariat, see the partnership's picture. */
export const BOARD = 'board';

/**
 * Whether a person may see the partnership's picture (the tab, and the return in chat): the
 * secretariat and the board members the directory names, matched by id or Entra object id.
 */
export function mayViewPicture(directory: Directory, person: Pick<PersonRef, 'id'> & { aadObjectId?: string | undefined }): boolean {
  return [...directory.secretariat(), ...directory.body(BOARD)].some((p) => p.id === person.id || (!!p.aadObjectId && p.aadObjectId === person.aadObjectId));
}
