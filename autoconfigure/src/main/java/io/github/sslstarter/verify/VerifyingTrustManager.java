package io.github.sslstarter.verify;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies the server's chain through a delegate and then its host name by scheme, inside the
 * handshake, so that a wrong certificate fails the handshake itself. The name checked is, in
 * order: the name registered for that connection with {@code expectName}, the fixed name, or the
 * peer host of the handshake session (an IP literal included). Nothing is kept per instance about
 * "the current connection": one instance serves many concurrent connections to different names.
 *
 * <p>The two-argument {@link #checkServerTrusted(X509Certificate[], String)} knows no connection
 * and therefore checks only the chain. Client certificates are checked for their chain only.
 * Connections and engines are remembered in weak maps keyed by identity of the JDK's socket and
 * engine classes (which do not override {@code equals}).
 */
public final class VerifyingTrustManager extends X509ExtendedTrustManager {

	private static final X509Certificate[] NO_ISSUERS = {};

	private final X509ExtendedTrustManager chain;

	private final HostnameScheme scheme;

	private final String fixedName;

	private final Map<Object, String> expectedNames = Collections.synchronizedMap(new WeakHashMap<>());

	private final Map<Object, Boolean> verifiedConnections = Collections.synchronizedMap(new WeakHashMap<>());

	/**
	 * @param chain verifies the chain; {@code null} accepts any chain (verify mode none)
	 * @param scheme the hostname scheme for server certificates
	 * @param fixedName the name to check instead of the connection's host, or {@code null}
	 */
	public VerifyingTrustManager(X509ExtendedTrustManager chain, HostnameScheme scheme, String fixedName) {
		this.chain = chain;
		this.scheme = (scheme != null) ? scheme : HostnameScheme.DEFAULT;
		this.fixedName = fixedName;
	}

	/** The scheme applied to server certificates. */
	public HostnameScheme scheme() {
		return this.scheme;
	}

	/** The fixed name checked instead of the connection's host, or {@code null}. */
	public String fixedName() {
		return this.fixedName;
	}

	/** Registers the name to check for that socket's handshakes (before the handshake starts). */
	public void expectName(Socket socket, String name) {
		this.expectedNames.put(socket, name);
	}

	/** Registers the name to check for that engine's handshakes (before the handshake starts). */
	public void expectName(SSLEngine engine, String name) {
		this.expectedNames.put(engine, name);
	}

	/**
	 * Whether this trust manager checked the server certificate of that socket's latest handshake,
	 * and forgets it. {@code false} after a resumed session, which calls no trust manager: the
	 * caller must then check the host name itself.
	 */
	public boolean verified(Socket socket) {
		return this.verifiedConnections.remove(socket) != null;
	}

	/** Like {@link #verified(Socket)}, for an engine. */
	public boolean verified(SSLEngine engine) {
		return this.verifiedConnections.remove(engine) != null;
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		if (this.chain != null) {
			this.chain.checkServerTrusted(chain, authType, socket);
		}
		checkHost(chain, nameFor(socket));
		if (socket != null) {
			this.verifiedConnections.put(socket, Boolean.TRUE);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		if (this.chain != null) {
			this.chain.checkServerTrusted(chain, authType, engine);
		}
		checkHost(chain, nameFor(engine));
		if (engine != null) {
			this.verifiedConnections.put(engine, Boolean.TRUE);
		}
	}

	/** Checks the chain only: without a connection there is no host name to check. */
	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		if (this.chain != null) {
			this.chain.checkServerTrusted(chain, authType);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		if (this.chain != null) {
			this.chain.checkClientTrusted(chain, authType, socket);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		if (this.chain != null) {
			this.chain.checkClientTrusted(chain, authType, engine);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		if (this.chain != null) {
			this.chain.checkClientTrusted(chain, authType);
		}
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return (this.chain != null) ? this.chain.getAcceptedIssuers() : NO_ISSUERS;
	}

	// a name given for one connection beats the context's fixed name, which beats the peer host
	private String nameFor(Socket socket) {
		String expected = (socket != null) ? this.expectedNames.get(socket) : null;
		if (expected != null) {
			return expected;
		}
		if (this.fixedName != null) {
			return this.fixedName;
		}
		if (socket instanceof SSLSocket sslSocket) {
			return peerHost(sslSocket.getHandshakeSession());
		}
		return null;
	}

	private String nameFor(SSLEngine engine) {
		String expected = (engine != null) ? this.expectedNames.get(engine) : null;
		if (expected != null) {
			return expected;
		}
		if (this.fixedName != null) {
			return this.fixedName;
		}
		if (engine == null) {
			return null;
		}
		String host = engine.getPeerHost();
		return (host != null) ? host : peerHost(engine.getHandshakeSession());
	}

	private static String peerHost(SSLSession session) {
		return (session != null) ? session.getPeerHost() : null;
	}

	private void checkHost(X509Certificate[] chain, String name) throws CertificateException {
		if (this.scheme.checksNothing()) {
			return;
		}
		if (chain == null || chain.length == 0) {
			throw new CertificateException("The server sent no certificate to check host names against");
		}
		if (name == null || name.isEmpty()) {
			throw new CertificateException("No host name to verify the server certificate against (scheme "
					+ this.scheme.name() + "): connect by host name, register one with expectName, or set a fixed name");
		}
		HostnameMatch match;
		try {
			match = HostnameVerification.verify(name, chain[0], this.scheme);
		}
		catch (RuntimeException ex) {
			throw new CertificateException("Hostname scheme " + this.scheme.name() + " failed for '" + name + "'", ex);
		}
		if (!match.matched()) {
			throw new HostnameMismatchException(match);
		}
	}

}
