package io.github.sslstarter.client.ldap;

import java.net.InetAddress;

import javax.net.ssl.SSLContext;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;

/**
 * UnboundID's in-memory LDAP server on the loopback address with two listeners: {@code ldaps}
 * (TLS from the first byte) and {@code ldap} (plain, with the StartTLS extended operation), both
 * with the given server context. Holds {@code dc=example,dc=org} with one person and a bind user
 * ({@link #BIND_DN} / {@link #BIND_PASSWORD}).
 */
final class InMemoryLdap implements AutoCloseable {

	static final String BASE = "dc=example,dc=org";

	static final String BIND_DN = "cn=reader,dc=example,dc=org";

	static final String BIND_PASSWORD = "reader-secret";

	private final InMemoryDirectoryServer server;

	private InMemoryLdap(InMemoryDirectoryServer server) {
		this.server = server;
	}

	/** A server that asks for no client certificate. */
	static InMemoryLdap start(SSLContext serverContext) throws Exception {
		return start(serverContext, false);
	}

	/** A server that requires a client certificate when {@code requireClientCertificate}. */
	static InMemoryLdap start(SSLContext serverContext, boolean requireClientCertificate) throws Exception {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
		config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
		config.setListenerConfigs(
				InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0,
						serverContext.getServerSocketFactory(), null, requireClientCertificate,
						requireClientCertificate),
				InMemoryListenerConfig.createLDAPConfig("ldap", loopback, 0, serverContext.getSocketFactory(),
						requireClientCertificate, requireClientCertificate));
		InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
		server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
		server.add("dn: cn=Ada Lovelace," + BASE, "objectClass: person", "cn: Ada Lovelace", "sn: Lovelace");
		server.startListening();
		return new InMemoryLdap(server);
	}

	/** {@code ldaps://localhost:<port>}. */
	String ldapsUrl() {
		return "ldaps://localhost:" + this.server.getListenPort("ldaps");
	}

	/** {@code ldap://localhost:<port>}, the listener that offers StartTLS. */
	String ldapUrl() {
		return "ldap://localhost:" + this.server.getListenPort("ldap");
	}

	@Override
	public void close() {
		this.server.shutDown(true);
	}

}
