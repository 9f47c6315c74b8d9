import { el, safeLink } from './shared/dom.js';
import type { ProductView } from '../../server/src/contracts/catalog.js';
import type { HealthResponse } from '../../server/src/contracts/health.js';

/** The demo storefront: category pages and product pages over the catalog API. Text only via textContent. */
type Category = { path: string; name: string; depth: number; count: number };

/** A product the merchant gave no price shows none, never $0.00. */
const money = (p: ProductView) => (p.price === null ? 'Price not listed' : new Intl.NumberFormat(undefined, { style: 'currency', currency: p.currency }).format(p.price));
const content = document.querySelector<HTMLElement>('#content')!;

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${res.status} ${url}`);
  return (await res.json()) as T;
}

function productTile(p: ProductView): HTMLElement {
  const image = el('img', { alt: p.title, loading: 'lazy', src: safeLink(p.imageUrl) ?? '' });
  const rating = p.rating === null ? 'No reviews yet' : `${p.rating.toFixed(1)}★ · ${p.reviewCount.toLocaleString()} reviews`;
  return el('a', { className: 'product', href: safeLink(p.url) ?? '#' }, image, el('strong', { textContent: p.title }), el('span', { className: 'price', textContent: money(p) }), el('span', { className: 'muted', textContent: `${rating}${p.inStock ? '' : ' · out of stock'}` }));
}

async function showCategory(category: string | null): Promise<void> {
  const params = new URLSearchParams({ limit: '24', ...(category ? { category } : {}) });
  const { products } = await json<{ products: ProductView[] }>(`/api/products/search?${params}`);
  content.replaceChildren(el('h1', { textContent: category ?? 'Popular right now' }), el('div', { className: 'grid' }, ...products.map(productTile)));
}

async function showProduct(sku: string): Promise<void> {
  const { product: p } = await json<{ product: ProductView }>(`/api/products/sku/${encodeURIComponent(sku)}`);
  document.title = `${p.title} — Aisle Demo Store`;
  const facts = Object.entries(p.attributes).map(([k, v]) => el('li', { textContent: `${k.replace(/_/g, ' ')}: ${typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)}` }));
  content.replaceChildren(
    el('div', { className: 'detail' },
      el('img', { alt: p.title, src: p.imageUrl ?? '' }),
      el('div', {},
        el('p', { className: 'muted', textContent: `${p.category}${p.brand ? ` · ${p.brand}` : ''}` }),
        el('h1', { textContent: p.title }),
        el('p', { className: 'price', textContent: money(p) }),
        el('p', { className: 'muted', textContent: p.inStock ? `In stock (${p.stock})` : 'Out of stock' }),
        el('p', { textContent: p.description }),
        el('ul', {}, ...facts))),
  );
}

async function main(): Promise<void> {
  const current = new URLSearchParams(location.search).get('category');
  const { categories } = await json<{ categories: Category[] }>('/api/categories');
  const nav = document.querySelector<HTMLElement>('#categories')!;
  nav.replaceChildren(...categories.filter((c) => c.depth === 0).map((c) => {
    const link = el('a', { href: `/?category=${encodeURIComponent(c.path)}`, textContent: `${c.name} (${c.count})` });
    if (c.path === current) link.setAttribute('aria-current', 'page');
    return link;
  }));
  const product = /^\/products\/([^/]+)$/.exec(location.pathname)?.[1];
  if (product) await showProduct(decodeURIComponent(product));
  else await showCategory(current);
  const health = await json<HealthResponse>('/api/health').catch(() => null);
  document.querySelector('#health')!.textContent = health ? `server ${health.status}, database ${health.db.driver}` : 'server unreachable';
}

main().catch((error: unknown) => content.replaceChildren(el('p', { textContent: `Could not load the store: ${String(error)}` })));
