package io.github.sslstarter.client.ldap;

import java.util.Hashtable;
import java.util.List;

import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.net.SocketFactory;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;
import io.github.sslstarter.verify.HostnameScheme;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * JNDI's own LDAP provider through a context, over {@code ldaps://} and StartTLS, against
 * UnboundID's in-memory server: the context's {@code ldap} scheme is the only check of the
 * server's name.
 */
class JndiLdapTest {

	private static final TestCertificate ca = TestCertificate.authority("LDAP CA");

	/** CN=localhost beside a subjectAltName for another host: the ldap scheme (CN always) accepts it, the JDK does not. */
	private static final TestCertificate schemeOnly = TestCertificate.builder()
		.commonName("localhost")
		.dnsNames("directory.example.org")
		.signedBy(ca)
		.build();

	private static final TestCertificate wrongHost = TestCertificate.builder()
		.commonName("www.example.org")
		.dnsNames("www.example.org")
		.signedBy(ca)
		.build();

	private static final TestCertificate client = TestCertificate.builder()
		.commonName("ldap-client")
		.signedBy(ca)
		.build();

	private static SslSocketFactory directory(boolean withIdentity) {
		SslSettings.Builder settings = SslSettings.builder()
			.name("directory")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.verifyScheme(HostnameScheme.named("ldap"));
		if (withIdentity) {
			settings.identity(identity(client));
		}
		return new SslSocketFactory(new SslContextFactory(settings.build()));
	}

	private static Hashtable<String, Object> environment(String url) {
		Hashtable<String, Object> env = new Hashtable<>();
		env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
		env.put(Context.PROVIDER_URL, url);
		env.put(Context.SECURITY_AUTHENTICATION, "simple");
		env.put(Context.SECURITY_PRINCIPAL, InMemoryLdap.BIND_DN);
		env.put(Context.SECURITY_CREDENTIALS, InMemoryLdap.BIND_PASSWORD);
		return env;
	}

	private static String findAda(DirContext context) throws NamingException {
		SearchControls controls = new SearchControls();
		controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
		NamingEnumeration<SearchResult> results = context.search(InMemoryLdap.BASE, "(sn=Lovelace)", controls);
		try {
			return results.next().getAttributes().get("cn").get().toString();
		}
		finally {
			results.close();
		}
	}

	private static String ldaps(InMemoryLdap server, SslSocketFactory sockets, String connectTimeout)
			throws NamingException {
		Hashtable<String, Object> env = environment(server.ldapsUrl());
		env.putAll(JndiLdap.environment(sockets));
		if (connectTimeout != null) {
			env.put("com.sun.jndi.ldap.connect.timeout", connectTimeout);
		}
		DirContext context = new InitialDirContext(env);
		try {
			return findAda(context);
		}
		finally {
			context.close();
		}
	}

