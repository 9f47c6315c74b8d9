import { z } from 'zod';

/**
 * Shopper text without control characters (tabs and line breaks stay): Postgres cannot store a
 * NUL (nor jsonb a \u0000), and the rest only hide things from people reading transcripts.
 */
export const shopperText = () =>
  z
    .string()
    .transform((text) => text.replace(/\p{Cc}/gu, (c) => ('\t\n\r'.includes(c) ? c : '')))
    .pipe(z.string().trim());

/** A short label a shopper gives (a brand, a size): cleaned, non-empty, bounded. */
export const shopperLabel = (max: number) => shopperText().pipe(z.string().min(1).max(max));

/** Identifiers and filter values (an email, a sku, a category) are refused, not cleaned, when they carry control characters. */
export const noControlCharacters = () => z.string().refine((text) => !/\p{Cc}/u.test(text), 'must not contain control characters (such as NUL)');
