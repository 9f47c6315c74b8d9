import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalEmbedder } from '../../server/src/embedding/local-embedder.js';

/**
 * A real HTTP server speaking the OpenAI protocol: the edge we do not own (the LLM provider)
 * is the only fake. Chat replies are scripted per test; embeddings are deterministic.
 */
export type ChatRequest = { model: string; messages: Array<{ role: string; content: unknown }>; stream?: boolean; tools?: Array<{ function: { name: string } }>; response_format?: unknown };

/**
 * `delayMs`: the answer starts that long after the request arrived (reading and scripting it
 * included, as a provider's latency would be); `cutAfterWords` drops the connection midway through a stream;
 * `stallAfterWords` stops sending (without closing) midway through a stream.
 */
type ContentReply = { content: string; delayMs?: number; cutAfterWords?: number; stallAfterWords?: number };
type StatusReply = { status: number; body: unknown; headers?: Record<string, string>; delayMs?: number };
/**
 * Provider faults: `reset` closes the connection before any header, `hang` never answers,
 * `malformed` answers 200 with broken JSON (or a broken stream event), `endless` streams words
 * until the client goes away.
 */
type FaultReply = { fault: 'reset' | 'hang' | 'malformed' | 'endless' };
type AnyReply = ContentReply | StatusReply | FaultReply;
export type ScriptedReply = AnyReply | ((request: ChatRequest) => AnyReply);

export type FakeOpenAiServer = {
  baseURL: string;
  requests: { chat: ChatRequest[]; embeddings: Array<{ input: string[]; model: string; encoding_format?: string }> };
  /** Replies are used in order; the last one repeats. */
  script(...replies: ScriptedReply[]): void;
  /** Stops listening (new connections are refused) or listens again on the same port. */
  refuseConnections(refuse: boolean): Promise<void>;
  close(): Promise<void>;
};

/**
 * Resolves at `deadline` (performance.now() time) to within a tenth of a millisecond: a timer
 * alone fires 0.5–1 ms late, lateness a benchmark would count as Aisle's. The last stretch is
 * waited out in event-loop turns.
 */
const PRECISE_STRETCH_MS = 3;
async function waitUntil(deadline: number): Promise<void> {
  const early = deadline - performance.now() - PRECISE_STRETCH_MS;
  if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
  while (performance.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** `keepRequests: false` (benchmarks) keeps no request bodies: thousands of them would make its own pauses longer. */
export async function startFakeOpenAiServer({ keepRequests = true }: { keepRequests?: boolean } = {}): Promise<FakeOpenAiServer> {
  let replies: ScriptedReply[] = [{ content: '{}' }];
  let completionCounter = 0;
  const requests: FakeOpenAiServer['requests'] = { chat: [], embeddings: [] };
  const embedders = new Map<number, LocalEmbedder>();

  const embeddings = async (req: IncomingMessage, res: ServerResponse) => {
    const body = (await readJson(req)) as { input: string | string[]; model: string; dimensions?: number; encoding_format?: string };
    const input = Array.isArray(body.input) ? body.input : [body.input];
    requests.embeddings.push({ input, model: body.model, encoding_format: body.encoding_format });
    const dims = body.dimensions ?? 64;
    const embedder = embedders.get(dims) ?? embedders.set(dims, new LocalEmbedder(dims)).get(dims)!;
    const data = input.map((text, index) => {
      const vector = embedder.embedOne(`openai ${text}`);
      const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    });
    sendJson(res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: input.length, total_tokens: input.length } });
  };

  const chat = async (req: IncomingMessage, res: ServerResponse) => {
    const arrivedAt = performance.now();
    const body = (await readJson(req)) as ChatRequest;
    if (keepRequests) requests.chat.push(body);
    const scripted = replies.length > 1 ? (replies.shift() as ScriptedReply) : (replies[0] as ScriptedReply);
    const reply = typeof scripted === 'function' ? scripted(body) : scripted;
    const delayMs = 'delayMs' in reply ? (reply.delayMs ?? 0) : 0;
    if (delayMs) await waitUntil(arrivedAt + delayMs);
    if (res.destroyed) return;
    if ('fault' in reply) return fault(reply.fault, body, res);
    if ('status' in reply) return sendJson(res, reply.status, reply.body, reply.headers);
    completionCounter += 1;
    const id = `chatcmpl-fake-${completionCounter}-${Date.now()}`;
    const tool = body.tools?.[0]?.function.name;
    const message = tool
      ? { role: 'assistant', content: null, tool_calls: [{ id: `call_${completionCounter}`, type: 'function', function: { name: tool, arguments: reply.content } }] }
      : { role: 'assistant', content: reply.content };
    const usage = { prompt_tokens: 50, completion_tokens: Math.ceil(reply.content.length / 4), total_tokens: 50 + Math.ceil(reply.content.length / 4) };
    if (!body.stream) {
      return sendJson(res, 200, { id, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: body.model, choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }], usage });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (delta: unknown, finish: string | null) =>
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    const pieces = reply.content.match(/\S+\s*/g) ?? [];
    for (const [i, word] of pieces.entries()) {
      if (reply.cutAfterWords !== undefined && i === reply.cutAfterWords) {
        // Once what was written has left, so the client sees the first words and then the break.
        setTimeout(() => res.socket?.destroy(), 30);
        return;
      }
      if (reply.stallAfterWords !== undefined && i === reply.stallAfterWords) return; // the client's deadline ends it
      chunk({ content: word }, null);
    }
    chunk({}, 'stop');
    res.end('data: [DONE]\n\n');
  };

  const fault = async (kind: FaultReply['fault'], body: ChatRequest, res: ServerResponse) => {
    if (kind === 'reset') return void res.socket?.destroy();
    if (kind === 'hang') return;
    if (kind === 'malformed') {
      res.writeHead(200, { 'content-type': body.stream ? 'text/event-stream' : 'application/json' });
      return void res.end(body.stream ? 'data: {"id": "chatcmpl-broken", "choices": [{"delta": {"content": "Hel\n\n' : '{"id": "chatcmpl-broken", "choices": [');
    }
    completionCounter += 1;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const id = `chatcmpl-endless-${completionCounter}`;
    while (!res.destroyed && !res.writableEnded) {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta: { content: 'and more ' }, finish_reason: null }] })}\n\n`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };

  const server: Server = createServer((req, res) => {
    const route = req.method === 'POST' && req.url?.endsWith('/embeddings') ? embeddings : req.method === 'POST' && req.url?.endsWith('/chat/completions') ? chat : null;
    if (!route) return sendJson(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
    route(req, res).catch((error: unknown) => sendJson(res, 500, { error: { message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...next) => {
      replies = next.length ? next : [{ content: '{}' }];
    },
    refuseConnections: (refuse) =>
      new Promise<void>((resolve, reject) => {
        if (refuse) {
          server.closeAllConnections();
          server.close(() => resolve());
        } else server.listen(port, '127.0.0.1', () => resolve()).once('error', reject);
      }),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