	private static SslConnectionException classified(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof SslConnectionException classified) {
				return classified;
			}
		}
		throw new AssertionError("No SslConnectionException in the causes of " + failure, failure);
	}

	@Test
	void ldapsAcceptsACertificateOnlyTheLdapSchemeAccepts() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(schemeOnly))) {
			assertThat(ldaps(server, directory(false), null)).isEqualTo("Ada Lovelace");
		}
	}

	@Test
	void ldapsWithJndisConnectTimeoutStillLeavesTheNameToTheScheme() throws Exception {
		// with a connect timeout JNDI asks for an unconnected socket, sets its LDAPS rule and starts the handshake itself
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(schemeOnly))) {
			assertThat(ldaps(server, directory(false), "5000")).isEqualTo("Ada Lovelace");
		}
	}

	@Test
	void theJdksOwnLdapsCheckRefusesThatCertificate() throws Exception {
		// the control: a plain JSSE factory trusting the same CA, handed to JNDI by a user-written holder
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(schemeOnly))) {
			RawHolder.factory = TestSslContexts.client(ca.certificate()).getSocketFactory();
			Hashtable<String, Object> env = environment(server.ldapsUrl());
			env.put(JndiLdap.SOCKET_FACTORY, RawHolder.class.getName());
			// with a connect timeout JNDI runs the handshake itself, on this thread; without one the
			// first write and JNDI's reader thread race for it, and the write may only see "closed"
			env.put("com.sun.jndi.ldap.connect.timeout", "10000");
			assertThatExceptionOfType(CommunicationException.class).isThrownBy(() -> new InitialDirContext(env))
				.havingRootCause()
				.withMessageContaining("No subject alternative DNS name matching localhost");
		}
	}

	@Test
	void theContextsOwnSslContextLeavesTheNameToTheSchemeToo() throws Exception {
		// what a published bundle hands out: the context's SSLContext, whose trust manager ignores JNDI's LDAPS rule
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(schemeOnly))) {
			RawHolder.factory = directory(false).contextFactory().sslContext().getSocketFactory();
			Hashtable<String, Object> env = environment(server.ldapsUrl());
			env.put(JndiLdap.SOCKET_FACTORY, RawHolder.class.getName());
			DirContext context = new InitialDirContext(env);
			try {
				assertThat(findAda(context)).isEqualTo("Ada Lovelace");
			}
			finally {
				context.close();
			}
		}
	}

	@Test
	void ldapsRefusesAWrongHostWithTheClassifiedMessage() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(wrongHost))) {
			assertThatExceptionOfType(CommunicationException.class)
				.isThrownBy(() -> ldaps(server, directory(false), null))
				.satisfies((ex) -> {
					SslConnectionException failure = classified(ex);
					assertThat(failure.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
					assertThat(failure.getMessage()).contains("localhost").contains("www.example.org");
				});
		}
	}

	@Test
	void ldapsWithMutualTls() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.mutual(schemeOnly, ca.certificate()), true)) {
			assertThat(ldaps(server, directory(true), null)).isEqualTo("Ada Lovelace");
			// TLS 1.2, so that the server refuses inside the handshake: under TLS 1.3 it refuses on the first read,
			// which JNDI's reader thread may see first and report as a closed connection without the cause
			SslSocketFactory withoutIdentity = new SslSocketFactory(new SslContextFactory(
					directory(false).contextFactory().settings().toBuilder().protocols("TLSv1.2").build()));
			assertThatExceptionOfType(CommunicationException.class)
				.isThrownBy(() -> ldaps(server, withoutIdentity, null))
				.satisfies((ex) -> assertThat(classified(ex).failure()).isEqualTo(TlsFailure.CLIENT_CERTIFICATE_REQUIRED));
		}
	}

	private static String startTls(InMemoryLdap server, SslSocketFactory sockets) throws Exception {
		Hashtable<String, Object> env = environment(server.ldapUrl());
		env.remove(Context.SECURITY_AUTHENTICATION);
		env.remove(Context.SECURITY_PRINCIPAL);
		env.remove(Context.SECURITY_CREDENTIALS);
		LdapContext context = new InitialLdapContext(env, null);
		try {
			StartTlsResponse tls = (StartTlsResponse) context.extendedOperation(new StartTlsRequest());
			SSLSession session = JndiLdap.startTls(tls, sockets);
			assertThat(session.getProtocol()).startsWith("TLSv1.");
			context.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
			context.addToEnvironment(Context.SECURITY_PRINCIPAL, InMemoryLdap.BIND_DN);
			context.addToEnvironment(Context.SECURITY_CREDENTIALS, InMemoryLdap.BIND_PASSWORD);
			String found = findAda(context);
			tls.close();
			return found;
		}
		finally {
			context.close();
		}
	}

	@Test
	void startTlsAcceptsACertificateOnlyTheLdapSchemeAccepts() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(schemeOnly))) {
			assertThat(startTls(server, directory(false))).isEqualTo("Ada Lovelace");
		}
	}

	@Test
	void startTlsWithoutTheAdapterIsRefusedByJndisOwnCheck() throws Exception {
		// the control: the same context's SSLContext, no verifier: JNDI's LDAP rule after the handshake refuses
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(schemeOnly))) {
			Hashtable<String, Object> env = environment(server.ldapUrl());
			env.remove(Context.SECURITY_AUTHENTICATION);
			LdapContext context = new InitialLdapContext(env, null);
			try {
				StartTlsResponse tls = (StartTlsResponse) context.extendedOperation(new StartTlsRequest());
				assertThatExceptionOfType(SSLPeerUnverifiedException.class).isThrownBy(
						() -> tls.negotiate(directory(false).contextFactory().sslContext().getSocketFactory()));
			}
			finally {
				context.close();
			}
		}
	}

	@Test
	void startTlsRefusesAWrongHostWithTheClassifiedMessage() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(wrongHost))) {
			assertThatIOException().isThrownBy(() -> startTls(server, directory(false)))
				.isInstanceOf(SslConnectionException.class)
				.satisfies((ex) -> {
					assertThat(((SslConnectionException) ex).failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
					assertThat(ex.getMessage()).contains("www.example.org");
				});
		}
	}

	@Test
	void startTlsWithMutualTls() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.mutual(schemeOnly, ca.certificate()), true)) {
			assertThat(startTls(server, directory(true))).isEqualTo("Ada Lovelace");
		}
	}

	@Test
	void oneFactoryOneClassAndAReleasedClassSaysSo() throws Exception {
		SslSocketFactory sockets = directory(false);
		String name = JndiLdap.socketFactoryClass(sockets);
		assertThat(JndiLdap.socketFactoryClass(sockets)).isEqualTo(name);
		assertThat(JndiLdap.socketFactoryClass(directory(false))).isNotEqualTo(name);
		assertThat(name).contains("directory");
		Class<?> holder = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
		Object factory = holder.getMethod("getDefault").invoke(null);
		assertThat(factory).isInstanceOf(LdapSocketFactory.class);
		assertThat(((LdapSocketFactory) factory).sockets()).isSameAs(sockets);
		JndiLdap.release(name);
		assertThat(JndiLdap.socketFactoryClass(sockets)).isNotEqualTo(name);
		assertThatExceptionOfType(java.lang.reflect.InvocationTargetException.class)
			.isThrownBy(() -> holder.getMethod("getDefault").invoke(null))
			.havingCause()
			.withMessageContaining("'directory' was released");
	}

	/** What a user had to write before: a class with a static getDefault(). */
	public static final class RawHolder {

		static volatile SocketFactory factory;

		public static SocketFactory getDefault() {
			return factory;
		}

	}

}
