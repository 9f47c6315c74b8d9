/**
 * Prices as shoppers write them: "under 50", "$20-$40", "between 20 and 40 dollars",
 * "less than 1k", "around $80", "at least 100". Matched spans are returned so the caller can
 * remove them from the free-text need.
 */
export type PriceFilter = { min: number | null; max: number | null; spans: Array<[number, number]> };

const AMOUNT = String.raw`\$?\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d{1,2})?)\s?(k\b)?(?:\s?(?:dollars?|bucks|usd|\$))?`;
/** A number followed by a unit is a size or a spec, not a price. */
const NOT_PRICE_AFTER = /^\s?(?:-?\s?)?(inch|inches|in\b|"|hours?|hrs?|h\b|lbs?|pounds?|kg|g\b|gb|tb|ml|l\b|liters?|oz|ounces?|years?|yrs?|yo\b|pieces?|pcs|person|people|players?|mm|cm|w\b|watts?|pack|count|month|months|percent|%|star|stars|x\b|m\b|ft|feet|\+|-?person|-?inch|-?liter)/i;

function amount(digits: string, thousands: string | undefined): number {
  const n = Number(digits.replace(/,/g, ''));
  return thousands ? n * 1000 : n;
}

type Rule = { pattern: RegExp; apply: (m: RegExpExecArray) => { min?: number; max?: number } | null };

const RULES: Rule[] = [
  {
    // between $20 and $40 · from 20 to 40 dollars
    pattern: new RegExp(String.raw`\b(?:between|from)\s+${AMOUNT}\s+(?:and|to|-)\s+${AMOUNT}`, 'gi'),
    apply: (m) => ({ min: amount(m[1]!, m[2]), max: amount(m[3]!, m[4]) }),
  },
  {
    // $20-$40 · 20-40 dollars · 20 to 40 bucks (a currency sign or word is required)
    pattern: new RegExp(String.raw`(\$\s?\d[\d,.]*\s?k?|\b\d[\d,.]*\s?k?)\s?(?:-|–|to)\s?(\$\s?\d[\d,.]*\s?k?|\d[\d,.]*\s?k?)(\s?(?:dollars?|bucks|usd))?`, 'gi'),
    apply: (m) => {
      if (!m[0].includes('$') && !m[3]) return null;
      const parse = (s: string) => {
        const k = /k\s*$/i.test(s);
        return amount(s.replace(/[$\sk]/gi, ''), k ? 'k' : undefined);
      };
      return { min: parse(m[1]!), max: parse(m[2]!) };
    },
  },
  {
    pattern: new RegExp(String.raw`\b(?:around|about|roughly|approximately|approx\.?|~)\s*${AMOUNT}`, 'gi'),
    apply: (m) => {
      const n = amount(m[1]!, m[2]);
      return { min: Math.round(n * 0.8), max: Math.round(n * 1.2) };
    },
  },
  {
    pattern: new RegExp(
      String.raw`(?:\bunder|\bbelow|\bless\s+than|\bcheaper\s+than|\bno\s+more\s+than|\bnot\s+more\s+than|\bmax(?:imum)?(?:\s+of)?|\bup\s+to|\bat\s+most|\bwithin|\bbudget(?:\s+is|\s+of)?|\bspend(?:ing)?(?:\s+up\s+to)?|<|≤|\blt)\s*${AMOUNT}`,
      'gi',
    ),
    apply: (m) => ({ max: amount(m[1]!, m[2]) }),
  },
  {
    pattern: new RegExp(String.raw`(?:\bover|\babove|\bmore\s+than|\bat\s+least|\bmin(?:imum)?(?:\s+of)?|\bstarting\s+at|\bfrom|>|≥)\s*${AMOUNT}`, 'gi'),
    apply: (m) => ({ min: amount(m[1]!, m[2]) }),
  },
  {
    // a bare "$120" or "120 dollars" reads as a ceiling
    pattern: /(\$\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d{1,2})?)\s?(k\b)?|\b(\d+(?:\.\d{1,2})?)\s?(k\b)?\s?(?:dollars?|bucks|usd)\b)/gi,
    apply: (m) => ({ max: m[2] ? amount(m[2], m[3]) : amount(m[4]!, m[5]) }),
  },
];

export function extractPrice(text: string): PriceFilter {
  const result: PriceFilter = { min: null, max: null, spans: [] };
  const taken = (start: number, end: number) => result.spans.some(([s, e]) => start < e && end > s);
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken(start, end) || NOT_PRICE_AFTER.test(text.slice(end))) continue;
      const found = rule.apply(m);
      if (!found) continue;
      if (found.min !== undefined) result.min = found.min;
      if (found.max !== undefined) result.max = found.max;
      result.spans.push([start, end]);
    }
  }
  if (result.min !== null && result.max !== null && result.min > result.max) [result.min, result.max] = [result.max, result.min];
  return result;
}

const CHEAPER = /\b(cheaper|less expensive|lower[- ]priced|more affordable|lower price|on a tighter budget|too (?:expensive|pricey|much))\b/i;
const PRICIER = /\b(pricier|more expensive|higher[- ]end|more premium|fancier|better quality|too cheap)\b/i;

export function priceDirection(text: string): 'cheaper' | 'pricier' | null {
  // "a toaster that isn't too expensive" is a preference for a new search, not "cheaper than those".
  if (/\b(?:isn'?t|is not|not|isnt|nothing)\s+(?:too\s+)?(?:expensive|pricey)\b/i.test(text)) return null;
  if (CHEAPER.test(text)) return 'cheaper';
  if (PRICIER.test(text)) return 'pricier';
  return null;
}
