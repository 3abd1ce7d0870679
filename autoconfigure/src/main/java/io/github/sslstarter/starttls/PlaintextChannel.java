package io.github.sslstarter.starttls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The connected plain socket during a dialogue, on either side. Reads byte by byte from the
 * socket's own stream so that nothing after the peer's last plaintext byte is consumed: those
 * bytes belong to the TLS layer. Every failure becomes a {@link StartTlsException} naming what
 * was expected and what the peer ("the server" or "the client") did.
 */
final class PlaintextChannel {

	/** A hostile peer must not make us buffer without bound. */
	static final int MAX_BYTES = 64 * 1024;

	private static final int QUOTE_LIMIT = 200;

	/** The first byte of a TLS record carrying a handshake message (a ClientHello, here). */
	private static final int TLS_HANDSHAKE_RECORD = 0x16;

	private final StartTls protocol;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	/** Who is on the other end, for messages: {@code server} or {@code client}. */
	private final String peer;

	/** What every message starts with: the protocol, and on the server side the client's address. */
	private final String prefix;

	/** The dialogue's deadline ({@link System#nanoTime()}), or 0 for the socket's own read timeout. */
	private final long deadline;

	private final long timeoutMillis;

	private int received;

	/** The client's side: reads wait at most the socket's read timeout, which the caller sets. */
	PlaintextChannel(StartTls protocol, Socket socket) throws StartTlsException {
		this(protocol, socket, "server", protocol + " STARTTLS", 0);
	}

