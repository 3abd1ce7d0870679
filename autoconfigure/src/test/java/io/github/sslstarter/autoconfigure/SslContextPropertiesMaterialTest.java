package io.github.sslstarter.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;
import io.github.sslstarter.verify.HostnameCallback;
import io.github.sslstarter.verify.HostnameScheme;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key and trust material, schemes and groups configured through {@code ssl.*} properties, and
 * used for real connections.
 */
class SslContextPropertiesMaterialTest {

	private static final TestCertificate ca = TestCertificate.authority("Properties CA");

	private static final Identity localhost = identity(TestCertificate.builder().localhost().signedBy(ca).build());

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class));

	@Test
	void pemIdentityAndCaFileFromFilesConnectWithMutualTls() throws Exception {
		TestCertificate.PemFiles client = TestCertificate.builder().commonName("client").signedBy(ca).build()
			.writeTo(this.dir, "client");
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		SslContextFactory server = new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(localhost)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.clientAuth(io.github.sslstarter.core.ClientAuth.NEED)
			.build());
		try (TestTlsServer tls = TestTlsServer.start(server)) {
			this.runner
				.withPropertyValues("ssl.identity.certificate=" + client.chain(),
						"ssl.identity.private-key=file:" + client.privateKey(),
						"ssl.trust.ca-file=" + caFile, "ssl.trust.system-defaults=false")
				.run((context) -> {
					SslContexts contexts = context.getBean(SslContexts.class);
					assertThat(contexts.primary().settings().identity().certificate().getSubjectX500Principal().getName())
						.isEqualTo("CN=client");
					contexts.socketFactory("primary").connect("localhost", tls.port()).close();
				});
		}
	}

	@Test
	void propertiesNeverShowAnInlinePrivateKey() {
		String key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
		SslContextProperties.Identity identity = new SslContextProperties.Identity("cert.pem", key, "secret-password", null, null,
				null);
		assertThat(identity.toString()).doesNotContain("MIIEvQ").doesNotContain("secret-password")
			.contains("inline PEM (3 lines)");
	}

	@Test
	void inlinePemTrust() throws Exception {
		String pem = Files.readString(
				ca.writeCertificate(this.dir.resolve("ca.pem")));
		this.runner.withPropertyValues("ssl.trust.ca-file=" + pem, "ssl.trust.system-defaults=false")
			.run((context) -> assertThat(context.getBean(SslContextFactory.class).trustAnchorCount()).isEqualTo(1));
	}

	@Test
	void keystoreIdentityWithAliasAndPasswordProvider() throws Exception {
		TestCertificate identity = TestCertificate.builder().localhost().signedBy(ca).build();
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		TestCertificate other = TestCertificate.builder().commonName("other").signedBy(ca).build();
		store.setKeyEntry("other", KeyType.EC_P256.generate().getPrivate(), "pw".toCharArray(),
				new X509Certificate[] { other.certificate() });
		store.setKeyEntry("server", identity.privateKey(), "pw".toCharArray(),
				identity.chain().toArray(new X509Certificate[0]));
		Path path = this.dir.resolve("server.p12");
		try (var out = Files.newOutputStream(path)) {
			store.store(out, "pw".toCharArray());
		}
		this.runner
			.withBean(SslPasswordProvider.class,
					() -> (context, location) -> location.endsWith("server.p12") ? "pw".toCharArray() : null)
			.withPropertyValues("ssl.contexts.web.identity.keystore.location=" + path,
					"ssl.contexts.web.identity.alias=server")
			.run((context) -> assertThat(context.getBean(SslContexts.class)
				.contextFactory("web")
				.settings()
				.identity()
				.certificate()).isEqualTo(identity.certificate()));
	}

	@Test
	void caDirectoryWithHashedNames() throws Exception {
		ExternalTool.openssl().require();
		Path certs = Files.createDirectories(this.dir.resolve("certs"));
		ca.writeCertificate(certs.resolve("test-ca.pem"));
		ExternalTool.openssl().in(this.dir).timeout(Duration.ofSeconds(20)).run("rehash", certs.toString());
		try (TestTlsServer tls = TestTlsServer.start(new SslContextFactory(
				SslSettings.builder().name("server").identity(localhost).build()))) {
			this.runner.withPropertyValues("ssl.trust.ca-path=" + certs, "ssl.trust.system-defaults=false")
				.run((context) -> {
					assertThat(context.getBean(SslContextFactory.class).trustAnchorCount()).isEqualTo(1);
					context.getBean(SslContexts.class).socketFactory("primary").connect("localhost", tls.port())
						.close();
				});
		}
	}

	@Test
	void schemesByNameCustomAndCallback() {
		HostnameCallback acceptAll = (host, commonName, subjectAltNames) -> true;
		this.runner.withBean("acceptLocalhost", HostnameCallback.class, () -> acceptAll)
			.withPropertyValues("ssl.contexts.dir.verify.scheme=LDAP", "ssl.contexts.odd.verify.scheme=custom",
					"ssl.contexts.odd.verify.custom.common-name=when-only",
					"ssl.contexts.odd.verify.custom.san-wildcards=anywhere", "ssl.contexts.cb.verify.hostname-callback=acceptLocalhost")
			.run((context) -> {
				SslContexts contexts = context.getBean(SslContexts.class);
				assertThat(contexts.contextFactory("dir").settings().verifyScheme().commonName())
					.isEqualTo(HostnameScheme.CommonName.ALWAYS);
				assertThat(contexts.contextFactory("dir").settings().verifyScheme().sanWildcards())
					.isEqualTo(HostnameScheme.Wildcards.FULL_LABEL);
				HostnameScheme odd = contexts.contextFactory("odd").settings().verifyScheme();
				assertThat(odd.commonName()).isEqualTo(HostnameScheme.CommonName.WHEN_ONLY);
				assertThat(odd.sanWildcards()).isEqualTo(HostnameScheme.Wildcards.ANYWHERE);
				assertThat(odd.cnWildcards()).isEqualTo(HostnameScheme.Wildcards.NONE);
				assertThat(contexts.contextFactory("cb").settings().verifyScheme().callback()).isSameAs(acceptAll);
				assertThat(contexts.primary().settings().verifyScheme()).isEqualTo(HostnameScheme.STRICT);
			});
	}

	@Test
	void dhFileOfAnRfc7919GroupBecomesANamedGroup() throws Exception {
		ExternalTool.openssl().require();
		ExternalTool.openssl().in(this.dir).timeout(Duration.ofSeconds(30)).run("genpkey", "-genparam", "-algorithm",
				"DH", "-pkeyopt", "group:ffdhe3072", "-out", "dh.pem");
		this.runner
			.withPropertyValues("ssl.named-groups=x25519,prime256v1", "ssl.dh-file=" + this.dir.resolve("dh.pem"))
			.run((context) -> assertThat(context.getBean(SslContextFactory.class).namedGroups())
				.containsExactly("x25519", "secp256r1", "ffdhe3072"));
	}

	@Test
	void aNamedContextsSchemeReplacesTheInheritedCustomRulesAndCallback() {
		this.runner.withBean("anyHost", HostnameCallback.class, () -> (host, commonName, subjectAltNames) -> true)
			.withPropertyValues("ssl.verify.scheme=custom", "ssl.verify.custom.common-name=never",
					"ssl.contexts.mail.verify.scheme=smtp", "ssl.contexts.cb.verify.hostname-callback=anyHost",
					"ssl.contexts.plain.verify.name=x.example")
			.run((context) -> {
				SslContexts contexts = context.getBean(SslContexts.class);
				assertThat(contexts.contextFactory("mail").settings().verifyScheme().name()).isEqualTo("smtp");
				assertThat(contexts.contextFactory("cb").settings().verifyScheme().callback()).isNotNull();
				// a context that sets none of the three inherits them all
				assertThat(contexts.contextFactory("plain").settings().verifyScheme().commonName())
					.isEqualTo(HostnameScheme.CommonName.NEVER);
			});
	}

	@Test
	void aNamedContextsTrustReplacesTheInheritedTrust() throws Exception {
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		Path other = TestCertificate.builder().subject("CN=Other CA, O=ssl-spring-boot-starter tests")
			.certificateAuthority(0).build().writeCertificate(this.dir.resolve("other.pem"));
		this.runner
			.withPropertyValues("ssl.trust.ca-file=" + caFile, "ssl.trust.system-defaults=false",
					"ssl.contexts.partner.trust.ca-file=" + other, "ssl.contexts.partner.trust.system-defaults=false",
					"ssl.contexts.inherits.timeouts.read=5s")
			.run((context) -> {
				SslContexts contexts = context.getBean(SslContexts.class);
				assertThat(contexts.contextFactory("partner").settings().trustedCertificates())
					.extracting((c) -> c.getSubjectX500Principal().getName())
					.containsExactly("CN=Other CA,O=ssl-spring-boot-starter tests");
				assertThat(contexts.contextFactory("inherits").settings().trustedCertificates())
					.containsExactly(ca.certificate());
			});
	}

	@Test
	void timeoutsAndFlagsAreInheritedAndOverridden() {
		this.runner
			.withPropertyValues("ssl.timeouts.connect=3s", "ssl.timeouts.handshake=4s", "ssl.tcp-no-delay=false",
					"ssl.contexts.fast.timeouts.handshake=1s", "ssl.sni=front.example",
					"ssl.contexts.fast.alpn=h2,http/1.1", "ssl.contexts.fast.client-auth=want")
			.run((context) -> {
				SslSettings fast = context.getBean(SslContexts.class).contextFactory("fast").settings();
				assertThat(fast.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(fast.handshakeTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(fast.tcpNoDelay()).isFalse();
				assertThat(fast.sni()).isEqualTo("front.example");
				assertThat(fast.alpn()).containsExactly("h2", "http/1.1");
				assertThat(fast.clientAuth()).isEqualTo(io.github.sslstarter.core.ClientAuth.WANT);
			});
	}

}
