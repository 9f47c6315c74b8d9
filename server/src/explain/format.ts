// Number formats are built once: toLocaleString builds one on every call (ICU), and a turn formats dozens of prices.
const WHOLE = new Intl.NumberFormat('en-US');
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function money(amount: number, currency = 'USD'): string {
  const symbol = currency === 'USD' ? '$' : currency === 'EUR' ? '€' : currency === 'GBP' ? '£' : `${currency} `;
  return `${symbol}${(Number.isInteger(amount) ? WHOLE : CENTS).format(amount)}`;
}

/** A price as a shopper reads it; a product the merchant gave no price is never shown one. */
export function priceText(amount: number | null, currency = 'USD'): string {
  return amount === null ? 'no price listed' : money(amount, currency);
}

export function stars(rating: number | null): string {
  return rating === null ? 'no ratings yet' : `${rating.toFixed(1)}★`;
}

export function listOf(items: string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
