package io.github.sslstarter.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.github.sslstarter.verify.VerifyName;

/**
 * Client TLS sockets configured by one context. {@link #connect(String, int)} and
 * {@link #upgrade(Socket, String, int, boolean)} return a socket whose handshake has succeeded:
 * every resolved address is tried in turn within the connect timeout, SNI is sent for host names
 * (never for IP literals), the handshake runs under a deadline, and the chain and the host name
 * (by the context's scheme) are verified inside the handshake before any application byte is
 * sent. A failure is an {@link SslConnectionException} that says what went wrong and what to do,
 * and so is a failure of a returned socket's first reads and writes (until its first read
 * returns): a TLS 1.3 server refuses a missing client certificate only then.
 * <p>
 * Being an {@link SSLSocketFactory}, it can be handed to any Java API that takes one, and its
 * {@code createSocket} methods keep the JDK's contract: the socket is connected (or layered) and
 * armed with the context's parameters and verification, but its handshake has not run, so that
 * the caller may still configure it (OkHttp sets ALPN, Apache HttpClient protocols and suites).
 * The handshake runs on {@code startHandshake()}, {@code getSession()} or the first read or
 * write, the same way as {@code connect}'s: under the deadline, verified, classified, reported.
 */
public class SslSocketFactory extends SSLSocketFactory {

	private final SslContextFactory contextFactory;

	private final SSLSocketFactory sockets;

	private final HandshakeListener listener;

	private final Connector connector;

	/** A factory for the sockets of {@code contextFactory}'s context. */
	public SslSocketFactory(SslContextFactory contextFactory) {
		this(contextFactory, contextFactory.handshakeListener());
	}

	/** A factory that reports every handshake to {@code listener}. */
	public SslSocketFactory(SslContextFactory contextFactory, HandshakeListener listener) {
		this.contextFactory = contextFactory;
		this.sockets = contextFactory.jsseContext().getSocketFactory();
		this.listener = listener;
		this.connector = new Connector(contextFactory.settings());
	}

	/** The context factory behind these sockets. */
	public SslContextFactory contextFactory() {
		return this.contextFactory;
	}

	/**
	 * Whether that socket's handshake resumed an earlier session (IO::Socket::SSL's
	 * {@code get_session_reused}); see {@link ConnectionLedger#resumed}.
	 */
	public boolean reused(SSLSocket socket) {
		return this.contextFactory.ledger().resumed(socket);
	}

	/** Connects to {@code host:port} and completes the handshake. */
	public SSLSocket connect(String host, int port) throws IOException {
		return connect(host, port, null, null);
	}

	/**
	 * Connects to {@code host:port} and completes the handshake.
	 * @param sni the SNI name for this connection instead of the context's ({@code ""} sends
	 * none), or {@code null}
	 * @param verifyName the name the certificate must be valid for instead of {@code host}, or
	 * {@code null}
	 */
	public SSLSocket connect(String host, int port, String sni, String verifyName) throws IOException {
		return connect(host, port, null, 0, sni, verifyName);
	}

	// a resumed session verified for another name is dropped and the connection made once more, in full
	private SSLSocket connect(String host, int port, InetAddress localAddress, int localPort, String sni,
			String verifyName) throws IOException {
		try {
			return handshake(this.connector.connect(host, port, localAddress, localPort), host, port, true, sni,
					verifyName, false);
		}
		catch (ResumedSessionMismatchException ex) {
			// kept apart under the name, like a name given for the call: a JVM that keeps several
			// TLS 1.3 tickets in one cached session (Java 25) would otherwise offer the next one
			return handshake(this.connector.connect(host, port, localAddress, localPort), host, port, true, sni,
					VerifyName.choose(verifyName, this.contextFactory.settings().verifyName(), host), true);
		}
	}

	/**
	 * Upgrades a connected plain socket to TLS (IO::Socket::SSL's {@code start_SSL}, the last
	 * step of STARTTLS) and completes the handshake.
	 */
	public SSLSocket upgrade(Socket plain, String host, int port, boolean autoClose) throws IOException {
		return upgrade(plain, host, port, autoClose, null, null);
	}

	/** As {@link #upgrade(Socket, String, int, boolean)}, with SNI and name overrides. */
	public SSLSocket upgrade(Socket plain, String host, int port, boolean autoClose, String sni, String verifyName)
			throws IOException {
		this.connector.configure(plain);
		return handshake(plain, host, port, autoClose, sni, verifyName, false);
	}

