/** Lowercase word stems for embedding and matching: light plural stripping, no stopwords. */
const STOPWORDS = new Set(
  'a an and are as at be but by for from has have i in is it its me my of on or our so that the their this to was we with you your need want looking look something some show find get please any also just like would could can will im its its one all very more'.split(' '),
);

export function stem(word: string): string {
  let w = word.replace(/'s$/, '').replace(/'/g, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(sses|shes|ches|xes|zes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Words of a text, hyphenated compounds kept whole ("t-shirt", "water-resistant"). */
export function words(text: string): string[] {
  return (text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/[a-z0-9]+(?:[-'][a-z0-9]+)*/g) ?? []);
}

export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
}
