import { describe, expect, it } from 'vitest';
import { csvCell } from '../../server/src/transcripts/export.js';

describe('CSV export cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.test","click")', `"'=HYPERLINK(""http://evil.test"",""click"")"`],
    ['+cmd|calc', "'+cmd|calc"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tleading tab', "'\tleading tab"],
  ])('when a cell starts like a formula (%j), then it is written as text', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('when a cell is ordinary text, a number or empty, then it is written as it is (quoted only when needed)', () => {
    expect(csvCell('waterproof boots')).toBe('waterproof boots');
    expect(csvCell('boots, cheap')).toBe('"boots, cheap"');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
  });
});