	/**
	 * A socket connected to {@code host:port} (every resolved address within the connect
	 * timeout) with this context's parameters and SNI, whose handshake has not run yet, as the
	 * JDK documents for this method: the caller may still configure it (ALPN, protocols, suites,
	 * timeouts). The handshake runs on {@code startHandshake()}, {@code getSession()} or the
	 * first read or write, under the handshake deadline, verified by the context's scheme against
	 * {@code host}, and a failure is an {@link SslConnectionException}. Use
	 * {@link #connect(String, int)} for a socket whose handshake is done.
	 */
	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return armed(this.connector.connect(host, port, null, 0), host, port, true);
	}

	/** As {@link #createSocket(String, int)}, bound to a local address and port. */
	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return armed(this.connector.connect(host, port, localHost, localPort), host, port, true);
	}

	/**
	 * As {@link #createSocket(String, int)}; the host name verified is the address's literal
	 * (no SNI is sent for it).
	 */
	@Override
	public Socket createSocket(InetAddress address, int port) throws IOException {
		return createSocket(address, port, null, 0);
	}

	/** As {@link #createSocket(InetAddress, int)}, bound to a local address and port. */
	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		String host = address.getHostAddress();
		return armed(this.connector.connect(host, port, localAddress, localPort), host, port, true);
	}

	/**
	 * A TLS socket layered over a connected plain socket, with this context's parameters and SNI
	 * for {@code host}, whose handshake has not run yet (the JDK's contract: the caller may still
	 * configure it). It runs as for {@link #createSocket(String, int)}. Use
	 * {@link #upgrade(Socket, String, int, boolean)} for a socket whose handshake is done.
	 */
	@Override
	public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
		this.connector.configure(socket);
		return armed(socket, host, port, autoClose);
	}

	@Override
	public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
		// the server side of a socket whose first bytes were already read (SNI sniffing)
		SSLSocket ssl = (SSLSocket) this.sockets.createSocket(socket, consumed, autoClose);
		this.contextFactory.socketParameters().applyServer(ssl);
		return new ClassifyingSocket(this.contextFactory, this.listener, ssl, socket,
				socket.getInetAddress().getHostAddress(), socket.getPort(), null, false);
	}

	/**
	 * An unconnected socket with this context's parameters; its handshake happens on first use
	 * (or {@code startHandshake()}), under the handshake deadline, and it is verified by host
	 * name against the host it is connected to.
	 */
	@Override
	public Socket createSocket() throws IOException {
		SSLSocket ssl = (SSLSocket) this.sockets.createSocket();
		this.contextFactory.socketParameters().applyClient(ssl);
		this.connector.configure(ssl);
		return new ClassifyingSocket(this.contextFactory, this.listener, ssl, null, null, 0, null, false);
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return this.contextFactory.cipherSuites().toArray(new String[0]);
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.sockets.getSupportedCipherSuites();
	}

	// a client socket with everything but the handshake: it runs later, through ClassifyingSocket
	private SSLSocket armed(Socket plain, String host, int port, boolean autoClose) throws IOException {
		SSLSocket ssl;
		try {
			ssl = (SSLSocket) this.sockets.createSocket(plain, host, port, autoClose);
		}
		catch (IOException ex) {
			Handshakes.closeQuietly(plain);
			throw ex;
		}
		ssl.setUseClientMode(true);
		this.contextFactory.socketParameters().applyClient(ssl, host, null);
		return new ClassifyingSocket(this.contextFactory, this.listener, ssl, plain, host, port, null, false);
	}

	private SSLSocket handshake(Socket plain, String host, int port, boolean autoClose, String sni, String verifyName,
			boolean ownCache) throws IOException {
		SSLSocket ssl;
		boolean otherName = ownCache
				|| VerifyName.overrides(verifyName, this.contextFactory.settings().verifyName(), host);
		SSLSocketFactory sockets = otherName ? this.contextFactory.sslContextForOtherNames().getSocketFactory()
				: this.sockets;
		// JSSE caches client sessions by this host and the port: those verified for a name given
		// for the call are kept under that name, so that each is resumed only for the name it was verified for
		String sessionHost = otherName ? verifyName : host;
		try {
			ssl = (SSLSocket) sockets.createSocket(plain, sessionHost, port, autoClose);
		}
		catch (IOException ex) {
			Handshakes.closeQuietly(plain);
			throw ex;
		}
		ssl.setUseClientMode(true);
		this.contextFactory.socketParameters().applyClient(ssl, host, sni);
		if (verifyName != null) {
			this.contextFactory.ledger().verifyName(ssl, verifyName);
		}
		Handshakes.run(this.contextFactory, this.listener, ssl, plain, host, port, verifyName);
		return new ClassifyingSocket(this.contextFactory, this.listener, ssl, plain, host, port, verifyName, true);
	}

}
