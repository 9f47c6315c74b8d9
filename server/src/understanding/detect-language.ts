/**
 * Enough language detection for the offline engine to know when it cannot follow: non-Latin
 * scripts, and common function words of the main European languages.
 */
const STOPWORDS: Record<string, string[]> = {
  en: ['the', 'and', 'for', 'with', 'under', 'show', 'want', 'need', 'looking', 'some', 'what', 'how', 'is', 'are', 'me', 'my', 'i', 'a', 'to', 'in', 'of', 'not', 'please', 'can', 'you', 'do'],
  de: ['ich', 'und', 'nicht', 'für', 'mit', 'suche', 'eine', 'einen', 'der', 'die', 'das', 'unter', 'bitte', 'zeig', 'mir', 'wasserdichte', 'schuhe', 'haben', 'sie', 'ist'],
  fr: ['je', 'et', 'pour', 'avec', 'cherche', 'une', 'des', 'les', 'moins', 'de', 'sous', 'pas', 'chaussures', 'merci', 'montre', 'moi', 'voudrais', 'est', 'vous'],
  es: ['quiero', 'busco', 'para', 'con', 'una', 'unos', 'unas', 'los', 'las', 'menos', 'de', 'zapatos', 'por', 'favor', 'muéstrame', 'necesito', 'que', 'el'],
  it: ['voglio', 'cerco', 'per', 'con', 'una', 'delle', 'sotto', 'scarpe', 'grazie', 'mostrami', 'vorrei', 'il', 'che', 'non'],
  pt: ['quero', 'procuro', 'para', 'com', 'uma', 'umas', 'sapatos', 'obrigado', 'mostre', 'preciso', 'não', 'que', 'o'],
  nl: ['ik', 'zoek', 'voor', 'met', 'een', 'onder', 'schoenen', 'graag', 'laat', 'zien', 'niet', 'het', 'de'],
};

export function detectLanguage(text: string): string {
  if (/[\u0400-\u04ff]/.test(text)) return 'ru';
  if (/[\u3040-\u30ff]/.test(text)) return 'ja';
  if (/[\u4e00-\u9fff]/.test(text)) return 'zh';
  if (/[\uac00-\ud7af]/.test(text)) return 'ko';
  if (/[\u0600-\u06ff]/.test(text)) return 'ar';
  if (/[\u0590-\u05ff]/.test(text)) return 'he';
  if (/[\u0900-\u097f]/.test(text)) return 'hi';
  const tokens = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  if (tokens.length < 2) return 'en';
  const scores = Object.entries(STOPWORDS).map(([lang, list]) => [lang, tokens.filter((t) => list.includes(t)).length] as const);
  const english = scores.find(([lang]) => lang === 'en')?.[1] ?? 0;
  const [bestLang, best] = [...scores].filter(([lang]) => lang !== 'en').sort((a, b) => b[1] - a[1])[0]!;
  return best >= 2 && best > english ? bestLang : 'en';
}
