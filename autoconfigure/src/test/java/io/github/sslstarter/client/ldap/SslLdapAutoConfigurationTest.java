package io.github.sslstarter.client.ldap;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ldap.autoconfigure.LdapAutoConfiguration;
import org.springframework.boot.ldap.autoconfigure.LdapProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.core.support.LdapContextSource;
import org.springframework.ldap.query.LdapQueryBuilder;

import io.github.sslstarter.autoconfigure.NoSuchSslContextException;
import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;
import io.github.sslstarter.core.SslConfigurationException;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Spring LDAP, through Spring Boot's {@code spring.ldap.*} with {@code ssl.ldap.context} and
 * through a context source of one's own with the one-liners of {@link LdapContextSources}.
 */
class SslLdapAutoConfigurationTest {

	private static final TestCertificate ca = TestCertificate.authority("Spring LDAP CA");

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

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SslContextsAutoConfiguration.class,
				SslLdapAutoConfiguration.class, LdapAutoConfiguration.class))
		.withBean("ldapCa", X509Certificate.class, ca::certificate)
		.withBean("ldapClient", X509Certificate.class, client::certificate)
		.withBean("ldapClientKey", PrivateKey.class, client::privateKey)
		.withBean(Handshakes.class)
		.withPropertyValues("ssl.contexts.directory.trust.ca-file=bean:ldapCa",
				"ssl.contexts.directory.trust.system-defaults=false", "ssl.contexts.directory.verify.scheme=ldap",
				"ssl.ldap.context=directory", "spring.ldap.base=" + InMemoryLdap.BASE,
				"spring.ldap.username=" + InMemoryLdap.BIND_DN, "spring.ldap.password=" + InMemoryLdap.BIND_PASSWORD);

	private static List<String> surnames(LdapTemplate template) {
		return template.search(LdapQueryBuilder.query().where("objectClass").is("person"),
				(AttributesMapper<String>) (attributes) -> attributes.get("sn").get().toString());
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
	void bootsLdapsConnectionGoesThroughTheContext() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(schemeOnly))) {
			this.runner.withPropertyValues("spring.ldap.urls=" + server.ldapsUrl()).run((context) -> {
				assertThat(context.getBean(LdapProperties.class).getBaseEnvironment().get(JndiLdap.SOCKET_FACTORY))
					.contains("directory");
				assertThat(surnames(context.getBean(LdapTemplate.class))).containsExactly("Lovelace");
			});
		}
	}

	@Test
	void bootsLdapsConnectionRefusesAWrongHostWithTheClassifiedMessage() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(wrongHost))) {
			this.runner.withPropertyValues("spring.ldap.urls=" + server.ldapsUrl())
				.run((context) -> assertThatException().isThrownBy(() -> surnames(context.getBean(LdapTemplate.class)))
					.satisfies((ex) -> {
						assertThat(classified(ex).failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
						assertThat(classified(ex).getMessage()).contains("www.example.org");
					}));
		}
	}

	@Test
	void bootsStartTlsConnectionGoesThroughTheContext() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(schemeOnly))) {
			this.runner.withPropertyValues("spring.ldap.urls=" + server.ldapUrl(), "ssl.ldap.start-tls=true")
				.run((context) -> {
					assertThat(context.getBean(LdapProperties.class).getBaseEnvironment())
						.doesNotContainKey(JndiLdap.SOCKET_FACTORY);
					assertThat(surnames(context.getBean(LdapTemplate.class))).containsExactly("Lovelace");
					// the ldap:// listener also answers in plaintext: the context's handshake shows StartTLS ran
					assertThat(context.getBean(Handshakes.class).succeeded).contains("directory");
				});
		}
	}

	@Test
	void bootsStartTlsConnectionRefusesAWrongHostWithTheClassifiedMessage() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(wrongHost))) {
			this.runner.withPropertyValues("spring.ldap.urls=" + server.ldapUrl(), "ssl.ldap.start-tls=true")
				.run((context) -> assertThatException().isThrownBy(() -> surnames(context.getBean(LdapTemplate.class)))
					.satisfies((ex) -> assertThat(classified(ex).failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH)));
		}
	}

	@Test
	void bootsConnectionsWithMutualTls() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.mutual(schemeOnly, ca.certificate()), true)) {
			ApplicationContextRunner mutual = this.runner.withPropertyValues(
					"ssl.contexts.directory.identity.certificate=bean:ldapClient",
					"ssl.contexts.directory.identity.private-key=bean:ldapClientKey");
			mutual.withPropertyValues("spring.ldap.urls=" + server.ldapsUrl())
				.run((context) -> assertThat(surnames(context.getBean(LdapTemplate.class))).containsExactly("Lovelace"));
			mutual.withPropertyValues("spring.ldap.urls=" + server.ldapUrl(), "ssl.ldap.start-tls=true")
				.run((context) -> assertThat(surnames(context.getBean(LdapTemplate.class))).containsExactly("Lovelace"));
		}
	}

	@Test
	void aPlainUrlWithoutStartTlsStopsTheApplication() {
		this.runner.withPropertyValues("spring.ldap.urls=ldap://localhost:389")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(SslConfigurationException.class)
				.hasMessageContaining("spring.ldap.urls")
				.hasMessageContaining("plaintext"));
	}

	@Test
	void startTlsWithAnonymousReadsStopsTheApplication() {
		this.runner.withPropertyValues("spring.ldap.urls=ldap://localhost:389", "ssl.ldap.start-tls=true",
				"spring.ldap.anonymous-read-only=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(SslConfigurationException.class)
				.hasMessageContaining("ssl.ldap.start-tls")
				.hasMessageContaining("anonymous"));
	}

	@Test
	void anUnknownContextStopsTheApplication() {
		this.runner.withPropertyValues("spring.ldap.urls=ldaps://localhost:636", "ssl.ldap.context=nosuch")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(NoSuchSslContextException.class)
				.hasMessageContaining("ssl.ldap.context"));
	}

	@Test
	void withoutTheContextPropertyBootsLdapIsUnchanged() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SslContextsAutoConfiguration.class,
					SslLdapAutoConfiguration.class, LdapAutoConfiguration.class))
			.withPropertyValues("spring.ldap.urls=ldap://localhost:389")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(LdapProperties.class)
				.satisfies((properties) -> assertThat(properties.getBaseEnvironment()).isEmpty()));
	}

	/** The contexts whose client handshakes succeeded. */
	static final class Handshakes implements io.github.sslstarter.core.HandshakeListener {

		final List<String> succeeded = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public void handshake(io.github.sslstarter.core.HandshakeEvent event) {
			if (event.succeeded()) {
				this.succeeded.add(event.context());
			}
		}

	}

	private static LdapContextSource source(String url) {
		LdapContextSource source = new LdapContextSource();
		source.setUrl(url);
		source.setBase(InMemoryLdap.BASE);
		source.setUserDn(InMemoryLdap.BIND_DN);
		source.setPassword(InMemoryLdap.BIND_PASSWORD);
		return source;
	}

	@Test
	void aContextSourceOfOnesOwnInOneLine() throws Exception {
		try (InMemoryLdap server = InMemoryLdap.start(TestSslContexts.server(schemeOnly))) {
			Handshakes handshakes = new Handshakes();
			io.github.sslstarter.core.SslSocketFactory sockets = directory(handshakes);
			LdapContextSource ldaps = source(server.ldapsUrl());
			ldaps.setBaseEnvironmentProperties(LdapContextSources.ldaps(sockets));
			ldaps.afterPropertiesSet();
			assertThat(surnames(new LdapTemplate(ldaps))).containsExactly("Lovelace");
			LdapContextSource startTls = source(server.ldapUrl());
			startTls.setAuthenticationStrategy(LdapContextSources.startTls(sockets));
			startTls.afterPropertiesSet();
			assertThat(surnames(new LdapTemplate(startTls))).containsExactly("Lovelace");
			// one handshake per context made: at least one for ldaps and one for StartTLS
			assertThat(handshakes.succeeded).hasSizeGreaterThanOrEqualTo(2);
		}
	}

	private static io.github.sslstarter.core.SslSocketFactory directory(Handshakes handshakes) {
		return new io.github.sslstarter.core.SslSocketFactory(new io.github.sslstarter.core.SslContextFactory(
				io.github.sslstarter.core.SslSettings.builder()
					.name("directory")
					.trustedCertificates(List.of(ca.certificate()))
					.trustSystemDefaults(false)
					.verifyScheme(io.github.sslstarter.verify.HostnameScheme.named("ldap"))
					.build()), handshakes);
	}

}
