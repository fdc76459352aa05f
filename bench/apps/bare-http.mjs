// Bench fixture: a bare node:http server answering like GET /demo/fast (the floor any framework adds to), with
// the classic graceful stop (close the listener, close idle keep-alive sockets, exit when the server closes).
// Prints `bench: listening port=<port>` once ready.
import { createServer } from 'node:http';

const body = JSON.stringify({ ok: true });
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log(`bench: listening port=${server.address().port}`));
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
