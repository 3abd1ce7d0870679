package io.github.sslstarter.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A small TLS server on loopback for tests, plain JSSE: an {@link SSLServerSocket} from a test
 * certificate, an {@link SSLContext} or any server socket factory, an accept loop on a daemon
 * thread, and each connection served by a {@link ConnectionHandler} on a thread of its own, under a
 * read timeout. {@link #close()} stops accepting, closes the open connections and waits (at most
 * five seconds) for the handlers to end.
 *
 * <pre>{@code
 * try (TlsServer server = TlsServer.builder().certificate(localhost).start()) {
 *     // connect to 127.0.0.1:server.port(); it echoes lines
 * }
 * }</pre>
 *
 * In tests, {@link TlsServerExtension} starts and stops it.
 */
public final class TlsServer implements AutoCloseable {

	private final ServerSocket listener;

	private final ConnectionHandler handler;

	private final boolean handshake;

	private final int readTimeout;

	private final int maxConnections;

	private final ExecutorService workers;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final List<SSLSession> sessions = new CopyOnWriteArrayList<>();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private final AtomicInteger accepted = new AtomicInteger();

	private volatile boolean closed;

	private TlsServer(ServerSocket listener, Builder settings) {
		this.listener = listener;
		this.handler = settings.handler;
		this.handshake = settings.handshake;
		this.readTimeout = (int) settings.readTimeout.toMillis();
		this.maxConnections = settings.maxConnections;
		String name = "tls-server-" + listener.getLocalPort();
		this.workers = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		});
		Thread acceptor = new Thread(this::acceptLoop, name + "-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * A builder for a server on 127.0.0.1 and a free port that echoes lines.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.listener.getLocalPort();
	}

	/**
	 * The address the server listens on.
	 * @return the address
	 */
	public InetAddress address() {
		return this.listener.getInetAddress();
	}

	/**
	 * Whether it serves TLS (or plain TCP, from a plain server socket factory).
	 * @return whether it is a TLS server
	 */
	public boolean isTls() {
		return this.listener instanceof SSLServerSocket;
	}

	/**
	 * Whether it still listens for connections (false once closed, or after its last connection).
	 * @return whether its server socket is open
	 */
	public boolean isListening() {
		return !this.listener.isClosed();
	}

	/**
	 * How many connections the server accepted so far.
	 * @return the count
	 */
	public int connections() {
		return this.accepted.get();
	}

	/**
	 * The session of each connection whose handshake the server completed, in order (none when built
	 * with {@code handshake(false)}): what clients asked for by SNI
	 * ({@link javax.net.ssl.ExtendedSSLSession#getRequestedServerNames()}), the protocol, the suite.
	 * @return the sessions so far
	 */
	public List<SSLSession> sessions() {
		return List.copyOf(this.sessions);
	}

	/**
	 * What went wrong on the server side so far, in order: failed handshakes and whatever a handler
	 * threw, except what closing the server caused.
	 * @return the failures so far
	 */
	public List<Throwable> failures() {
		return List.copyOf(this.failures);
	}

	/**
	 * The last of the {@link #failures()}.
	 * @return the last failure, or {@code null}
	 */
	public Throwable lastFailure() {
		List<Throwable> failures = failures();
		return failures.isEmpty() ? null : failures.get(failures.size() - 1);
	}

	private void acceptLoop() {
		int limit = this.maxConnections;
		while (!this.closed && (limit < 0 || this.accepted.get() < limit)) {
			Socket socket;
			try {
				socket = this.listener.accept();
			}
			catch (IOException ex) {
				if (!this.closed && !this.listener.isClosed()) {
					this.failures.add(ex);
				}
				return;
			}
			this.accepted.incrementAndGet();
			this.open.add(socket);
			try {
				this.workers.execute(() -> serve(socket));
			}
			catch (RuntimeException ex) {
				// closed meanwhile
				closeQuietly(socket);
				return;
			}
		}
		if (!this.closed) {
			closeQuietly(this.listener);
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			socket.setSoTimeout(this.readTimeout);
			if (this.handshake && socket instanceof SSLSocket tls) {
				tls.startHandshake();
				this.sessions.add(tls.getSession());
			}
			this.handler.handle(socket);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception | AssertionError ex) {
			if (!this.closed) {
				this.failures.add(ex);
			}
		}
		finally {
			this.open.remove(socket);
		}
	}

	/** Stops accepting, closes the open connections and waits up to five seconds for the handlers. */
	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.listener);
		this.open.forEach(TlsServer::abort);
		this.workers.shutdownNow();
		try {
			this.workers.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void abort(Socket socket) {
		try {
			// JSSE's close may read for the peer's close_notify under the read timeout: do not wait for it
			socket.setSoTimeout(1);
		}
		catch (IOException ex) {
			// closed already
		}
		closeQuietly(socket);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing anyway
		}
	}

	@Override
	public String toString() {
		return "TlsServer[" + (isTls() ? "tls" : "plain") + " " + address().getHostAddress() + ":" + port() + "]";
	}

	/**
	 * Builds and starts a {@link TlsServer}. Every method returns this builder.
	 */
	public static final class Builder {

		private ServerSocketFactory factory;

		private InetAddress address;

		private int port;

		private int backlog = 50;

		private String[] protocols;

		private Boolean needClientAuth;

		private Consumer<SSLParameters> parameters;

		private boolean handshake = true;

		private Duration readTimeout = Duration.ofSeconds(10);

		private int maxConnections = -1;

		private ConnectionHandler handler = ConnectionHandler.echoLines();

		private Builder() {
		}

		/**
		 * Serves TLS presenting this certificate's chain
		 * ({@link TestSslContexts#server(TestCertificate)}).
		 * @param identity the server's certificate and key
		 * @return this builder
		 */
		public Builder certificate(TestCertificate identity) {
			return sslContext(TestSslContexts.server(identity));
		}

		/**
		 * Serves TLS with server sockets of this context.
		 * @param context the server's context
		 * @return this builder
		 */
		public Builder sslContext(SSLContext context) {
			return serverSocketFactory(context.getServerSocketFactory());
		}

		/**
		 * Serves with server sockets from this factory: a TLS one (such as a library's server socket
		 * factory under test), or {@link ServerSocketFactory#getDefault()} for plain TCP.
		 * @param factory the factory
		 * @return this builder
		 */
		public Builder serverSocketFactory(ServerSocketFactory factory) {
			this.factory = Objects.requireNonNull(factory, "factory");
			return this;
		}

		/**
		 * Serves plain TCP: for peers that misbehave before any TLS, or that speak a protocol's
		 * plain-text start before upgrading (STARTTLS).
		 * @return this builder
		 */
		public Builder plain() {
			return serverSocketFactory(ServerSocketFactory.getDefault());
		}

		/**
		 * The address to listen on; {@code 127.0.0.1} unless set ({@code ::1} for IPv6).
		 * @param address an address literal of this machine
		 * @return this builder
		 */
		public Builder address(String address) {
			try {
				return address(InetAddress.getByName(address));
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException("Unknown address '" + address + "'", ex);
			}
		}

		/**
		 * The address to listen on; {@code 127.0.0.1} unless set.
		 * @param address an address of this machine
		 * @return this builder
		 */
		public Builder address(InetAddress address) {
			this.address = Objects.requireNonNull(address, "address");
			return this;
		}

		/**
		 * The port to listen on; a free one unless set.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * The listen backlog; 50 unless set.
		 * @param backlog the backlog
		 * @return this builder
		 */
		public Builder backlog(int backlog) {
			this.backlog = backlog;
			return this;
		}

		/**
		 * The protocols the server enables, such as {@code TLSv1.2}; the context's unless set.
		 * @param protocols JSSE protocol names
		 * @return this builder
		 */
		public Builder protocols(String... protocols) {
			this.protocols = protocols.clone();
			return this;
		}

		/**
		 * Whether the server requires a client certificate (mutual TLS); it does not unless set.
		 * The context's trust decides which certificates it accepts.
		 * @param need whether a client certificate is required
		 * @return this builder
		 */
		public Builder needClientAuth(boolean need) {
			this.needClientAuth = need;
			return this;
		}

		/**
		 * Changes the server socket's SSL parameters after the other settings, for anything else:
		 * ALPN protocols, cipher suites, named groups.
		 * @param customizer changes the parameters in place
		 * @return this builder
		 */
		public Builder sslParameters(Consumer<SSLParameters> customizer) {
			this.parameters = Objects.requireNonNull(customizer, "customizer");
			return this;
		}

		/**
		 * Whether the server completes each TLS handshake before the handler, and records its
		 * session in {@link TlsServer#sessions()}; it does unless set. {@code false} leaves the
		 * handshake to the handler: one that drives it itself, or lets the first read do it.
		 * @param handshake whether the server does the handshake
		 * @return this builder
		 */
		public Builder handshake(boolean handshake) {
			this.handshake = handshake;
			return this;
		}

		/**
		 * The read timeout of every connection, the handshake included; 10 seconds unless set.
		 * @param timeout the timeout, positive
		 * @return this builder
		 */
		public Builder readTimeout(Duration timeout) {
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("The read timeout is positive, not " + timeout);
			}
			this.readTimeout = timeout;
			return this;
		}

		/**
		 * How many connections the server accepts in all before it stops listening; no limit unless
		 * set.
		 * @param maxConnections the number, 1 or more
		 * @return this builder
		 */
		public Builder maxConnections(int maxConnections) {
			if (maxConnections < 1) {
				throw new IllegalArgumentException("maxConnections is 1 or more, not " + maxConnections);
			}
			this.maxConnections = maxConnections;
			return this;
		}

		/**
		 * What the server does with each connection; {@link ConnectionHandler#echoLines()} unless
		 * set.
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder handler(ConnectionHandler handler) {
			this.handler = Objects.requireNonNull(handler, "handler");
			return this;
		}

		/**
		 * Opens the server socket and starts accepting.
		 * @return the running server
		 * @throws IllegalStateException when no TLS material or factory was given, or TLS settings
		 * were given for a plain server
		 * @throws UncheckedIOException when the server socket cannot be opened
		 */
		public TlsServer start() {
			if (this.factory == null) {
				throw new IllegalStateException("The server has nothing to serve with: give it certificate(...), "
						+ "sslContext(...) or serverSocketFactory(...), or plain() for plain TCP");
			}
			try {
				InetAddress address = (this.address != null) ? this.address : InetAddress.getByName("127.0.0.1");
				ServerSocket listener = this.factory.createServerSocket(this.port, this.backlog, address);
				try {
					configure(listener);
				}
				catch (RuntimeException ex) {
					listener.close();
					throw ex;
				}
				return new TlsServer(listener, this);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot listen on port " + this.port, ex);
			}
		}

		private void configure(ServerSocket listener) {
			boolean tlsSettings = this.protocols != null || this.needClientAuth != null || this.parameters != null;
			if (!(listener instanceof SSLServerSocket tls)) {
				if (tlsSettings) {
					throw new IllegalStateException("Protocols, client authentication and SSL parameters need a TLS "
							+ "server: give it certificate(...) or sslContext(...) instead of a plain factory");
				}
				return;
			}
			if (!tlsSettings) {
				return;
			}
			SSLParameters parameters = tls.getSSLParameters();
			if (this.protocols != null) {
				parameters.setProtocols(this.protocols);
			}
			if (this.needClientAuth != null) {
				parameters.setNeedClientAuth(this.needClientAuth);
			}
			if (this.parameters != null) {
				this.parameters.accept(parameters);
			}
			tls.setSSLParameters(parameters);
		}

	}

}
