// What every API request gets checked for before its route's own validation: a NUL character in
// the path, the query string or a JSON body (PostgreSQL cannot store it, and no input of
// quotaplan means it), keys that name JavaScript's object machinery (`__proto__`, `constructor`,
// `prototype`: prototype pollution) and JSON nested deeper than any request needs. Each refusal
// is a 422 problem naming where: `path`, `query.rep`, `body.edits[0].value.name`.

import type { MiddlewareHandler } from 'hono';
import type { Issue } from '../core/issue.ts';
import {
  checkInput,
  formatValuePath,
  MAX_INPUT_DEPTH,
  RESERVED_KEYS,
} from '../core/input-check.ts';
import type { ValuePath } from '../core/input-check.ts';
import { HttpProblem } from './problem.ts';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

function refusal(field: string, message: string, expected: string): Issue {
  return { code: 'request-invalid', severity: 'error', message: `${field}: ${message}`, expected };
}

const bodyField = (path: ValuePath): string =>
  path.length === 0 ? 'body' : `body.${formatValuePath(path)}`;

/** The problems of a parsed JSON body, named by their key paths. */
export function bodyProblems(body: unknown): Issue[] {
  const found = checkInput(body);
  const issues: Issue[] = [];
  if (found.tooDeep !== null) {
    issues.push(
      refusal(
        bodyField(found.tooDeep),
        `nested more than ${MAX_INPUT_DEPTH} levels deep`,
        'the shape the route documents',
      ),
    );
  }
  for (const path of found.reservedKeys) {
    issues.push(
      refusal(
        bodyField(path),
        'unknown key',
        `a key other than ${RESERVED_KEYS.join(', ')} (reserved)`,
      ),
    );
  }
  for (const path of found.nulCharacters) {
    issues.push(
      refusal(bodyField(path), 'holds a NUL character', 'text without NUL characters (\\u0000)'),
    );
  }
  for (const path of found.loneSurrogates) {
    issues.push(
      refusal(
        bodyField(path),
        'holds a lone UTF-16 surrogate',
        'well-formed Unicode text (surrogates only in pairs)',
      ),
    );
  }
  return issues;
}

/**
 * The guard. `skipBody` names requests whose body is someone else's to read (better-auth reads
 * its own requests' bodies from the raw request).
 */
export function inputGuard(skipBody: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const issues: Issue[] = [];
    if (c.req.path.includes('\u0000') || /%00/i.test(new URL(c.req.url).pathname)) {
      issues.push(
        refusal('path', 'holds a NUL character (%00)', 'ids and names without NUL characters'),
      );
    }
    for (const [key, values] of Object.entries(c.req.queries())) {
      if (key.includes('\u0000') || values.some((v) => v.includes('\u0000'))) {
        issues.push(
          refusal(
            `query.${key.replaceAll('\u0000', '\\u0000')}`,
            'holds a NUL character (%00)',
            'values without NUL characters',
          ),
        );
      }
    }
    const type = c.req.header('content-type') ?? '';
    if (issues.length === 0 && JSON_TYPE.test(type) && !skipBody(c.req.path)) {
      const text = await c.req.text();
      if (text.trim() !== '') {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new HttpProblem(400, 'bad-request', `the body is not valid JSON: ${reason}`);
        }
        issues.push(...bodyProblems(body));
      }
    }
    if (issues.length > 0) {
      throw new HttpProblem(422, 'invalid', 'the request is not valid', issues);
    }
    await next();
  };
}
