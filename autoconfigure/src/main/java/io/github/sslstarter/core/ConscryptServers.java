package io.github.sslstarter.core;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

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
 * {@code NO_CERTIFICATE_SET}. {@link #keepCertificate} adds one TLS 1.2 suite of the identity's
 * key type to the server's suites when TLS 1.2 is not enabled: it is never negotiated
 * (Conscrypt issue google/conscrypt#1012, open).</li>
 * <li>After a handshake Conscrypt asks an accepted socket for its peer's host name, which on
 * Java 9+ it reads by reflection from {@code java.net.InetAddress} (and fails without
 * {@code --add-opens java.base/java.net=ALL-UNNAMED}) unless the socket was given a host name.
 * {@link #prepareAccepted} gives it the peer's address, so no {@code --add-opens} is needed.</li>
 * <li>Whether a server resumed a session: {@link #reused}.</li>
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
	 * Adds, for a TLS 1.3-only server with an identity, the one TLS 1.2 suite that makes
	 * Conscrypt present that identity's certificate.
	 */
	static void keepCertificate(SSLParameters server, SslSettings settings, List<String> protocols) {
		if (settings.identity() == null || protocols.contains(TLS12) || server.getCipherSuites() == null) {
			return;
		}
		String suite = switch (settings.identity().privateKey().getAlgorithm()) {
			case "EC" -> "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
			case "RSA" -> "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
			default -> null;
		};
		List<String> suites = new ArrayList<>(List.of(server.getCipherSuites()));
		if (suite != null && !suites.contains(suite)) {
			suites.add(suite);
			server.setCipherSuites(suites.toArray(new String[0]));
		}
	}

	/**
	 * Readies a socket accepted from a Conscrypt server socket for its handshake: the server
	 * parameters as a whole (Conscrypt's server sockets pass on to what they accept only
	 * protocols, suites and client authentication, not ALPN, cipher order or groups), the peer's
	 * address as its host name, and session tickets when the context caches sessions (Conscrypt
	 * turns them off, and TLS 1.3 resumes only with tickets).
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
		if (factory.settings().sessionCacheEnabled()) {
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
