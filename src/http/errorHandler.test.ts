import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { UniqueConstraintError, ValidationError as SequelizeValidationError, ValidationErrorItem } from 'sequelize';
import { z } from 'zod';
import { ConfluenceError } from '../connect/confluenceClient';
import { isErrorId, statusesOf } from '../errors';
import { createLogger } from '../logger';
import { errorHandler, toAppError } from './errorHandler';

/**
 * The libraries' errors become catalogue errors with the ids and statuses clients saw before the
 * catalogue (src/errors.ts) existed: each pair below is a promise to API clients.
 */
describe('toAppError', () => {
  const zodError = z.object({ name: z.number() }).safeParse({ name: 'x' }).error!;
  /** An item as Sequelize makes one for a column (the instance and validator do not matter here). */
  const item = (message: string, type: 'unique violation' | 'notnull violation', path: string) => new ValidationErrorItem(message, type, path, '', null as never, '', '', []);
  const unique = new UniqueConstraintError({ errors: [item('name must be unique', 'unique violation', 'name')] });
  const invalid = new SequelizeValidationError('Validation error', [item('name cannot be null', 'notnull violation', 'name')]);

  it.each([
    ['an ACE token refusal', 401, 'unauthorized', { code: 401, message: 'Authentication failed' }],
    ['an ACE 400 for an undecodable token', 401, 'unauthorized', { code: 400, message: 'Invalid JWT' }],
    ['an ACE 500', 500, 'internal_error', { code: 500, message: 'Something broke in ACE' }],
    ['ACE failing to read the tenant store', 503, 'database_unavailable', { code: 500, message: 'Could not lookup stored client data for x: SequelizeConnectionRefusedError: connect ECONNREFUSED' }],
    ['a zod error', 400, 'validation_failed', zodError],
    ['a malformed %-escape in the path', 400, 'bad_request', new URIError('URI malformed')],
    ['a unique constraint', 409, 'conflict', unique],
    ['a Sequelize validation error', 400, 'validation_failed', invalid],
    ['Confluence failing', 502, 'confluence_unavailable', new ConfluenceError(500, '/rest/api/user', 'oops')],
    ['anything else', 500, 'internal_error', new Error('boom')],
  ])('maps %s to %i %s', (_what, status, id, err) => {
    const mapped = toAppError(err);
    expect({ status: mapped.status, id: mapped.id }).toEqual({ status, id });
    expect(isErrorId(mapped.id) && statusesOf(mapped.id).includes(mapped.status)).toBe(true);
  });

  it('keeps a zod error\'s problems as details, and a unique constraint\'s columns', () => {
    expect(toAppError(zodError).details).toEqual([{ path: 'name', message: 'Expected number, received string' }]);
    expect(toAppError(unique).details).toEqual(['name']);
  });
});

describe('body-parser\'s refusals', () => {
  const app = express();
  app.use(express.json({ limit: '1kb' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 3 }));
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  app.use(errorHandler(createLogger('silent', new Writable({ write: (_chunk, _encoding, done) => done() }))));

  it.each([
    ['a body that is not JSON', 400, 'malformed_json', 'application/json', '{"name": '],
    ['a body above the limit', 413, 'payload_too_large', 'application/json', JSON.stringify({ name: 'x'.repeat(2000) })],
    ['a charset it cannot read', 415, 'unsupported_media_type', 'application/json; charset=koi8-r', '{}'],
    // body-parser's own status stays: the catalogue lists 413 among bad_request's statuses.
    ['too many form parameters', 413, 'bad_request', 'application/x-www-form-urlencoded', 'a=1&b=2&c=3&d=4'],
  ])('answers %s with %i %s', async (_what, status, id, contentType, body) => {
    const res = await request(app).post('/echo').set('Content-Type', contentType).send(body);
    expect({ status: res.status, error: res.body.error }).toEqual({ status, error: id });
  });
});
