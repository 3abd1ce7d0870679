package io.github.sslstarter.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;

/**
 * Server TLS sockets configured by one context (IO::Socket::SSL's {@code SSL_server}): the
 * context's identity, protocols, ciphers (in the server's order when {@code honor-cipher-order}
 * is on), ALPN and client authentication. {@link #handshake(SSLSocket)} runs an accepted
 * connection's handshake under the context's deadline, classified on failure.
 */
public class SslServerSocketFactory extends SSLServerSocketFactory {

	private final SslContextFactory contextFactory;

	private final SSLServerSocketFactory sockets;

	private final HandshakeListener listener;

	/** A factory for server sockets of {@code contextFactory}'s context. */
	public SslServerSocketFactory(SslContextFactory contextFactory) {
		this(contextFactory, HandshakeListener.NONE);
	}

	/** A factory whose {@link #handshake(SSLSocket)} reports to {@code listener}. */
	public SslServerSocketFactory(SslContextFactory contextFactory, HandshakeListener listener) {
		this.contextFactory = contextFactory;
		this.sockets = contextFactory.sslContext().getServerSocketFactory();
		this.listener = listener;
	}

	/** The context factory behind these sockets. */
	public SslContextFactory contextFactory() {
		return this.contextFactory;
	}

	/**
	 * Completes the handshake of an accepted socket under the context's handshake timeout; on
	 * failure the socket is closed and an {@link SslConnectionException} thrown.
	 */
	public SSLSocket handshake(SSLSocket accepted) throws SslConnectionException {
		try {
			accepted.setTcpNoDelay(this.contextFactory.settings().tcpNoDelay());
		}
		catch (java.net.SocketException ex) {
			throw SslFailures.classify(ex, HostNames.peer(accepted.getInetAddress().getHostAddress(), accepted.getPort()));
		}
		Handshakes.run(this.contextFactory, this.listener, accepted, accepted.getInetAddress().getHostAddress(),
				accepted.getPort(), null);
		return accepted;
	}

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
		((SSLServerSocket) socket).setSSLParameters(this.contextFactory.serverParameters());
		return socket;
	}

}
