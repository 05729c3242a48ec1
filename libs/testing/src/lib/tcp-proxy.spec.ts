import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { TcpProxy } from './tcp-proxy';

/** A real echo server: what the proxy stands in front of (MariaDB, Redis) in the e2e tests. */
async function startEchoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.pipe(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}

async function connectTo(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return socket;
}

async function roundTrip(socket: Socket, text: string): Promise<string> {
  socket.write(text);
  const [data] = await once(socket, 'data');
  return String(data);
}

describe('TcpProxy', () => {
  let echo: { server: Server; port: number };
  let proxy: TcpProxy;
  const clients: Socket[] = [];

  beforeEach(async () => {
    echo = await startEchoServer();
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: echo.port });
  });

  afterEach(async () => {
    clients.splice(0).forEach((socket) => socket.destroy());
    await proxy.cut();
    await new Promise((resolve) => echo.server.close(resolve));
  });

  const client = async () => {
    const socket = await connectTo(proxy.port);
    clients.push(socket);
    return socket;
  };

  it('forwards bytes both ways on the port it chose', async () => {
    expect(proxy.port).toBeGreaterThan(0);
    expect(await roundTrip(await client(), 'PING')).toBe('PING');
  });

  it('on cut, closes every open connection and refuses new ones', async () => {
    const open = await client();
    const closed = once(open, 'close');

    await proxy.cut();

    await closed;
    await expect(connectTo(proxy.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('accepts connections again on the same port after open', async () => {
    const port = proxy.port;
    await proxy.cut();

    await proxy.open();

    expect(proxy.port).toBe(port);
    expect(await roundTrip(await client(), 'back')).toBe('back');
  });
});
