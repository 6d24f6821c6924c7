import { createServer } from 'node:http';
import { Server } from 'socket.io';

// The baseline of `npm run bench -- live`: a bare Socket.IO server that acknowledges every
// `echo` at once, and nothing else.
const http = createServer();
const io = new Server(http, { path: '/socket.io', serveClient: false });
io.on('connection', (socket) => {
  socket.on('echo', (sentAt: unknown, ack: unknown) => {
    if (typeof ack === 'function') (ack as (value: unknown) => void)(sentAt);
  });
});
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  if (typeof address === 'object' && address !== null)
    console.log(`listening http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => {
  io.engine.close();
  http.close(() => process.exit(0));
});
