import { REUSABLE_PLAN, type Queryable } from '../db/port.js';

export type CartLineRow = { productId: number; title: string; price: number | null; currency: string; quantity: number; inStock: boolean };

/** One cart per session; titles and prices are read from the catalog at the moment they are shown. */
export async function addToCart(db: Queryable, sessionId: string, productId: number): Promise<void> {
  await db.query(
    `INSERT INTO cart_items (session_id, product_id) VALUES ($1, $2)
     ON CONFLICT (session_id, product_id) DO UPDATE SET quantity = cart_items.quantity + 1`,
    [sessionId, productId],
    REUSABLE_PLAN,
  );
}

export async function removeFromCart(db: Queryable, sessionId: string, productId: number): Promise<boolean> {
  return (await db.query('DELETE FROM cart_items WHERE session_id = $1 AND product_id = $2', [sessionId, productId], REUSABLE_PLAN)).rowCount > 0;
}

export async function listCart(db: Queryable, sessionId: string): Promise<CartLineRow[]> {
  const { rows } = await db.query<{ product_id: number; title: string; price: string | null; currency: string; quantity: number; stock: number | null }>(
    `SELECT c.product_id, p.title, p.price, p.currency, c.quantity, p.stock
     FROM cart_items c JOIN products p ON p.id = c.product_id WHERE c.session_id = $1 ORDER BY c.added_at, c.product_id`,
    [sessionId],
    REUSABLE_PLAN,
  );
  return rows.map((r) => ({ productId: r.product_id, title: r.title, price: r.price === null ? null : Number(r.price), currency: r.currency, quantity: r.quantity, inStock: r.stock === null || r.stock > 0 }));
}
