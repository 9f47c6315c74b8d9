import { describe, expect, it } from 'vitest';
import { validateTemplate } from '../../server/src/prompts/validate-template.js';

describe('template validation', () => {
  it('when every declared variable is used once and braces pair up, then there is no problem', () => {
    expect(validateTemplate('Hi {{ name }}, see {{cards}}.', ['name', 'cards'])).toEqual([]);
  });

  it.each([
    ['Hi {{nmae}} {{cards}}', 'UNKNOWN_VARIABLE', 1, 4],
    ['Hi {{name}}\nsee {{cards', 'UNBALANCED_BRACES', 2, 5],
    ['Hi {{name}} }} {{cards}}', 'UNBALANCED_BRACES', 1, 13],
    ['line one\n  {{name {{cards}}', 'UNBALANCED_BRACES', 2, 3],
  ])('when the body is %j, then %s is reported at line %i column %i', (body, code, line, column) => {
    expect(validateTemplate(body, ['name', 'cards'])).toContainEqual(expect.objectContaining({ code, line, column }));
  });

  it('when a declared variable is never used, then it is reported as missing', () => {
    expect(validateTemplate('Hi {{name}}', ['name', 'cards'])).toEqual([expect.objectContaining({ code: 'MISSING_VARIABLE', message: 'The template never uses {{cards}}.' })]);
  });

  it('when the body is empty or too long, then it is refused', () => {
    expect(validateTemplate('   ', [])[0]?.code).toBe('EMPTY');
    expect(validateTemplate('x'.repeat(20_001), []).map((p) => p.code)).toContain('TOO_LONG');
  });
});
