package io.github.sslstarter.core;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.conscrypt.Conscrypt;

/**
 * What a server context on Conscrypt (BoringSSL) needs that the JDK's provider does not. Only
 * called for contexts whose provider is Conscrypt ({@link TlsProviders#isConscrypt}), so the class
 * is loaded only when Conscrypt is on the classpath.
 * <ul>
 * <li>Conscrypt gives BoringSSL the server certificate once per connection, for the key types of
 * the enabled TLS 1.2 cipher suites ({@code NativeSsl.initialize}); TLS 1.3 suites name no key
 * type, so a TLS 1.3-only server would present no certificate and fail every handshake with
 * {@code NO_CERTIFICATE_SET}. {@link #keepCertificate} adds a TLS 1.2 suite of each identity's
 * key type to the server's suites when TLS 1.2 is not enabled: it is never negotiated
 * (Conscrypt issue google/conscrypt#1012, open).</li>
 * <li>After a handshake Conscrypt asks an accepted socket for its peer's host name, which on
 * Java 9+ it reads by reflection from {@code java.net.InetAddress} (and fails without
 * {@code --add-opens java.base/java.net=ALL-UNNAMED}) unless the socket was given a host name.
 * {@link #prepareAccepted} gives it the peer's address, so no {@code --add-opens} is needed.</li>
 * <li>Whether a server resumed a session: {@link #reused}.</li>
 * <li>Identities by host name (SNI): Conscrypt asks the key manager from BoringSSL's
 * certificate callback, once the client's name is known, so {@link IdentityChooser} chooses by
 * name as on the JDK. But it asks once per key type of the server's enabled TLS 1.2 suites and
 * BoringSSL keeps only the last certificate set, without knowing which key types the client
 * supports: {@link #requireOneKeyTypePerName} refuses a name with identities of two key types.
 * BoringSSL resumes a session made for one name under another (it treats SNI as a property of
 * the connection), and Conscrypt offers no per-connection session context to tell them apart:
 * a server with host names resumes no sessions ({@link #resumes}).</li>
 * </ul>
 */
final class ConscryptServers {

	private static final String TLS12 = "TLSv1.2";

	private static final System.Logger logger = System.getLogger(ConscryptServers.class.getName());

	// Conscrypt has no public "was this session resumed"; BoringSSL's SSL_session_reused, reached
	// through the socket's engine (Conscrypt is in the unnamed module: no --add-opens needed)
	private static final Field engineField;

	private static final Field sslField;

	private static final Field handleField;

	private static final Method sessionReused;

	static {
		Field engine = null;
		Field ssl = null;
		Field handle = null;
		Method reused = null;
		try {
			engine = Class.forName("org.conscrypt.ConscryptEngineSocket").getDeclaredField("engine");
			ssl = Class.forName("org.conscrypt.ConscryptEngine").getDeclaredField("ssl");
			Class<?> nativeSsl = Class.forName("org.conscrypt.NativeSsl");
			handle = nativeSsl.getDeclaredField("ssl");
			reused = Class.forName("org.conscrypt.NativeCrypto")
				.getDeclaredMethod("SSL_session_reused", long.class, nativeSsl);
			engine.setAccessible(true);
			ssl.setAccessible(true);
			handle.setAccessible(true);
			reused.setAccessible(true);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.log(System.Logger.Level.DEBUG, "Conscrypt's SSL_session_reused is not reachable: " + ex);
			engine = null;
		}
		engineField = engine;
		sslField = ssl;
		handleField = handle;
		sessionReused = reused;
	}

	private ConscryptServers() {
	}

	/**
	 * Adds, for a TLS 1.3-only server, a TLS 1.2 suite of each key type of its identities (the
	 * context's {@code identity} and {@code identities}): what makes Conscrypt present their
	 * certificates.
	 */
	static void keepCertificate(SSLParameters server, SslSettings settings, List<String> protocols) {
		if (protocols.contains(TLS12) || server.getCipherSuites() == null) {
			return;
		}
		// the key types of the identity and of every identity by host name
		Set<String> algorithms = new LinkedHashSet<>();
		if (settings.identity() != null) {
			algorithms.add(settings.identity().privateKey().getAlgorithm());
		}
		settings.identities().forEach((host) -> algorithms.add(host.identity().privateKey().getAlgorithm()));
		List<String> suites = new ArrayList<>(List.of(server.getCipherSuites()));
		boolean added = false;
		for (String algorithm : algorithms) {
			String suite = switch (algorithm) {
				case "EC" -> "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
				case "RSA" -> "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
				default -> null;
			};
			if (suite != null && !suites.contains(suite)) {
				suites.add(suite);
				added = true;
			}
		}
		if (added) {
			server.setCipherSuites(suites.toArray(new String[0]));
		}
	}

