import { randomUUID } from 'node:crypto';
import express from 'express';

// The baseline for `npm run bench -- place-orders`: a plain Express handler answering 202 with
// the same body parser and a response of the same shape, and nothing else.
const app = express();
app.use(express.json({ limit: '1mb' }));
app.post('/api/orders', (_req, res) => {
  const orderId = randomUUID();
  res.status(202).location(`/api/orders/${orderId}`).json({ orderId, status: 'placed' });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address !== null)
    console.log(`listening http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
