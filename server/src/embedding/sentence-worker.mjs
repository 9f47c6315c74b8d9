// One embedding worker: loads the sentence model once, then embeds the batches it is sent.
import { parentPort } from 'node:worker_threads';
import { embedSentences, loadSentenceModel } from './sentence-model.mjs';

await loadSentenceModel();
parentPort.on('message', async ({ id, texts }) => {
  try {
    const vectors = await embedSentences(texts);
    const flat = new Float32Array(vectors.length * (vectors[0]?.length ?? 0));
    vectors.forEach((v, i) => flat.set(v, i * v.length));
    parentPort.postMessage({ id, count: vectors.length, flat }, [flat.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.stack ?? error) });
  }
});
parentPort.postMessage({ ready: true });
