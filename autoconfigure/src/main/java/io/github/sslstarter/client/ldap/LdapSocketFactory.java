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
 * The socket factory JNDI's LDAP provider is given for one context. A connected socket it
 * returns has completed its handshake through the context's {@link SslSocketFactory#connect} or
 * {@link SslSocketFactory#upgrade}: the server was verified by the context (chain, scheme,
 * {@code verify.name}) under its connect timeout and handshake deadline, and a refusal is the
 * context's classified {@code SslConnectionException}. An unconnected one ({@link #createSocket()},
 * what JNDI asks for when {@code com.sun.jndi.ldap.connect.timeout} is set) is the context's own,
 * whose handshake runs on JNDI's {@code startHandshake()} the same way. JNDI then sets the
 * endpoint identification algorithm {@code LDAPS} on it; the context's trust manager does not let
 * the JDK run that check (the context's scheme is the only host-name rule), so a certificate that
 * the {@code ldap} scheme accepts (a CN that matches beside subjectAltNames that do not) is not
 * refused by the JDK's rule.
 * <p>
 * JNDI's StartTLS ({@code StartTlsResponse.negotiate}) checks the host name once more after the
 * handshake, by the JDK's LDAP rule, and asks a {@link HostnameVerifier} only when that check
 * fails: {@link #hostnameVerifier()} answers for the sessions this factory's handshakes verified,
 * so the context's scheme decides there too.
 */
public final class LdapSocketFactory extends SSLSocketFactory {

	private final SslSocketFactory sockets;

	// the sessions whose handshakes this factory ran (and so the context verified), held weakly
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

	/** The context's unconnected socket: its handshake runs on first use, verified by the context. */
	@Override
	public Socket createSocket() throws IOException {
		return this.sockets.createSocket();
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
