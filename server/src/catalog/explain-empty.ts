import type { Db } from '../db/port.js';
import { SqlParams } from '../db/sql-params.js';
import { attributeContainment, filterConditions, whereClause, withoutFilter, type FilterName, type ProductFilters } from './filters.js';

export type FilterRelaxation = { filter: FilterName; label: string; matchesWithout: number };

export type EmptyResultExplanation = {
  /** filters: the hard filters leave nothing; no_match: nothing in the catalog is close to the request. */
  kind: 'filters' | 'no_match';
  /** no_match only: the categories of the nearest products, to offer instead. */
  nearestCategories?: string[];
  /** Filters that, dropped alone, would give results; the category last, then by how many. */
  relaxations: FilterRelaxation[];
  cheapestPrice: number | null;
  highestPrice: number | null;
  availableBrands: string[];
  summary: string;
};

/**
 * Relaxations are counted up to this many matches: enough to order them and to tell the shopper
 * there is plenty. (Counting to 1,000 made an empty result 10 ms slower at 100k products.)
 */
export const RELAXATION_COUNT_CAP = 200;

function money(n: number): string {
  return `$${n.toFixed(2).replace(/\.00$/, '')}`;
}

export function describeFilter(name: FilterName, filters: ProductFilters): string {
  if (name === 'category') return `in ${filters.category}`;
  if (name === 'brandsIn') return `from ${filters.brandsIn?.join(' or ')}`;
  if (name === 'brandsOut') return `not from ${filters.brandsOut?.join(' or ')}`;
  if (name === 'priceMin') return `from ${money(filters.priceMin ?? 0)}`;
  if (name === 'priceMax') return `under ${money(filters.priceMax ?? 0)}`;
  if (name === 'inStock') return 'in stock';
  const [kind, key = ''] = name.split('.') as [string, string];
  const values = (kind === 'attributes' ? filters.attributes?.[key] : filters.attributesOut?.[key]) ?? [];
  const label = key.replace(/_/g, ' ');
  const shown = values.map((v) => (typeof v === 'boolean' ? (v ? label : `not ${label}`) : `${label} ${String(v)}`)).join(' or ');
  return kind === 'attributes' ? shown : `without ${values.map(String).join(' or ')} ${label}`;
}

/** Each statement gets fresh parameters, since Postgres refuses unused ones. */
function filteredWhere(filters: ProductFilters, excludeIds: readonly number[], params: SqlParams): string {
  return whereClause(filterConditions(filters, params), [`p.id <> ALL(${params.add(excludeIds)}::int[])`, ...attributeContainment(filters, params)]);
}

