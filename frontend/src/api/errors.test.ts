import { ApiError, messageOf, networkError, toApiError } from './errors';

describe('the API client maps failed answers to ApiError', () => {
  it("keeps the server's {error, message, details} as they are", () => {
    const error = toApiError({ status: 400, statusText: 'Bad Request', body: { error: 'validation_failed', message: 'source: must be confluence or csv', details: [{ path: 'query.source', message: 'must be confluence or csv' }] } });
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.message]).toEqual([400, 'validation_failed', 'source: must be confluence or csv']);
    expect(error.fieldProblems).toEqual([{ path: 'query.source', message: 'must be confluence or csv' }]);
  });

  it('finds the problem of an input by its request path, or of a part below it', () => {
    const error = toApiError({ status: 400, statusText: '', body: { error: 'bad_request', message: 'x', details: [{ path: 'body', message: 'The header row names no identifier column' }, { path: 'values.phone', message: 'too long' }] } });
    expect(error.messageFor('body')).toBe('The header row names no identifier column');
    expect(error.messageFor('values')).toBe('too long');
    expect(error.messageFor('query.source')).toBeNull();
  });

  it('reads no field problems from details that are not a list of {path, message}', () => {
    for (const details of [undefined, { yourVersion: 1, currentVersion: 2 }, [{ field: 'phone', attribute: 'mail' }], ['text']]) {
      expect(toApiError({ status: 409, statusText: '', body: { error: 'stale_version', message: 'changed', details } }).fieldProblems).toEqual([]);
    }
  });

  it("turns an answer that is not the server's (a proxy's page, an empty 502) into a message from its status", () => {
    const error = toApiError({ status: 502, statusText: 'Bad Gateway', body: null });
    expect([error.code, error.message]).toEqual(['http_502', 'Rollcall answered 502 Bad Gateway. Try again in a moment.']);
    expect(toApiError({ status: 500, statusText: '', body: { message: 'no error id' } }).message).toBe('Rollcall answered HTTP 500. Try again in a moment.');
  });

  it('says when Rollcall was not reached, and has a message for anything else thrown', () => {
    expect([networkError().status, networkError().code]).toEqual([0, 'network']);
    expect(messageOf(networkError())).toMatch(/could not be reached/);
    expect(messageOf(new TypeError('x'))).toBe('Something went wrong.');
  });
});
