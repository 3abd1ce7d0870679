package io.github.sslstarter.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;

/**
 * Server TLS sockets configured by one context (IO::Socket::SSL's {@code SSL_server}): the
 * context's identity, protocols, ciphers (in the server's order when {@code honor-cipher-order}
 * is on), ALPN and client authentication. {@link #handshake(SSLSocket)} runs an accepted
 * connection's handshake under the context's deadline, classified on failure, and returns a
 * socket whose first reads and writes are classified too.
 */
public class SslServerSocketFactory extends SSLServerSocketFactory {

	private final SslContextFactory contextFactory;

	private final SSLServerSocketFactory sockets;

	private final HandshakeListener listener;

	private final boolean conscrypt;

	/** A factory for server sockets of {@code contextFactory}'s context. */
	public SslServerSocketFactory(SslContextFactory contextFactory) {
		this(contextFactory, contextFactory.handshakeListener());
	}

	/** A factory whose {@link #handshake(SSLSocket)} reports to {@code listener}. */
	public SslServerSocketFactory(SslContextFactory contextFactory, HandshakeListener listener) {
		this.contextFactory = contextFactory;
		this.sockets = contextFactory.jsseContext().getServerSocketFactory();
		this.listener = listener;
		this.conscrypt = TlsProviders.isConscrypt(contextFactory.jsseContext());
	}

	/** The context factory behind these sockets. */
	public SslContextFactory contextFactory() {
		return this.contextFactory;
	}

	/**
	 * Completes the handshake of an accepted socket under the context's handshake timeout; on
	 * failure the socket is closed and an {@link SslConnectionException} thrown.
	 * @return the socket to use from now on: {@code accepted}, with its failures on its first
	 * reads and writes classified
	 */
	public SSLSocket handshake(SSLSocket accepted) throws SslConnectionException {
		return handshake(accepted, null);
	}

	/**
	 * As {@link #upgrade(Socket, InputStream, boolean)} with nothing consumed. With
	 * {@code autoClose=false} closing the TLS socket leaves {@code plain} open, and
	 * {@link SslSocket#stopTls()} returns to plain text on it (IO::Socket::SSL's {@code stop_SSL}).
	 */
	public SSLSocket upgrade(Socket plain, boolean autoClose) throws SslConnectionException {
		return upgrade(plain, null, autoClose);
	}

	private SSLSocket handshake(SSLSocket accepted, Socket underlying) throws SslConnectionException {
		if (accepted instanceof ClassifyingSocket ours) {
			try {
				ours.handshake();
			}
			catch (IOException ex) {
				throw TlsFailures.classify(ex, HostNames.peer(ours.getInetAddress().getHostAddress(), ours.getPort()));
			}
			return ours;
		}
		try {
			accepted.setTcpNoDelay(this.contextFactory.settings().tcpNoDelay());
		}
		catch (java.net.SocketException ex) {
			throw TlsFailures.classify(ex, HostNames.peer(accepted.getInetAddress().getHostAddress(), accepted.getPort()));
		}
		if (this.conscrypt) {
			ConscryptServers.prepareAccepted(accepted, this.contextFactory);
		}
		String host = accepted.getInetAddress().getHostAddress();
		Handshakes.run(this.contextFactory, this.listener, accepted, underlying, host, accepted.getPort(), null);
		return new ClassifyingSocket(this.contextFactory, this.listener, accepted, underlying, host, accepted.getPort(),
				null, true);
	}

