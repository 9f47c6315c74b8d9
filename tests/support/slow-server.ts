import { Router } from 'express';
import { loadConfig } from '../../server/src/config.js';
import { runServer } from '../../server/src/run-server.js';

/** The real server process with one extra slow route, to test shutdown while a request is in flight. */
const slow = Router();
slow.get('/api/test/slow', async (req, res) => {
  const ms = Number(req.query.ms ?? 1000);
  // The test waits for this line before it sends SIGTERM.
  process.stdout.write(`${JSON.stringify({ msg: 'slow request started' })}\n`);
  await new Promise((resolve) => setTimeout(resolve, ms));
  res.json({ finished: true, ms });
});

await runServer(loadConfig(), { routers: [slow] });
