/** Problems with a template body, each with the exact place (line and column, 1-based). */
export type TemplateProblem = { code: 'UNKNOWN_VARIABLE' | 'MISSING_VARIABLE' | 'UNBALANCED_BRACES' | 'TOO_LONG' | 'EMPTY'; message: string; line?: number; column?: number };

export const MAX_TEMPLATE_CHARS = 20_000;

function position(body: string, index: number): { line: number; column: number } {
  const before = body.slice(0, index).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/**
 * Checks a template against the variables its name declares: every {{variable}} must be known,
 * every declared variable must be used, and braces must pair up.
 */
export function validateTemplate(body: string, variables: readonly string[]): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (!body.trim()) return [{ code: 'EMPTY', message: 'The template is empty.' }];
  if (body.length > MAX_TEMPLATE_CHARS) problems.push({ code: 'TOO_LONG', message: `The template has ${body.length} characters; the limit is ${MAX_TEMPLATE_CHARS}.` });
  const used = new Set<string>();
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf('{{', i);
    const stray = body.indexOf('}}', i);
    if (stray !== -1 && (open === -1 || stray < open)) {
      problems.push({ code: 'UNBALANCED_BRACES', message: '"}}" without a matching "{{".', ...position(body, stray) });
      i = stray + 2;
      continue;
    }
    if (open === -1) break;
    const close = body.indexOf('}}', open + 2);
    const nextOpen = body.indexOf('{{', open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      problems.push({ code: 'UNBALANCED_BRACES', message: '"{{" is never closed with "}}".', ...position(body, open) });
      i = open + 2;
      continue;
    }
    const name = body.slice(open + 2, close).trim();
    if (!variables.includes(name)) problems.push({ code: 'UNKNOWN_VARIABLE', message: `{{${name}}} is not a variable of this template (known: ${variables.join(', ') || 'none'}).`, ...position(body, open) });
    used.add(name);
    i = close + 2;
  }
  for (const variable of variables) if (!used.has(variable)) problems.push({ code: 'MISSING_VARIABLE', message: `The template never uses {{${variable}}}.` });
  return problems;
}
