/**
 * Masks personal data in shopper text before it is stored (messages and feedback comments):
 * emails (Unicode, spaced "a @ b.com", "name at host dot com"), phone numbers (with or without
 * separators, E.164), card-like numbers (Luhn-valid, 13–19 digits, any spacing), US social
 * security numbers, and street addresses (US, UK with postcodes, German). Prices, sizes,
 * capacities, model numbers and product phrases ("a 10 speed road bike", "2 tb drive") are left alone.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+\s?@\s?[\p{L}\p{N}-]+(?:\s?\.\s?[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;
const SPELLED_EMAIL = /\b[\w.+-]+\s+(?:at|\[at\]|\(at\))\s+[\w-]+\s+(?:dot|\[dot\]|\(dot\))\s+[a-z]{2,}\b/gi;
const CARD = /\b(?:\d[ -]{0,3}){12,18}\d\b/g;
const SSN = /\b(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}\b/g;
const PHONE = /(?<![\w$.,])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])\d{3,4}[\s.-]?\d{3,4}(?![\w%])/g;
/** Digits only: E.164 with its plus, or a North American number of 10 (or 11 from 1) digits. */
const BARE_PHONE = /(?<![\w$.,])(?:\+\d{8,15}|1?[2-9]\d{2}[2-9]\d{6})(?![\w%.,]\d)\b/g;
const STREET_WORDS = 'St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Way|Ct|Court|Pl|Place|Terrace|Ter|Pkwy|Parkway|Hwy|Highway|Close|Crescent|Gardens|Square|Row|Mews';
const UNIT = String.raw`(?:,?\s+(?:Apt|Apartment|Suite|Unit|Flat|#)\s*\w+)?`;
const UK_POSTCODE = String.raw`[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}`;
const CITY_AND_POSTCODE = String.raw`(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?(?:,?\s+(?:${UK_POSTCODE}|[A-Z]{2}\s+\d{5}(?:-\d{4})?))?`;
/** Capitalised as written on an envelope: "221B Baker Street", "1600 Pennsylvania Ave NW". */
const STREET = new RegExp(String.raw`\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\.?\s+){1,3}(?:${STREET_WORDS})\b\.?(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b)?${UNIT}${CITY_AND_POSTCODE}`, 'g');
/** Lowercase, only with words no product phrase ends in ("road" bikes, "drive"s and "court" shoes stay). */
const LOWERCASE_STREET = /\b\d{1,5}[a-z]?\s+(?:[a-z]+\s+){1,3}(?:street|avenue|boulevard|lane|terrace|parkway|crescent)\b(?:,?\s+(?:apt|suite|unit|flat)\s*\w+)?/g;
/** German: "Hauptstraße 5", "Berliner Str. 12a", with the postcode and town that may follow. */
const GERMAN_STREET = /\b(?:\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer)|(?:\p{Lu}[\p{L}-]*\s+)?(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee))\s+\d{1,4}\s?[a-z]?\b(?:,?\s+\d{5}\s+\p{Lu}[\p{L}-]+)?/gu;
const UK_POSTCODE_ALONE = new RegExp(String.raw`\b${UK_POSTCODE}\b`, 'g');

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function maskPii(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(SPELLED_EMAIL, '[email]')
    .replace(CARD, (match) => {
      const digits = match.replace(/\D/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? '[card]' : match;
    })
    .replace(SSN, '[ssn]')
    .replace(STREET, '[address]')
    .replace(LOWERCASE_STREET, '[address]')
    .replace(GERMAN_STREET, '[address]')
    .replace(UK_POSTCODE_ALONE, '[address]')
    .replace(PHONE, (match) => (match.replace(/\D/g, '').length >= 9 ? '[phone]' : match))
    .replace(BARE_PHONE, '[phone]');
}
