package io.github.sslstarter.starttls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The connected plain socket during a dialogue. Reads byte by byte from the socket's own stream
 * so that nothing after the server's last plaintext byte is consumed: those bytes belong to
 * the TLS layer. Every failure becomes a {@link StartTlsException} naming what was expected.
 */
final class PlaintextChannel {

	/** A hostile peer must not make us buffer without bound. */
	static final int MAX_BYTES = 64 * 1024;

	private static final int QUOTE_LIMIT = 200;

	private final StartTls protocol;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private int received;

	PlaintextChannel(StartTls protocol, Socket socket) throws StartTlsException {
		this.protocol = protocol;
		this.socket = socket;
		try {
			this.in = socket.getInputStream();
			this.out = socket.getOutputStream();
		}
		catch (IOException ex) {
			throw new StartTlsException(protocol, protocol + " STARTTLS: the socket is not usable: " + ex.getMessage(),
					ex);
		}
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
					this.protocol + " STARTTLS: sending to the server failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * One byte; {@code partial} is what was read of the current unit so far, for the message
	 * if the server closes or falls silent.
	 */
	int readByte(String expected, ByteArrayOutputStream partial) throws StartTlsException {
		if (this.received >= MAX_BYTES) {
			throw fail("the server sent more than " + MAX_BYTES + " bytes without " + expected);
		}
		int b;
		try {
			b = this.in.read();
		}
		catch (SocketTimeoutException ex) {
			String sent = (partial.size() > 0) ? " after '" + quote(partial.toByteArray()) + "'" : "";
			throw new StartTlsException(this.protocol, this.protocol + " STARTTLS: expected " + expected
					+ ", but the server sent nothing more within " + timeout() + " (read timed out)" + sent, ex);
		}
		catch (IOException ex) {
			throw new StartTlsException(this.protocol, this.protocol + " STARTTLS: expected " + expected
					+ ", but the connection failed: " + ex.getMessage(), ex);
		}
		if (b < 0) {
			String sent = (partial.size() > 0) ? " after sending '" + quote(partial.toByteArray()) + "'" : "";
			throw fail("expected " + expected + ", but the server closed the connection" + sent);
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
		int waiting;
		String said;
		try {
			waiting = this.in.available();
			if (waiting <= 0) {
				return;
			}
			byte[] sample = new byte[Math.min(waiting, QUOTE_LIMIT)];
			int read = this.in.read(sample);
			said = (read > 0) ? quote(sample, read) : "";
		}
		catch (IOException ex) {
			throw new StartTlsException(this.protocol,
					this.protocol + " STARTTLS: the connection failed after " + after + ": " + ex.getMessage(), ex);
		}
		throw fail("the server sent " + waiting + " unexpected bytes after " + after + ", before the TLS handshake: '"
				+ said + "'; refusing to start TLS over injected plaintext");
	}

	StartTlsException unexpected(String expected, String said) {
		return fail("expected " + expected + ", but the server said '" + quote(said) + "'");
	}

	StartTlsException fail(String detail) {
		return new StartTlsException(this.protocol, this.protocol + " STARTTLS: " + detail);
	}

	private String timeout() {
		try {
			int millis = this.socket.getSoTimeout();
			return (millis > 0) ? millis + " ms" : "the read timeout";
		}
		catch (IOException ex) {
			return "the read timeout";
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