	/**
	 * Refuses, for a Conscrypt context, a host name (or, with host names, the defaults) that
	 * identities of two key types serve. Conscrypt's {@code NativeSsl.configureServerCertificate}
	 * calls {@code chooseServerAlias} once per key type of the enabled TLS 1.2 suites and hands
	 * each certificate to BoringSSL ({@code setLocalCertsAndPrivateKey}), which keeps one per
	 * connection: the last. Clients of the other key type would fail where the JDK serves them.
	 * @throws SslConfigurationException naming the second identity's property
	 */
	static void requireOneKeyTypePerName(SslSettings settings) {
		IdentityChooser.MixedKeyTypes mixed = IdentityChooser.mixedKeyTypes(settings);
		if (mixed == null) {
			return;
		}
		String what = (mixed.name() != null) ? "the host name '" + mixed.name() + "'"
				: "the defaults (identity and identities without host-names)";
		throw new SslConfigurationException(mixed.property(), what + ((mixed.name() != null) ? " has" : " have")
				+ " an " + mixed.firstKeyType() + " identity ("
				+ mixed.other() + ") and an " + mixed.secondKeyType() + " identity (" + mixed.property()
				+ "), but a Conscrypt (BoringSSL) server presents one certificate per connection whatever key types"
				+ " the client supports, so clients of one of the two key types would fail",
				"give " + what + " identities of one key type (ECDSA P-256 suits every current client), or use"
						+ " provider jdk, which chooses the certificate by the key types the client supports");
	}

	/**
	 * Whether a Conscrypt server of these settings resumes sessions: with the session cache on
	 * and no identity for host names. BoringSSL would resume a session made for one name under
	 * another, whose certificate the client never saw.
	 */
	static boolean resumes(SslSettings settings) {
		return settings.sessionCacheEnabled()
				&& settings.identities().stream().allMatch((host) -> host.hostNames().isEmpty());
	}

	/**
	 * Readies a socket accepted from a Conscrypt server socket for its handshake: the server
	 * parameters as a whole (Conscrypt's server sockets pass on to what they accept only
	 * protocols, suites and client authentication, not ALPN, cipher order or groups), the peer's
	 * address as its host name, and session tickets when the context resumes sessions
	 * ({@link #resumes}; Conscrypt turns them off, and TLS 1.3 resumes only with tickets).
	 */
	static void prepareAccepted(SSLSocket accepted, SslContextFactory factory) {
		if (!Conscrypt.isConscrypt(accepted)) {
			return;
		}
		factory.socketParameters().applyServer(accepted);
		InetAddress peer = accepted.getInetAddress();
		if (peer != null && Conscrypt.getHostname(accepted) == null) {
			Conscrypt.setHostname(accepted, peer.getHostAddress());
		}
		if (resumes(factory.settings())) {
			Conscrypt.setUseSessionTickets(accepted, true);
		}
	}

	/**
	 * Whether BoringSSL resumed the session of this handshaken socket, or {@code null} when that
	 * cannot be asked (another Conscrypt version, a socket not on an engine). On a server the
	 * session's creation time does not tell: BoringSSL's times are whole seconds, and a resumed
	 * TLS 1.3 session is a new one.
	 */
	static Boolean reused(SSLSocket socket) {
		if (engineField == null || !engineField.getDeclaringClass().isInstance(socket)) {
			return null;
		}
		try {
			Object ssl = sslField.get(engineField.get(socket));
			return (Boolean) sessionReused.invoke(null, handleField.getLong(ssl), ssl);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * A server TLS socket over a plain socket of which {@code consumed} was already read (the
	 * plain-text trap's first byte, a STARTTLS server's read-ahead): Conscrypt cannot be handed
	 * consumed bytes, so it reads them again from a {@link ReplayingSocket}.
	 */
	static SSLSocket layer(SSLSocketFactory sockets, Socket plain, InputStream consumed, boolean autoClose)
			throws IOException {
		SSLSocket layered = (SSLSocket) sockets.createSocket(new ReplayingSocket(plain, consumed),
				plain.getInetAddress().getHostAddress(), plain.getPort(), autoClose);
		layered.setUseClientMode(false);
		return layered;
	}

}
