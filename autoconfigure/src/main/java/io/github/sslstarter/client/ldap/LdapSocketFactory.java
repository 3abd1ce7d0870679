package io.github.sslstarter.client.ldap;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.github.sslstarter.core.SslSocketFactory;

/**
 * The socket factory JNDI's LDAP provider is given for one context: every socket it returns has
 * completed its handshake through the context's {@link SslSocketFactory#connect} or
 * {@link SslSocketFactory#upgrade}, so the context's scheme has already verified the server's
 * name, under the context's connect timeout and handshake deadline, before JNDI sees the socket.
 * <p>
 * Why: JNDI sets the endpoint identification algorithm {@code LDAPS} on every {@code ldaps://}
 * socket before its first read, and the JDK then runs its own RFC 2818-style check in the
 * handshake, which refuses certificates the {@code ldap} scheme accepts (a CN that matches
 * beside subjectAltNames that do not) with its own message. On a socket whose handshake is done
 * that setting changes nothing. For the same reason this factory makes no unconnected sockets
 * ({@link #createSocket()} throws, as {@link javax.net.SocketFactory} does by default): JNDI's
 * {@code com.sun.jndi.ldap.connect.timeout} then falls back to a connected socket, and the
 * context's {@code timeouts.connect} and {@code timeouts.handshake} bound the connection instead.
 * <p>
 * JNDI's StartTLS ({@code StartTlsResponse.negotiate}) checks the host name once more after the
 * handshake, by the JDK's LDAP rule, and asks a {@link HostnameVerifier} only when that check
 * fails: {@link #hostnameVerifier()} answers for the sessions this factory's handshakes verified,
 * so the context's scheme decides there too.
 */
public final class LdapSocketFactory extends SSLSocketFactory {

	private final SslSocketFactory sockets;

	// the sessions whose handshakes this factory ran (and so the context verified), by identity
	private final Map<SSLSession, Boolean> verified = Collections.synchronizedMap(new WeakHashMap<>());

	/** A factory whose sockets are made and verified by {@code sockets}. */
	public LdapSocketFactory(SslSocketFactory sockets) {
		this.sockets = sockets;
	}

	/**
	 * A verifier that accepts exactly the sessions whose handshakes this factory ran: the context
	 * verified their peers inside the handshake (chain, scheme, {@code verify.name}, callbacks), so
	 * a second check by another rule has nothing to add. For JNDI's StartTLS, which runs the JDK's
	 * LDAP rule after the handshake and asks this verifier when that rule refuses.
	 */
	public HostnameVerifier hostnameVerifier() {
		return (hostname, session) -> session != null && this.verified.containsKey(session);
	}

	/** The context's socket factory behind this one. */
	public SslSocketFactory sockets() {
		return this.sockets;
	}

	/** Unconnected sockets are not made: see the class comment. */
	@Override
	public Socket createSocket() throws IOException {
		throw new SocketException("Unconnected sockets not implemented: the TLS context '"
				+ this.sockets.contextFactory().name() + "' connects and completes the handshake in one step");
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return handshaken(this.sockets.connect(host, port));
	}

	/** As {@link #createSocket(String, int)}; a local address to bind is refused (JNDI binds none). */
	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		refuseLocalAddress(localHost, localPort);
		return handshaken(this.sockets.connect(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port) throws IOException {
		return handshaken(this.sockets.connect(address.getHostAddress(), port));
	}

	/** As {@link #createSocket(InetAddress, int)}; a local address to bind is refused (JNDI binds none). */
	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		refuseLocalAddress(localAddress, localPort);
		return handshaken(this.sockets.connect(address.getHostAddress(), port));
	}

	/** Upgrades a connected plain socket (StartTLS) and completes the handshake. */
	@Override
	public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
		return handshaken(this.sockets.upgrade(socket, host, port, autoClose));
	}

	@Override
	public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
		return this.sockets.createSocket(socket, consumed, autoClose);
	}

	private SSLSocket handshaken(SSLSocket socket) {
		this.verified.put(socket.getSession(), Boolean.TRUE);
		return socket;
	}

	private static void refuseLocalAddress(InetAddress localAddress, int localPort) throws SocketException {
		if ((localAddress != null && !localAddress.isAnyLocalAddress()) || localPort != 0) {
			throw new SocketException("Binding a local address is not supported for LDAP connections");
		}
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return this.sockets.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.sockets.getSupportedCipherSuites();
	}

}
