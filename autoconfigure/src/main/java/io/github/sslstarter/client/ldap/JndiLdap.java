package io.github.sslstarter.client.ldap;

import java.io.IOException;
import java.util.Map;

import javax.naming.ldap.StartTlsResponse;
import javax.net.ssl.SSLSession;

import io.github.sslstarter.core.SslSocketFactory;

/**
 * JNDI's LDAP provider ({@code com.sun.jndi.ldap}) through a context, without a class of your own:
 * <pre>{@code
 * // ldaps://
 * Hashtable<String, Object> env = new Hashtable<>();
 * env.put(Context.PROVIDER_URL, "ldaps://ldap.example.org:636");
 * env.putAll(JndiLdap.environment(contexts.socketFactory("directory")));
 * DirContext ctx = new InitialDirContext(env);
 *
 * // ldap:// and StartTLS
 * StartTlsResponse tls = (StartTlsResponse) ldapContext.extendedOperation(new StartTlsRequest());
 * JndiLdap.startTls(tls, contexts.socketFactory("directory"));
 * }</pre>
 * Either way the context's scheme is the only check of the server's name, inside the handshake,
 * and a refused server is an {@code SslConnectionException} with the context's classified
 * message (JNDI wraps it in a {@code CommunicationException} for {@code ldaps://}).
 * <p>
 * Limits: JNDI finds the socket factory by class name through the connecting thread's context
 * class loader, which must see this library (it does in any Spring Boot application). Without
 * {@code com.sun.jndi.ldap.connect.timeout} the context's {@code timeouts.connect} bounds the
 * connection; the handshake is always under the context's {@code timeouts.handshake}. Leave the
 * context's {@code timeouts.read} unset and use JNDI's {@code com.sun.jndi.ldap.read.timeout}
 * (JNDI's reader thread waits on the socket for as long as the connection is open). The global
 * system property {@code com.sun.jndi.ldap.object.disableEndpointIdentification} is not needed
 * and should not be set: it turns the JDK's check off for every LDAP connection of the JVM,
 * including those that do not go through a context.
 */
public final class JndiLdap {

	/** JNDI's environment property naming the socket factory class. */
	public static final String SOCKET_FACTORY = "java.naming.ldap.factory.socket";

	private JndiLdap() {
	}

	/**
	 * The name of a class whose static {@code getDefault()} returns an {@link LdapSocketFactory}
	 * over {@code sockets}, for {@value #SOCKET_FACTORY}. The same factory always gets the same
	 * class; each factory's class is defined once and kept (see {@link #release(String)}).
	 */
	public static String socketFactoryClass(SslSocketFactory sockets) {
		return SocketFactoryHolders.register(sockets);
	}

	/** The JNDI environment entry that makes {@code ldaps://} connections go through {@code sockets}. */
	public static Map<String, Object> environment(SslSocketFactory sockets) {
		return Map.of(SOCKET_FACTORY, socketFactoryClass(sockets));
	}

	/**
	 * Forgets the factory behind a class from {@link #socketFactoryClass}: connections opened
	 * through that class afterwards fail with a message that says so. For an application
	 * context that closes.
	 */
	public static void release(String socketFactoryClass) {
		SocketFactoryHolders.release(socketFactoryClass);
	}

	/**
	 * Negotiates StartTLS on {@code tls} through {@code sockets}: the handshake verifies the
	 * server by the context, and JNDI's own host name check after it defers to that verdict.
	 * @return the TLS session
	 * @throws IOException the classified {@code SslConnectionException} when the server is refused
	 */
	public static SSLSession startTls(StartTlsResponse tls, SslSocketFactory sockets) throws IOException {
		LdapSocketFactory factory = new LdapSocketFactory(sockets);
		tls.setHostnameVerifier(factory.hostnameVerifier());
		return tls.negotiate(factory);
	}

}
