package io.github.sslstarter.core;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The plain socket a TLS socket is layered over, as JSSE is given it: every method delegated to
 * {@link #plain()}, and its streams watched. What it learns:
 * <ul>
 * <li>whether JSSE met the end of the TCP stream. JSSE reads a TLS record exactly (header, then
 * its length), so after a peer's close_notify it stops reading and never sees the end; when it
 * does see it, the peer closed TCP without close_notify. JSSE itself reports both as a clean end
 * of stream (unless the JVM-wide {@code com.sun.net.ssl.requireCloseNotify} is set), which is
 * what makes a truncation attack possible;</li>
 * <li>at {@code ssl.debug: 3}, the TLS records on the wire, in hex ({@link TlsDebug}): what any
 * observer of the connection sees, so never a key or a plaintext application byte.</li>
 * </ul>
 * Once {@link #detach() detached}, JSSE's close can neither send close_notify nor read ahead.
 * Nothing is buffered: after TLS has ended (IO::Socket::SSL's {@code stop_SSL}) the plain
 * socket reads on exactly where TLS stopped.
 */
final class TappedSocket extends PlainSocketView {

	private final TlsDebug.Records records;

	private final boolean autoClose;

	private volatile boolean endOfStream;

	// TLS has ended: JSSE's close may neither write (no close_notify) nor read (it would skip
	// what the peer sends next in plain text)
	private volatile boolean detached;

	private volatile InputStream input;

	private volatile OutputStream output;

	/**
	 * @param plain the connected plain socket
	 * @param records where records are dumped, or {@code null}
	 * @param autoClose whether closing the TLS socket closes {@code plain}
	 */
	TappedSocket(Socket plain, TlsDebug.Records records, boolean autoClose) {
		super(plain);
		this.records = records;
		this.autoClose = autoClose;
	}

	/** Whether closing the TLS socket closes the plain one. */
	boolean autoClose() {
		return this.autoClose;
	}

	/** From now on the TLS socket neither reads nor writes the plain one. */
	void detach() {
		this.detached = true;
	}

	/** The plain socket, as the caller knows it. */
	Socket plain() {
		return this.plain;
	}

	/** Whether a read met the end of the TCP stream. */
	boolean endOfStream() {
		return this.endOfStream;
	}

	/** The plain socket behind {@code socket}, or {@code socket} itself. */
	static Socket plain(Socket socket) {
		return (socket instanceof TappedSocket tapped) ? tapped.plain : socket;
	}

	@Override
	public InputStream getInputStream() throws IOException {
		InputStream in = this.input;
		if (in == null) {
			in = new Input(this.plain.getInputStream());
			this.input = in;
		}
		return in;
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		OutputStream out = this.output;
		if (out == null) {
			OutputStream raw = this.plain.getOutputStream();
			out = new Output(raw, (this.records != null) ? this.records.sent() : null);
			this.output = out;
		}
		return out;
	}

	private final class Input extends FilterInputStream {

		private final TlsDebug.Dump dump;

		Input(InputStream in) {
			super(in);
			this.dump = (TappedSocket.this.records != null) ? TappedSocket.this.records.received() : null;
		}

		@Override
		public int available() throws IOException {
			return TappedSocket.this.detached ? 0 : this.in.available();
		}

		@Override
		public long skip(long n) throws IOException {
			return TappedSocket.this.detached ? 0 : this.in.skip(n);
		}

		@Override
		public int read() throws IOException {
			if (TappedSocket.this.detached) {
				return -1;
			}
			int read = this.in.read();
			if (read < 0) {
				TappedSocket.this.endOfStream = true;
			}
			else if (this.dump != null) {
				this.dump.add(new byte[] { (byte) read }, 0, 1);
			}
			return read;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (TappedSocket.this.detached) {
				return -1;
			}
			int read = this.in.read(buffer, offset, length);
			if (read < 0) {
				TappedSocket.this.endOfStream = true;
			}
			else if (this.dump != null) {
				this.dump.add(buffer, offset, read);
			}
			return read;
		}

	}

	private final class Output extends FilterOutputStream {

		private final TlsDebug.Dump dump;

		Output(OutputStream out, TlsDebug.Dump dump) {
			super(out);
			this.dump = dump;
		}

		@Override
		public void write(int b) throws IOException {
			if (TappedSocket.this.detached) {
				return;
			}
			this.out.write(b);
			if (this.dump != null) {
				this.dump.add(new byte[] { (byte) b }, 0, 1);
			}
		}

		@Override
		public void write(byte[] buffer, int offset, int length) throws IOException {
			if (TappedSocket.this.detached) {
				return;
			}
			this.out.write(buffer, offset, length);
			if (this.dump != null) {
				this.dump.add(buffer, offset, length);
			}
		}

		@Override
		public void flush() throws IOException {
			if (!TappedSocket.this.detached) {
				this.out.flush();
			}
		}

	}

}
