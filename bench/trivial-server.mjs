// A trivial keep-alive server answering every request with the same fixed detail body, run in its
// own process by bench/calls.ts. Prints "listening on http://127.0.0.1:<port>".
import http from 'node:http';

const body = process.argv[2] ?? '{}';
const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'x-bce-request-id': 'r-1' });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
