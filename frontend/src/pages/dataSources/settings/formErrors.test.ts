import { ApiError } from '../../../api/errors';
import { errorsOf, errorTarget, placeProblems } from './formErrors';

const KNOWN = ['name', 'settings.userFilter', 'settings.accountMatch', 'settings.accountMatch.attribute', 'schedule', 'incremental.lastSyncDate'];

describe('where a problem of a save is shown', () => {
  it('goes to the input its path names', () => {
    expect(errorTarget('settings.userFilter', KNOWN)).toBe('settings.userFilter');
  });

  it('goes to the closest input above a deeper path', () => {
    expect(errorTarget('settings.accountMatch.kind', KNOWN)).toBe('settings.accountMatch');
  });

  it('goes to the form when no input takes it', () => {
    expect(errorTarget('settings.nothing', KNOWN)).toBe('_form');
    expect(errorTarget('', KNOWN)).toBe('_form');
  });

  it('joins two problems of one input', () => {
    expect(placeProblems([{ path: 'name', message: 'Too long.' }, { path: 'name', message: 'Plain text only.' }], KNOWN)).toEqual({ name: 'Too long. Plain text only.' });
  });

  it("places a validation error's details, and a duplicate name at the name", () => {
    const invalid = new ApiError(400, 'validation_failed', 'Invalid', [{ path: 'schedule', message: 'The schedule is bad' }]);
    expect(errorsOf(invalid, KNOWN)).toEqual({ schedule: 'The schedule is bad' });
    expect(errorsOf(new ApiError(409, 'duplicate_source', 'Taken'), KNOWN)).toEqual({ name: 'Taken' });
    expect(errorsOf(new ApiError(500, 'internal', 'Broken'), KNOWN)).toEqual({ _form: 'Broken' });
  });
});
