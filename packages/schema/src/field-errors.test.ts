import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from './field-errors.js';

function issuesOf(schema: v.GenericSchema, input: unknown) {
  const result = v.safeParse(schema, input);
  if (result.success) throw new Error('expected the input to be refused');
  return result.issues;
}

describe('fieldErrors', () => {
  const Schema = v.strictObject(
    {
      name: v.pipe(
        v.string('Enter a name'),
        v.minLength(3, 'Too short'),
        v.regex(/^[a-z]+$/, 'Lowercase only'),
      ),
      nested: v.strictObject({ port: v.number('Enter a number') }, 'Unknown field'),
    },
    'Unknown field',
  );

  it('keeps the first message of each path', () => {
    expect(fieldErrors(issuesOf(Schema, { name: 'A', nested: { port: 1 } }))).toEqual({ name: 'Too short' });
  });

  it('joins nested paths with dots', () => {
    expect(fieldErrors(issuesOf(Schema, { name: 'abc', nested: { port: '1' } }))).toEqual({
      'nested.port': 'Enter a number',
    });
  });

  it("puts root issues under ''", () => {
    expect(fieldErrors(issuesOf(Schema, 'not an object'))).toEqual({ '': 'Unknown field' });
  });

  it('keeps a "__proto__" path as an own key without touching the prototype', () => {
    const errors = fieldErrors(
      issuesOf(Schema, JSON.parse('{"name":"abc","nested":{"port":1},"__proto__":{}}')),
    );
    expect(Object.keys(errors)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(errors)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(errors))).toEqual(JSON.parse('{"__proto__":"Unknown field"}'));
  });

  it('copies messages only, never the input', () => {
    const errors = fieldErrors(issuesOf(Schema, { name: 'Secret-Value', nested: { port: 'Secret-Value' } }));
    expect(JSON.stringify(errors)).not.toContain('Secret-Value');
  });
});
