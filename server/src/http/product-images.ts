import { Router } from 'express';
import { z } from 'zod';
import { lookupTable, ownValue } from '../lookup.js';

/** Named colors of the catalog → swatches; anything unknown falls back to a neutral gray. */
const SWATCHES = lookupTable({
  black: '#2b2b2b', white: '#f4f4f1', navy: '#1f2f57', gray: '#8a8f98', grey: '#8a8f98', olive: '#6b7440', red: '#c0392b',
  blue: '#2f6fb5', green: '#3c8d5a', beige: '#d9c7a7', burgundy: '#7b2335', pink: '#e59ab5', brown: '#7a5134',
  tan: '#c8a27a', orange: '#e67e22', yellow: '#f1c40f', silver: '#c0c4c8', brass: '#b5a642', natural: '#d8c3a5',
  stainless: '#b8bcc0', gold: '#d4af37', 'rose-gold': '#e0a899', neutral: '#b9bec6',
});

const paramsSchema = z.object({
  category: z.string().regex(/^[a-z0-9-]{1,60}$/),
  color: z.string().regex(/^[a-z0-9-]{1,40}\.svg$/),
});

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function titleCase(slug: string): string {
  return slug.split('-').filter((w) => w !== 'and').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** A small placeholder picture per category and color, so the demo store works offline. */
export function productImageSvg(categorySlug: string, colorSlug: string): string {
  const fill = ownValue(SWATCHES, colorSlug) ?? (SWATCHES.neutral as string);
  const [top = '', ...rest] = categorySlug.split('-');
  const label = escapeXml(titleCase(rest.join('-') || top));
  const section = escapeXml(titleCase(top));
  const ink = ['white', 'beige', 'silver', 'yellow', 'natural', 'stainless', 'tan', 'pink', 'neutral'].includes(colorSlug) ? '#222' : '#fff';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320" viewBox="0 0 320 320" role="img" aria-label="${label}, ${escapeXml(colorSlug)}">
<rect width="320" height="320" rx="24" fill="#eef0f3"/>
<circle cx="160" cy="140" r="84" fill="${fill}" stroke="#00000022" stroke-width="2"/>
<text x="160" y="148" text-anchor="middle" font-family="system-ui, sans-serif" font-size="26" font-weight="600" fill="${ink}">${label}</text>
<text x="160" y="268" text-anchor="middle" font-family="system-ui, sans-serif" font-size="18" fill="#555">${section} · ${escapeXml(colorSlug.replace(/-/g, ' '))}</text>
</svg>`;
}

export function productImagesRouter(): Router {
  const router = Router();
  router.get('/images/products/:category/:color', (req, res) => {
    const { category, color } = paramsSchema.parse(req.params);
    res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.send(productImageSvg(category, color.replace(/\.svg$/, '')));
  });
  return router;
}
