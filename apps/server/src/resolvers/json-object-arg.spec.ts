import { GraphQLError } from 'graphql';
import { jsonObjectArg } from './json-object-arg';
import { requiredEdge } from './required-edge';

describe('jsonObjectArg', () => {
  it('passes an object through and reads absent or null as undefined', () => {
    expect(jsonObjectArg({ source: '# hi', n: [1, 2] }, 'spec')).toEqual({ source: '# hi', n: [1, 2] });
    expect(jsonObjectArg(null, 'spec')).toBeUndefined();
    expect(jsonObjectArg(undefined, 'spec')).toBeUndefined();
  });

  it.each([
    [5, 'spec must be a JSON object, got number'],
    ['abc', 'spec must be a JSON object, got string'],
    [[1, 2], 'spec must be a JSON object, got an array'],
    [true, 'spec must be a JSON object, got boolean'],
  ])('refuses %j as BAD_USER_INPUT naming the argument', (value, message) => {
    let error: unknown;
    try {
      jsonObjectArg(value, 'spec');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).message).toBe(message);
    expect((error as GraphQLError).extensions['code']).toBe('BAD_USER_INPUT');
  });
});

describe('requiredEdge', () => {
  it('returns the loaded row', async () => {
    await expect(requiredEdge(Promise.resolve({ id: 'r1' }), 'gone')).resolves.toEqual({ id: 'r1' });
  });

  it('answers NOT_FOUND with the message given when the row is gone', async () => {
    const error = await requiredEdge(Promise.resolve(undefined), 'prototype 3: its run r9 is gone').catch((e: unknown) => e);
    expect((error as GraphQLError).message).toBe('prototype 3: its run r9 is gone');
    expect((error as GraphQLError).extensions['code']).toBe('NOT_FOUND');
  });
});
