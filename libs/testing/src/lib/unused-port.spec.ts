import { connect, createServer } from 'node:net';
import { once } from 'node:events';
import { unusedPort } from './unused-port';

describe('unusedPort', () => {
  it('gives a port that refuses connections and that a server can then listen on', async () => {
    const port = await unusedPort();

    const refused = connect(port, '127.0.0.1');
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');

    const server = createServer().listen(port, '127.0.0.1');
    await once(server, 'listening');
    server.close();
  });
});
