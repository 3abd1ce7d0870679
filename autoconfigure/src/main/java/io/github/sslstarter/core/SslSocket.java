package io.github.sslstarter.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;

import javax.net.ssl.SSLSocket;

/**
 * The life of one TLS socket made by this library's factories, beyond what {@link SSLSocket}
 * offers (IO::Socket::SSL's {@code stop_SSL}, {@code close(SSL_no_shutdown / SSL_fast_shutdown)},
 * {@code peek}, {@code pending}, {@code opened}, {@code errstr}). A view: it holds no state of
 * its own, so {@code SslSocket.of(socket)} may be called as often as needed.
 * <pre>{@code
 * SSLSocket tls = socketFactory.upgrade(plain, "mail.example.org", 25, false);
 * ... // TLS
 * Socket again = SslSocket.of(tls).stopTls();   // close_notify both ways; same TCP connection
 * ... // plain text on again (== plain)
 * SSLSocket tlsAgain = socketFactory.upgrade(plain, "mail.example.org", 25, false);
 * }</pre>
 */
public final class SslSocket {

	/** How TLS ends when the socket is closed or TLS is stopped. */
	public enum Shutdown {

		/**
		 * No close_notify at all ({@code SSL_no_shutdown}): TLS is abandoned as it is, for a socket
		 * whose TCP output is already shut, or when the peer must not learn that TLS ended. Only
		 * for sockets layered over a plain socket (every client socket, {@code upgrade},
		 * {@code accept(plain, trap)}): a socket accepted by an {@code SSLServerSocket} is JSSE's own
		 * and always sends close_notify.
		 */
		NONE,

		/**
		 * Send close_notify and do not wait for the peer's ({@code SSL_fast_shutdown}); the
		 * default of {@link #close()}.
		 */
		ONE_WAY,

		/**
		 * Send close_notify and read until the peer's close_notify arrives (within the context's
		 * handshake timeout, 10 seconds when that is 0), discarding what comes before it; the
		 * default of {@link #stopTls()}.
		 */
		TWO_WAY

	}

	private static final long DEFAULT_SHUTDOWN_MILLIS = 10_000;

	private final ClassifyingSocket socket;

	private SslSocket(ClassifyingSocket socket) {
		this.socket = socket;
	}

	/**
	 * The view of a socket returned by {@link SslSocketFactory} or {@link SslServerSocketFactory}.
	 * @throws IllegalArgumentException for any other socket
	 */
	public static SslSocket of(Socket socket) {
		Objects.requireNonNull(socket, "socket");
		if (socket instanceof ClassifyingSocket ours) {
			return new SslSocket(ours);
		}
		throw new IllegalArgumentException("SslSocket.of takes the sockets of SslSocketFactory and "
				+ "SslServerSocketFactory; " + socket.getClass().getName() + " is another one");
	}

	/** The socket. */
	public SSLSocket socket() {
		return this.socket;
	}

	/** What was negotiated (completes the handshake first if it has not run). */
	public SslConnection connection() {
		return SslConnection.of(this.socket);
	}

	/**
	 * Reads like {@link InputStream#read(byte[], int, int)} (blocking until at least one byte is
	 * there) without consuming: the next reads and peeks return the same bytes
	 * (IO::Socket::SSL's {@code peek}). A peek never returns more than the first peek that
	 * filled the look-ahead.
	 * @return how many bytes were copied, or -1 at the end of the stream
	 */
	public int peek(byte[] buffer, int offset, int length) throws IOException {
		return this.socket.peek(buffer, offset, length);
	}

	/** As {@link #peek(byte[], int, int)} into the whole buffer. */
	public int peek(byte[] buffer) throws IOException {
		return peek(buffer, 0, buffer.length);
	}

	/**
	 * How many decrypted bytes can be read now without blocking (IO::Socket::SSL's
	 * {@code pending}): what was peeked at plus the rest of the TLS record already decrypted.
	 * Bytes still encrypted in the TCP buffer are not counted: JSSE decrypts only when read.
	 */
	public int pending() {
		return this.socket.pending();
	}

	/**
	 * The manual's three states (IO::Socket::SSL's {@code opened}): {@code 1} TLS is established
	 * and the socket open; {@code -1} the TCP connection is open but the TLS handshake failed (a
	 * socket upgraded with {@code autoClose=false}, or whose handshake runs on first use);
	 * {@code 0} closed, or no handshake yet.
	 */
	public int opened() {
		if (!this.socket.handshaken()) {
			return 0;
		}
		if (this.socket.handshakeFailure() != null) {
			Socket plain = TappedSocket.plain(this.socket.underlying());
			return (plain != null && plain.isConnected() && !plain.isClosed()) ? -1 : 0;
		}
		return this.socket.isClosed() ? 0 : 1;
	}

	/**
	 * The last failure of this socket, classified (IO::Socket::SSL's {@code errstr} and
	 * {@code $SSL_ERROR}): its {@link SslConnectionException#failure() class} and a message that
	 * says what to do; {@code null} when nothing failed. Also failures after the first reads,
	 * which the socket itself passes on unclassified.
	 */
	public SslConnectionException lastFailure() {
		return this.socket.lastFailure();
	}

	/** Closes with {@link Shutdown#ONE_WAY}, the manual's default for {@code close}: the same as {@code socket().close()}. */
	public void close() throws IOException {
		close(Shutdown.ONE_WAY);
	}