	private PlaintextChannel(StartTls protocol, Socket socket, String peer, String prefix, long timeoutMillis)
			throws StartTlsException {
		this.protocol = protocol;
		this.socket = socket;
		this.peer = peer;
		this.prefix = prefix;
		this.timeoutMillis = timeoutMillis;
		this.deadline = (timeoutMillis > 0) ? System.nanoTime() + timeoutMillis * 1_000_000 : 0;
		try {
			this.in = socket.getInputStream();
			this.out = socket.getOutputStream();
		}
		catch (IOException ex) {
			throw new StartTlsException(protocol, prefix + ": the socket is not usable: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The server's side of an accepted socket: the whole dialogue must end within
	 * {@code timeoutMillis} (none when 0: the socket's read timeout then bounds each read), so
	 * that a client trickling bytes cannot hold the connection open.
	 */
	static PlaintextChannel server(StartTls protocol, Socket socket, long timeoutMillis) throws StartTlsException {
		InetAddress address = socket.getInetAddress();
		String from = (address instanceof Inet6Address) ? " from [" + address.getHostAddress() + "]:" + socket.getPort()
				: (address != null) ? " from " + address.getHostAddress() + ":" + socket.getPort() : "";
		return new PlaintextChannel(protocol, socket, "client", protocol + " STARTTLS" + from, timeoutMillis);
	}

	void send(String text) throws StartTlsException {
		send(text.getBytes(StandardCharsets.UTF_8));
	}

	void send(byte[] bytes) throws StartTlsException {
		try {
			this.out.write(bytes);
			this.out.flush();
		}
		catch (IOException ex) {
			throw new StartTlsException(this.protocol,
					this.prefix + ": sending to the " + this.peer + " failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * One byte; {@code partial} is what was read of the current unit so far, for the message
	 * if the peer closes or falls silent.
	 */
	int readByte(String expected, ByteArrayOutputStream partial) throws StartTlsException {
		if (this.received >= MAX_BYTES) {
			throw fail("the " + this.peer + " sent more than " + MAX_BYTES + " bytes without " + expected);
		}
		int b;
		try {
			awaitDeadline();
			b = this.in.read();
		}
		catch (SocketTimeoutException ex) {
			String sent = (partial.size() > 0) ? " after '" + quote(partial.toByteArray()) + "'" : "";
			throw new StartTlsException(this.protocol, this.prefix + ": expected " + expected + ", but the "
					+ this.peer + " sent nothing more within " + timeout() + sent, ex);
		}
		catch (IOException ex) {
			throw new StartTlsException(this.protocol,
					this.prefix + ": expected " + expected + ", but the connection failed: " + ex.getMessage(), ex);
		}
		if (b < 0) {
			String sent = (partial.size() > 0) ? " after sending '" + quote(partial.toByteArray()) + "'" : "";
			throw fail("expected " + expected + ", but the " + this.peer + " closed the connection" + sent);
		}
		if (this.received == 0 && b == TLS_HANDSHAKE_RECORD && this.peer.equals("client")) {
			throw fail("expected " + expected + ", but the client started a TLS handshake: it speaks implicit TLS,"
					+ " not " + this.protocol + " STARTTLS; serve it on a TLS port (SslServerSocketFactory),"
					+ " or configure it for STARTTLS");
		}
		this.received++;
		partial.write(b);
		return b;
	}

	/** A line up to LF, without CR LF. */
	String readLine(String expected) throws StartTlsException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(128);
		while (readByte(expected, line) != '\n') {
			// the byte is in line already
		}
		byte[] bytes = line.toByteArray();
		int length = bytes.length - 1;
		if (length > 0 && bytes[length - 1] == '\r') {
			length--;
		}
		return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
	}

	byte[] readFully(int count, String expected, ByteArrayOutputStream partial) throws StartTlsException {
		int start = partial.size();
		for (int i = 0; i < count; i++) {
			readByte(expected, partial);
		}
		byte[] all = partial.toByteArray();
		byte[] result = new byte[count];
		System.arraycopy(all, start, result, 0, count);
		return result;
	}

	/**
	 * The server's go-ahead must be its last plaintext: anything already waiting would be read
	 * by the TLS layer as handshake data, the opening for plaintext injection.
	 */
	void expectNothingMore(String after) throws StartTlsException {
		StartTlsException injected = waitingPlaintext(after, false);
		if (injected != null) {
			throw injected;
		}
	}

	/**
	 * The server's side of the same rule, checked before it gives the go-ahead: a client whose
	 * upgrade command is followed by bytes already received (a command pipelined behind
	 * STARTTLS, CVE-2011-0411) gets {@code refusal} instead, and the dialogue fails. Nothing
	 * read before the handshake is ever handed to the TLS layer or the caller.
	 * @param after what the client sent last, for the message
	 * @param goAhead the go-ahead, sent when nothing is waiting
	 * @param refusal the protocol's error reply, or {@code null} to send none
	 * @param whitespace whether waiting whitespace is consumed rather than refused (XML
	 * streams allow it between elements)
	 */
	void goAhead(String after, byte[] goAhead, byte[] refusal, boolean whitespace) throws StartTlsException {
		StartTlsException injected = waitingPlaintext(after, whitespace);
		if (injected != null) {
			if (refusal != null) {
				try {
					this.out.write(refusal);
					this.out.flush();
				}
				catch (IOException ex) {
					// the refusal is a courtesy; the failure is what matters
				}
			}
			throw injected;
		}
		send(goAhead);
	}

	void goAhead(String after, String goAhead, String refusal) throws StartTlsException {
		goAhead(after, goAhead.getBytes(StandardCharsets.UTF_8),
				(refusal != null) ? refusal.getBytes(StandardCharsets.UTF_8) : null, false);
	}

	private StartTlsException waitingPlaintext(String after, boolean whitespace) throws StartTlsException {
		int waiting;
		String said;
		try {
			waiting = this.in.available();
			while (whitespace && waiting > 0) {
				int b = this.in.read();
				if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
					byte[] rest = new byte[Math.min(this.in.available(), QUOTE_LIMIT)];
					int read = (rest.length > 0) ? Math.max(0, this.in.read(rest)) : 0;
					return injected(after, waiting, quote(String.valueOf((char) b)) + quote(rest, read));
				}
				waiting = this.in.available();
			}
			if (waiting <= 0) {
				return null;
			}
			byte[] sample = new byte[Math.min(waiting, QUOTE_LIMIT)];
			int read = this.in.read(sample);
			said = (read > 0) ? quote(sample, read) : "";
		}
		catch (IOException ex) {
			throw new StartTlsException(this.protocol,
					this.prefix + ": the connection failed after " + after + ": " + ex.getMessage(), ex);
		}
		return injected(after, waiting, said);
	}

	private StartTlsException injected(String after, int waiting, String said) {
		return new StartTlsException(this.protocol,
				this.prefix + ": the " + this.peer + " sent " + waiting + " unexpected bytes after " + after
						+ ", before the TLS handshake: '" + said + "'; refusing to start TLS over injected plaintext",
				null, true);
	}

	StartTlsException unexpected(String expected, String said) {
		return fail("expected " + expected + ", but the " + this.peer + " said '" + quote(said) + "'");
	}

	StartTlsException fail(String detail) {
		return new StartTlsException(this.protocol, this.prefix + ": " + detail);
	}

	/** The other end, for messages: {@code server} or {@code client}. */
	String peer() {
		return this.peer;
	}

	/** Bounds the next read by what is left of the dialogue's deadline. */
	private void awaitDeadline() throws IOException {
		if (this.deadline == 0) {
			return;
		}
		long left = this.deadline - System.nanoTime();
		if (left <= 0) {
			throw new SocketTimeoutException("the dialogue's deadline passed");
		}
		this.socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
	}

	private String timeout() {
		if (this.deadline != 0) {
			return this.timeoutMillis + " ms (timeouts.handshake bounds the whole dialogue)";
		}
		try {
			int millis = this.socket.getSoTimeout();
			return ((millis > 0) ? millis + " ms" : "the read timeout") + " (read timed out)";
		}
		catch (IOException ex) {
			return "the read timeout (read timed out)";
		}
	}

	static String quote(byte[] bytes) {
		return quote(bytes, bytes.length);
	}

	static String quote(byte[] bytes, int length) {
		return quote(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
	}

	/** Printable ASCII only, so a hostile server cannot forge log lines or terminal escapes. */
	static String quote(String said) {
		StringBuilder quoted = new StringBuilder(Math.min(said.length(), QUOTE_LIMIT) + 16);
		for (int i = 0; i < said.length(); i++) {
			if (quoted.length() >= QUOTE_LIMIT) {
				return quoted.append("...").toString();
			}
			char c = said.charAt(i);
			if (c == '\r' && i + 1 < said.length() && said.charAt(i + 1) == '\n') {
				continue;
			}
			if (c == '\n') {
				// line ends separate lines; a final one adds nothing
				quoted.append((i + 1 < said.length()) ? " | " : "");
			}
			else if (c >= 0x20 && c < 0x7f) {
				quoted.append(c);
			}
			else {
				quoted.append(String.format("\\x%02x", c & 0xff));
			}
		}
		return quoted.toString();
	}

}