	/**
	 * Layers TLS, as the server, over a connected plain socket whose plaintext part is over
	 * (the server's half of STARTTLS; IO::Socket::SSL's {@code start_SSL} with
	 * {@code SSL_server} on an accepted socket) and completes the handshake as
	 * {@link #handshake(SSLSocket)} does: the context's server parameters, the handshake
	 * deadline (which closes {@code plain} too), classified on failure, reported to the
	 * listener.
	 * @param plain the connected socket; nothing of the client's TLS may have been read from it
	 * except {@code consumed}
	 * @param consumed bytes already read from {@code plain} that belong to the TLS layer, or
	 * {@code null} for none
	 * @param autoClose whether closing the TLS socket closes {@code plain}
	 * @return the handshaken TLS socket, with its first reads and writes classified
	 * @throws SslConnectionException if the handshake fails; {@code plain} is closed then
	 */
	public SSLSocket upgrade(Socket plain, InputStream consumed, boolean autoClose) throws SslConnectionException {
		String host = plain.getInetAddress().getHostAddress();
		// watched (a truncation, SslSocket.stopTls, debug level 3), unless Conscrypt's server needs the plain socket
		Socket layered = this.conscrypt ? plain
				: new TappedSocket(plain, this.contextFactory.debug().records(host, plain.getPort()), autoClose);
		SSLSocket ssl;
		try {
			plain.setTcpNoDelay(this.contextFactory.settings().tcpNoDelay());
			javax.net.ssl.SSLSocketFactory sockets = this.contextFactory.jsseContext().getSocketFactory();
			// without consumed bytes the form every provider has (Conscrypt lacks the other)
			if (consumed != null && this.conscrypt) {
				ssl = ConscryptServers.layer(sockets, plain, consumed, autoClose);
			}
			else {
				ssl = (SSLSocket) ((consumed != null) ? sockets.createSocket(layered, consumed, autoClose)
						: sockets.createSocket(layered, host, plain.getPort(), autoClose));
			}
			ssl.setUseClientMode(false);
		}
		catch (IOException ex) {
			Handshakes.closeQuietly(plain);
			throw TlsFailures.classify(ex, HostNames.peer(host, plain.getPort()));
		}
		this.contextFactory.socketParameters().applyServer(ssl);
		if (this.conscrypt) {
			ConscryptServers.prepareAccepted(ssl, this.contextFactory);
		}
		try {
			Handshakes.run(this.contextFactory, this.listener, ssl, plain, host, plain.getPort(), null);
		}
		catch (SslConnectionException ex) {
			Handshakes.closeQuietly(plain);
			throw ex;
		}
		return new ClassifyingSocket(this.contextFactory, this.listener, ssl, layered, host, plain.getPort(), null,
				true);
	}

	/**
	 * Takes over a plain socket accepted from an ordinary {@link ServerSocket}: when the client
	 * starts a TLS handshake, returns the handshaken TLS socket; when it sends anything else,
	 * hands the socket and what it sent to {@code trap}, closes it and returns {@code null}.
	 */
	public SSLSocket accept(Socket plain, PlaintextTrap trap) throws IOException {
		byte[] first;
		try {
			plain.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Handshakes.millis(this.contextFactory.settings()
				.handshakeTimeout())));
			int read = plain.getInputStream().read();
			if (read < 0) {
				plain.close();
				throw new SslConnectionException(TlsFailure.PEER_CLOSED,
						HostNames.peer(plain.getInetAddress().getHostAddress(), plain.getPort()),
						"closed before sending anything", null);
			}
			first = new byte[] { (byte) read };
		}
		catch (IOException ex) {
			Handshakes.closeQuietly(plain);
			throw TlsFailures.classify(ex, HostNames.peer(plain.getInetAddress().getHostAddress(), plain.getPort()));
		}
		if (first[0] != TLS_HANDSHAKE_RECORD) {
			try (plain) {
				trap.handle(plain, first);
			}
			return null;
		}
		// watched (a truncation, debug level 3), unless Conscrypt's server needs the plain socket itself
		Socket layered = this.conscrypt ? plain : new TappedSocket(plain, this.contextFactory.debug()
			.records(plain.getInetAddress().getHostAddress(), plain.getPort()), true);
		SSLSocket ssl = this.conscrypt
				? ConscryptServers.layer(this.contextFactory.jsseContext().getSocketFactory(), plain,
						new java.io.ByteArrayInputStream(first), true)
				: (SSLSocket) this.contextFactory.jsseContext()
					.getSocketFactory()
					.createSocket(layered, new java.io.ByteArrayInputStream(first), true);
		this.contextFactory.socketParameters().applyServer(ssl);
		return handshake(ssl, layered);
	}

	private static final byte TLS_HANDSHAKE_RECORD = 0x16;

	@Override
	public ServerSocket createServerSocket() throws IOException {
		return configure(this.sockets.createServerSocket());
	}

	@Override
	public ServerSocket createServerSocket(int port) throws IOException {
		return configure(this.sockets.createServerSocket(port));
	}

	@Override
	public ServerSocket createServerSocket(int port, int backlog) throws IOException {
		return configure(this.sockets.createServerSocket(port, backlog));
	}

	@Override
	public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
		return configure(this.sockets.createServerSocket(port, backlog, address));
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return this.contextFactory.cipherSuites().toArray(new String[0]);
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.sockets.getSupportedCipherSuites();
	}

	private ServerSocket configure(ServerSocket socket) {
		this.contextFactory.socketParameters().applyServer((SSLServerSocket) socket);
		return socket;
	}

}