	/**
	 * Ends TLS as {@code shutdown} says, then closes the socket (the plain socket under it too,
	 * unless it was upgraded with {@code autoClose=false}).
	 * @throws UnsupportedOperationException for {@link Shutdown#NONE} on a socket JSSE accepted
	 * itself (not layered over a plain socket), before anything is done
	 */
	public void close(Shutdown shutdown) throws IOException {
		Objects.requireNonNull(shutdown, "shutdown");
		if (this.socket.isClosed()) {
			return;
		}
		switch (shutdown) {
			case NONE -> {
				tapped("close(Shutdown.NONE)").detach();
				this.socket.delegate().close();
			}
			case ONE_WAY -> this.socket.close();
			case TWO_WAY -> {
				try {
					twoWay();
				}
				catch (IOException ex) {
					// the peer did not answer in time, or the connection broke: closed all the same
				}
				this.socket.delegate().close();
			}
		}
	}

	/**
	 * Ends TLS with {@link Shutdown#TWO_WAY} and returns the plain socket, open, for plain text
	 * on the same TCP connection (IO::Socket::SSL's {@code stop_SSL}); either side may call it
	 * first, and the connection may be upgraded again.
	 * @see #stopTls(Shutdown)
	 */
	public Socket stopTls() throws IOException {
		return stopTls(Shutdown.TWO_WAY);
	}

	/**
	 * Ends TLS as {@code shutdown} says and returns the plain socket the TLS socket was layered
	 * over, open: the next byte read from it is the first the peer sent after its close_notify.
	 * With {@link Shutdown#ONE_WAY} the peer's close_notify, if it sends one, is left for the
	 * caller to read from the plain socket: use it only with a peer that sends none, or
	 * {@link Shutdown#TWO_WAY}.
	 * @throws IllegalStateException when the socket was not made with {@code autoClose=false} (by
	 * {@link SslSocketFactory#upgrade(Socket, String, int, boolean)} or
	 * {@link SslServerSocketFactory#upgrade(Socket, boolean)}): closing it would close the TCP
	 * connection; nothing is done then
	 * @throws SslConnectionException when the peer's close_notify did not come in time
	 * ({@link TlsFailure#TIMEOUT}) or the connection broke; the TLS socket is closed then, the
	 * plain socket left to the caller
	 */
	public Socket stopTls(Shutdown shutdown) throws IOException {
		Objects.requireNonNull(shutdown, "shutdown");
		TappedSocket tapped = tapped("stopTls()");
		if (tapped.autoClose()) {
			throw new IllegalStateException("stopTls() needs a socket upgraded with autoClose=false "
					+ "(SslSocketFactory.upgrade(plain, host, port, false) or SslServerSocketFactory.upgrade(plain, false)): "
					+ "this one closes its TCP connection with TLS");
		}
		try {
			switch (shutdown) {
				case NONE -> {
				}
				case ONE_WAY -> sendCloseNotify();
				case TWO_WAY -> twoWay();
			}
		}
		finally {
			tapped.detach();
			this.socket.delegate().close();
		}
		return tapped.plain();
	}

	private TappedSocket tapped(String call) {
		if (this.socket.underlying() instanceof TappedSocket tapped) {
			return tapped;
		}
		throw new UnsupportedOperationException(call + " needs a socket layered over a plain socket (every client "
				+ "socket, upgrade(...), accept(plain, trap)); JSSE's own accepted sockets always send close_notify "
				+ "and close their TCP connection");
	}

	/** close_notify, then read (and discard) until the peer's close_notify. */
	private void twoWay() throws IOException {
		sendCloseNotify();
		SSLSocket tls = this.socket.delegate();
		if (tls.isInputShutdown()) {
			// the peer's close_notify came first
			return;
		}
		long timeout = Handshakes.millis(this.socket.factory().settings().handshakeTimeout());
		if (timeout == 0) {
			timeout = DEFAULT_SHUTDOWN_MILLIS;
		}
		int readTimeout = tls.getSoTimeout();
		long deadline = System.nanoTime() + timeout * 1_000_000;
		InputStream in = this.socket.getInputStream();
		byte[] discard = new byte[4096];
		try {
			while (true) {
				long left = (deadline - System.nanoTime()) / 1_000_000;
				if (left <= 0) {
					throw new SocketTimeoutException("no close_notify within " + timeout + " ms");
				}
				tls.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
				if (in.read(discard) < 0) {
					return;
				}
			}
		}
		catch (SslConnectionException ex) {
			throw ex;
		}
		catch (IOException ex) {
			throw this.socket.factory().classify(tls, ex, this.socket.peer(), ex instanceof SocketTimeoutException);
		}
		finally {
			if (!tls.isClosed()) {
				tls.setSoTimeout(readTimeout);
			}
		}
	}

	private void sendCloseNotify() throws IOException {
		SSLSocket tls = this.socket.delegate();
		if (!tls.isOutputShutdown()) {
			tls.shutdownOutput();
		}
	}

	/**
	 * What {@code ClassifyingSocket.close()} does before JSSE's close: on an established TLS 1.3
	 * connection JSSE's {@code close()} sends {@code user_canceled} before close_notify (its way
	 * of closing both directions at once, "duplexCloseOutput"), which gnutls and others report as
	 * a fatal error; {@code shutdownOutput()} sends close_notify alone, after which
	 * {@code close()} only closes the input. Conscrypt sends close_notify alone by itself.
	 */
	static void sendCloseNotify(ClassifyingSocket socket) {
		SSLSocket tls = socket.delegate();
		if (!socket.handshaken() || socket.handshakeFailure() != null || tls.isClosed() || !tls.isConnected()
				|| tls.isOutputShutdown() || !tls.getClass().getName().startsWith("sun.security.ssl.")) {
			return;
		}
		try {
			if ("TLSv1.3".equals(tls.getSession().getProtocol())) {
				tls.shutdownOutput();
			}
		}
		catch (IOException | RuntimeException ex) {
			// close() goes on as JSSE's close
		}
	}

}