async function countMatching(db: Db, filters: ProductFilters, excludeIds: readonly number[]): Promise<number> {
  const params = new SqlParams();
  const where = filteredWhere(filters, excludeIds, params);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM products p ${where} LIMIT ${RELAXATION_COUNT_CAP}) t`, params.values);
  return rows[0]?.n ?? 0;
}

/** Filters on a product's price and brand: their relaxations are counted in the pass over the broader matches. */
const PRICE_AND_BRAND: readonly FilterName[] = ['priceMin', 'priceMax', 'brandsIn'];

type BroaderFacts = { cheapest: string | null; highest: string | null; brands: string[]; without: Record<string, number> };

/**
 * One pass over the products that match once the price and brand filters are dropped: the price
 * range, the brands most stocked, and how many would match with each active price or brand filter
 * dropped alone — the same rows the relaxations' own counts would read again.
 */
async function broaderFacts(db: Db, filters: ProductFilters, excludeIds: readonly number[], relaxed: readonly FilterName[]): Promise<BroaderFacts> {
  const broader = PRICE_AND_BRAND.reduce<ProductFilters>((f, name) => withoutFilter(f, name), filters);
  const params = new SqlParams();
  const where = filteredWhere(broader, excludeIds, params);
  const counts = relaxed.map((name) => {
    const { priceMin, priceMax, brandsIn } = withoutFilter(filters, name);
    const others = filterConditions({ priceMin, priceMax, brandsIn }, params, 's').map((c) => c.sql);
    return `'${name}', least(count(*) FILTER (WHERE ${others.join(' AND ') || 'true'}), ${RELAXATION_COUNT_CAP})`;
  });
  // MATERIALIZED keeps the planner from answering min/max by walking the price index until a row
  // of the category turns up (120 ms at 100k products); the category's own rows are few.
  const { rows } = await db.query<BroaderFacts>(
    `WITH s AS MATERIALIZED (SELECT p.price, p.brand FROM products p ${where})
     SELECT (SELECT min(price) FROM s) AS cheapest, (SELECT max(price) FROM s) AS highest,
            (SELECT coalesce(json_agg(b.brand ORDER BY b.n DESC, b.brand), '[]')
               FROM (SELECT brand, count(*) AS n FROM s WHERE brand IS NOT NULL GROUP BY brand ORDER BY n DESC, brand LIMIT 5) b) AS brands,
            ${counts.length ? `(SELECT json_build_object(${counts.join(', ')}) FROM s)` : "'{}'::json"} AS without`,
    params.values,
  );
  return rows[0] ?? { cheapest: null, highest: null, brands: [], without: {} };
}

/**
 * Why a search came back empty: which single filter emptied it, and what is there instead,
 * so the assistant can say "nothing under $20 in hiking boots; the cheapest is $34".
 */
export async function explainEmptyResult(db: Db, filters: ProductFilters, excludeIds: readonly number[] = []): Promise<EmptyResultExplanation> {
  const active = filterConditions(filters, new SqlParams()).map((c) => c.name);
  const facts = await broaderFacts(db, filters, excludeIds, active.filter((name) => PRICE_AND_BRAND.includes(name)));
  const relaxations: FilterRelaxation[] = [];
  for (const name of active) {
    const matchesWithout = PRICE_AND_BRAND.includes(name) ? Number(facts.without[name] ?? 0) : await countMatching(db, withoutFilter(filters, name), excludeIds);
    if (matchesWithout > 0) relaxations.push({ filter: name, label: describeFilter(name, filters), matchesWithout });
  }
  // The category is the heart of the need, so loosening it is suggested last.
  const priority = (f: FilterName) => (f === 'category' ? 1 : 0);
  relaxations.sort((a, b) => priority(a.filter) - priority(b.filter) || b.matchesWithout - a.matchesWithout);
  const explanation: EmptyResultExplanation = {
    kind: 'filters',
    relaxations,
    cheapestPrice: facts.cheapest == null ? null : Number(facts.cheapest),
    highestPrice: facts.highest == null ? null : Number(facts.highest),
    availableBrands: facts.brands,
    summary: '',
  };
  explanation.summary = summarize(filters, active, explanation);
  return explanation;
}

function summarize(filters: ProductFilters, active: FilterName[], e: EmptyResultExplanation): string {
  const wanted = active.map((name) => describeFilter(name, filters)).join(', ');
  const parts = [`Nothing matches all of: ${wanted || 'your search'}.`];
  const best = e.relaxations[0];
  if (best?.filter === 'priceMax' && e.cheapestPrice !== null) parts.push(`The cheapest ${filters.category ? `in ${filters.category} ` : ''}is ${money(e.cheapestPrice)}.`);
  else if (best?.filter === 'priceMin' && e.highestPrice !== null) parts.push(`The most expensive ${filters.category ? `in ${filters.category} ` : ''}is ${money(e.highestPrice)}.`);
  else if (best?.filter === 'brandsIn' && e.availableBrands.length) parts.push(`Brands that do match: ${e.availableBrands.join(', ')}.`);
  if (best) parts.push(`Without "${best.label}" there ${best.matchesWithout === 1 ? 'is 1 match' : `are ${best.matchesWithout >= RELAXATION_COUNT_CAP ? `at least ${RELAXATION_COUNT_CAP}` : best.matchesWithout} matches`}.`);
  else if (active.length > 1) parts.push('No single change fixes it; try a broader search.');
  return parts.join(' ');
}
