package dev.rotator.worker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a fixed loopback port to a server on another: clients point at the relay, and a test takes the
 * server "down" ({@link #cut}: the port refuses connections, open ones are dropped) and brings it back
 * ({@link #restore}: same port) without restarting it. Bytes pass unchanged, so TLS is end to end.
 */
public final class TcpRelay implements AutoCloseable {
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private int port;
    private volatile ServerSocket listener;
    private Thread acceptor;

    private TcpRelay(int targetPort) {
        this.targetPort = targetPort;
    }

    /** A relay to 127.0.0.1:{@code targetPort}, listening on a free port. */
    public static TcpRelay to(int targetPort) {
        TcpRelay relay = new TcpRelay(targetPort);
        relay.restore();
        return relay;
    }

    public synchronized int port() {
        return port;
    }

    /** Stops listening and drops every open connection: clients get "connection refused". */
    public synchronized void cut() {
        ServerSocket s = listener;
        listener = null;
        if (s != null) {
            quietlyClose(s);
            try {
                // A socket closed while a thread is blocked in accept() keeps listening until that thread leaves.
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the relay");
            }
        }
        synchronized (open) {
            open.forEach(TcpRelay::quietlyClose);
            open.clear();
        }
    }

    /** Listens again, on the same port as before (a free one the first time). */
    public synchronized void restore() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            port = s.getLocalPort();
            listener = s;
            acceptor = new Thread(() -> accept(s), "tcp-relay-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                synchronized (open) {
                    if (listener != s) { // cut() came while this one was being accepted: it must not get through
                        quietlyClose(client);
                        quietlyClose(server);
                        return;
                    }
                    open.add(client);
                    open.add(server);
                }
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                return; // closed by cut()
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side or cut() closed it
            } finally {
                quietlyClose(from);
                quietlyClose(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void quietlyClose(java.io.Closeable s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
