import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** A prompt template from prompts/: front matter (name, description, variables) and a body with {{variables}}. */
export type PromptTemplate = { name: string; description: string; variables: string[]; body: string; version: number };

const frontMatterSchema = z.object({ name: z.string().regex(/^[a-z][a-z0-9_-]*$/), description: z.string(), variables: z.array(z.string()) });

export function parsePromptFile(text: string): Omit<PromptTemplate, 'version'> {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text.replace(/\r\n/g, '\n'));
  if (!match) throw new Error('a prompt file starts with front matter between --- lines');
  const fields = Object.fromEntries(
    match[1]!.split('\n').filter(Boolean).map((line) => {
      const [key, ...rest] = line.split(':');
      const value = rest.join(':').trim();
      return [key!.trim(), key!.trim() === 'variables' ? value.replace(/^\[|\]$/g, '').split(',').map((v) => v.trim()).filter(Boolean) : value];
    }),
  );
  return { ...frontMatterSchema.parse(fields), body: match[2]!.trim() };
}

/** The default templates shipped in prompts/, as version 1. */
export function loadPromptFiles(dir: string): Map<string, PromptTemplate> {
  const templates = new Map<string, PromptTemplate>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const template = parsePromptFile(readFileSync(path.join(dir, file), 'utf8'));
    templates.set(template.name, { ...template, version: 1 });
  }
  return templates;
}

/** Fills {{variables}}; a variable the template declares but the caller omits renders empty. */
export function renderPrompt(template: PromptTemplate, values: Record<string, string>): string {
  return template.body.replace(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/gi, (_, name: string) => values[name] ?? '');
}
