package dev.rotator.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection on a blocking socket, as an OkHttp connection is used by one
 * SDK call at a time. Deliberately minimal (status line, Content-Length or chunked body, Connection:
 * close), so that the generator costs little CPU on a machine it shares with the server.
 */
final class HttpConnection implements Closeable {
    /** A response: its status, and its body when it was asked for. */
    record Response(int status, byte[] body) {
        String bodyText() {
            return body == null ? "" : new String(body, StandardCharsets.UTF_8);
        }
    }

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean reused;
    private int opened;

    HttpConnection(InetSocketAddress address) {
        this.address = address;
    }

    /** How many TCP connections this caller opened: 1 when keep-alive held for the whole run. */
    int opened() {
        return opened;
    }

    /**
     * Sends one request and reads its whole response. A kept-alive connection the server closed while
     * idle is reopened once, as OkHttp retries it; any other failure is thrown.
     */
    Response exchange(byte[] request, boolean keepBody) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            return send(request, keepBody);
        } catch (EOFException | java.net.SocketException e) {
            if (!reused) {
                throw e;
            }
            close();
            open();
            return send(request, keepBody);
        }
    }

    private Response send(byte[] request, boolean keepBody) throws IOException {
        out.write(request);
        out.flush();
        int status = readStatus();
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        ByteArrayOutputStream body = keepBody ? new ByteArrayOutputStream() : null;
        if (chunked) {
            readChunked(body);
        } else if (contentLength >= 0) {
            readFully(contentLength, body);
        } else {
            closeAfter = true; // a body delimited by the end of the connection
            readToEnd(body);
        }
        reused = true;
        if (closeAfter) {
            close();
        }
        return new Response(status, body == null ? null : body.toByteArray());
    }

    private int readStatus() throws IOException {
        String statusLine = readLine();
        // "HTTP/1.1 200 OK"
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        return Integer.parseInt(statusLine.substring(9, 12));
    }

    private void readChunked(ByteArrayOutputStream body) throws IOException {
        while (true) {
            String sizeLine = readLine();
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return;
            }
            readFully(size, body);
            readLine();
        }
    }

    private void readFully(long n, ByteArrayOutputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (r < 0) {
                throw new EOFException("connection closed in a response body");
            }
            if (body != null) {
                body.write(buffer, 0, r);
            }
            n -= r;
        }
    }

    private void readToEnd(ByteArrayOutputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        int r;
        while ((r = in.read(buffer)) >= 0) {
            if (body != null) {
                body.write(buffer, 0, r);
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed before the end of a response line");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
        reused = false;
        opened++;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we are done with
            }
            socket = null;
        }
    }
}
