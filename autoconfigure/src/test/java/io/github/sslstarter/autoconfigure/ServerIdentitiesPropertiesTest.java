package io.github.sslstarter.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.info.SslInfo;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.actuate.TlsEndpoint;
import io.github.sslstarter.actuate.TlsEndpointAutoConfiguration;
import io.github.sslstarter.actuate.TlsSecretsSanitizingFunction;
import io.github.sslstarter.core.HostIdentity;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ssl.identities} from {@code application.yml}: every material form of
 * {@code ssl.identity}, host names, inheritance, the startup checks with their failure analysis,
 * the {@code tls} endpoint and the published bundle.
 */
class ServerIdentitiesPropertiesTest {

	private static final String SECRET = "k3ystore-Secr3t";

	private static final TestCertificate ca = TestCertificate.authority("Properties Identities CA");

	private static final TestCertificate fallback = leaf(KeyType.EC_P256, "localhost");

	private static final TestCertificate a = leaf(KeyType.EC_P256, "a.test");

	private static final TestCertificate wildcard = leaf(KeyType.EC_P256, "*.w.test");

	private static final TestCertificate b = leaf(KeyType.EC_P256, "b.test");

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
				org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class,
				TlsEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=tls");

	private static TestCertificate leaf(KeyType type, String name) {
		return TestCertificate.builder().commonName(name).dnsNames(name).keyType(type).signedBy(ca).build();
	}

	private String[] identities() throws Exception {
		TestCertificate.PemFiles defaults = fallback.writeTo(this.dir, "default");
		TestCertificate.PemFiles pem = a.writeTo(this.dir, "a");
		TestCertificate.PemFiles bundled = b.writeTo(this.dir, "b");
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("wild", wildcard.privateKey(), SECRET.toCharArray(),
				wildcard.chain().toArray(new X509Certificate[0]));
		Path keystore = this.dir.resolve("wild.p12");
		try (var out = Files.newOutputStream(keystore)) {
			store.store(out, SECRET.toCharArray());
		}
		return new String[] { "ssl.identity.certificate=" + defaults.chain(),
				"ssl.identity.private-key=" + defaults.privateKey(), "ssl.identities[0].host-names[0]=a.test",
				"ssl.identities[0].certificate=" + pem.chain(), "ssl.identities[0].private-key=" + pem.privateKey(),
				"ssl.identities[1].host-names[0]=*.w.test", "ssl.identities[1].keystore.location=" + keystore,
				"ssl.identities[1].keystore.password=" + SECRET, "ssl.identities[2].host-names=b.test,www.b.test",
				"ssl.identities[2].bundle=b", "spring.ssl.bundle.pem.b.keystore.certificate=" + bundled.chain(),
				"spring.ssl.bundle.pem.b.keystore.private-key=" + bundled.privateKey() };
	}

	private static X509Certificate served(SslContextFactory server, String sni, String verifyName) throws Exception {
		SslSocketFactory client = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("client")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.build()));
		try (TestTlsServer tls = TestTlsServer.start(server);
				SSLSocket socket = client.connect("127.0.0.1", tls.port(), sni, verifyName)) {
			return (X509Certificate) socket.getSession().getPeerCertificates()[0];
		}
	}

	@Test
	void servesIdentitiesOfEveryMaterialForm() throws Exception {
		this.runner.withPropertyValues(identities()).run((context) -> {
			assertThat(context).hasNotFailed();
			SslContextFactory primary = context.getBean(SslContexts.class).primary();
			assertThat(primary.settings().identities()).extracting(HostIdentity::source)
				.containsExactly("ssl.identities[0]", "ssl.identities[1]", "ssl.identities[2]");
			assertThat(served(primary, "a.test", "a.test")).isEqualTo(a.certificate());
			assertThat(served(primary, "x.w.test", "x.w.test")).isEqualTo(wildcard.certificate());
			assertThat(served(primary, "www.b.test", "b.test")).isEqualTo(b.certificate());
			assertThat(served(primary, "", "localhost")).isEqualTo(fallback.certificate());
		});
	}

	@Test
	void aNamedContextInheritsIdentityAndIdentitiesTogether() throws Exception {
		TestCertificate.PemFiles own = leaf(KeyType.EC_P256, "own.test").writeTo(this.dir, "own");
		this.runner.withPropertyValues(identities())
			.withPropertyValues("ssl.contexts.mail.verify.scheme=smtp",
					"ssl.contexts.own.identity.certificate=" + own.chain(),
					"ssl.contexts.own.identity.private-key=" + own.privateKey())
			.run((context) -> {
				SslContexts contexts = context.getBean(SslContexts.class);
				assertThat(contexts.contextFactory("mail").settings().identities()).extracting(HostIdentity::source)
					.containsExactly("ssl.identities[0]", "ssl.identities[1]", "ssl.identities[2]");
				assertThat(contexts.contextFactory("own").settings().identities()).isEmpty();
			});
	}

	@Test
	void twoIdentitiesForOneNameAndKeyTypeFailWithAnAnalysisNamingBoth() throws Exception {
		TestCertificate.PemFiles other = leaf(KeyType.EC_P384, "a.test").writeTo(this.dir, "other");
		this.runner.withPropertyValues(identities())
			.withPropertyValues("ssl.identities[3].host-names[0]=b.test", "ssl.identities[3].host-names[1]=A.TEST",
					"ssl.identities[3].certificate=" + other.chain(),
					"ssl.identities[3].private-key=" + other.privateKey())
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = SslFailureAnalysisTest.analysis(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("ssl.identities[3].host-names[0]")
					.contains("'b.test' is claimed by ssl.identities[2].host-names[0] and ssl.identities[3]"
							+ ".host-names[0], both with an EC key");
				assertThat(analysis.getAction()).contains("one identity per key type");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(SECRET);
			});
	}

	@Test
	void anIdentityWithHostNamesButNoMaterialFails() throws Exception {
		this.runner.withPropertyValues(identities())
			.withPropertyValues("ssl.contexts.mail.identities[0].host-names[0]=mail.test")
			.run((context) -> {
				FailureAnalysis analysis = SslFailureAnalysisTest.analysis(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("ssl.contexts.mail.identities[0].certificate")
					.contains("no certificate, keystore or bundle");
			});
	}

	@Test
	void anExpiredIdentityFailsStartupNamingIt() throws Exception {
		TestCertificate.PemFiles expired = TestCertificate.builder()
			.commonName("old.test")
			.dnsNames("old.test")
			.expired()
			.signedBy(ca)
			.build()
			.writeTo(this.dir, "expired");
		this.runner.withPropertyValues(identities())
			.withPropertyValues("ssl.identities[3].host-names[0]=old.test",
					"ssl.identities[3].certificate=" + expired.chain(),
					"ssl.identities[3].private-key=" + expired.privateKey())
			.run((context) -> {
				FailureAnalysis analysis = SslFailureAnalysisTest.analysis(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("ssl.identities[3]").contains("expired");
			});
	}

	@Test
	void aWrongKeystorePasswordNamesTheIdentitysProperty() throws Exception {
		this.runner.withPropertyValues(identities())
			.withPropertyValues("ssl.identities[1].keystore.password=wrong")
			.run((context) -> {
				FailureAnalysis analysis = SslFailureAnalysisTest.analysis(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("ssl.identities[1].keystore");
			});
	}

	@Test
	void theEndpointListsEveryIdentityWithItsNamesAndExpiry() throws Exception {
		this.runner.withPropertyValues(identities()).withPropertyValues("ssl.sni-required=true").run((context) -> {
			Map<String, Object> primary = context.getBean(TlsEndpoint.class).context("primary");
			assertThat(primary).containsEntry("sniRequired", true);
			List<Map<String, Object>> identities = (List<Map<String, Object>>) primary.get("identities");
			assertThat(identities).hasSize(3);
			assertThat(identities.get(1)).containsEntry("property", "ssl.identities[1]")
				.containsEntry("hostNames", List.of("*.w.test"))
				.containsEntry("keyType", "EC");
			List<Map<String, Object>> chain = (List<Map<String, Object>>) identities.get(1).get("chain");
			assertThat(chain.get(0)).containsEntry("subject", "CN=*.w.test").containsKeys("notAfter", "daysLeft");
			assertThat(String.valueOf(primary)).doesNotContain(SECRET).doesNotContainIgnoringCase("private");
		});
	}

	@Test
	void publishesTheDefaultIdentityAsTheContextsBundleAndEachFurtherOneAsABundleOfItsOwn() throws Exception {
		this.runner.withPropertyValues(identities()).run((context) -> {
			SslBundles bundles = context.getBean(SslBundles.class);
			KeyStore primary = bundles.getBundle("primary").getStores().getKeyStore();
			// Boot's key managers choose among every entry as clients: the context's bundle holds one
			assertThat(Collections.list(primary.aliases())).containsExactly("identity");
			assertThat(primary.getCertificate("identity")).isEqualTo(fallback.certificate());
			assertThat(bundles.getBundle("primary.identities[1]").getStores().getKeyStore().getCertificate("identity"))
				.isEqualTo(wildcard.certificate());
			// what Boot's ssl health indicator and ssl.chain.expiry metric read
			SslInfo info = new SslInfo(bundles);
			assertThat(info.getBundles()).extracting(SslInfo.BundleInfo::getName)
				.contains("primary", "primary.identities[0]", "primary.identities[1]", "primary.identities[2]");
			SslInfo.CertificateInfo wild = info.getBundle("primary.identities[1]")
				.getCertificateChains()
				.get(0)
				.getCertificates()
				.get(0);
			assertThat(wild.getSubject()).isEqualTo("CN=*.w.test");
			assertThat(wild.getValidityEnds()).isEqualTo(wildcard.certificate().getNotAfter().toInstant());
			// a server built from the context's bundle chooses by SNI as the context does
			try (io.github.sslstarter.test.TlsServer server = io.github.sslstarter.test.TlsServer.builder()
				.sslContext(bundles.getBundle("primary").createSslContext())
				.start()) {
				SslSocketFactory client = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
					.name("client")
					.trustedCertificates(List.of(ca.certificate()))
					.trustSystemDefaults(false)
					.build()));
				try (SSLSocket socket = client.connect("127.0.0.1", server.port(), "a.test", "a.test")) {
					assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(a.certificate());
				}
			}
		});
	}

	@Test
	void masksThePasswordsAndKeysOfEveryIdentity() {
		TlsSecretsSanitizingFunction function = new TlsSecretsSanitizingFunction();
		for (String key : new String[] { "ssl.identities[0].private-key-password", "ssl.identities[2].keystore.password",
				"ssl.contexts.mail.identities[1].privateKeyPassword" }) {
			assertThat(function.apply(new SanitizableData(null, key, SECRET)).getValue()).as(key).isNotEqualTo(SECRET);
		}
		assertThat(function.apply(new SanitizableData(null, "ssl.identities[0].private-key", a.privateKeyPem()))
			.getValue()).isNotEqualTo(a.privateKeyPem());
		assertThat(function.apply(new SanitizableData(null, "ssl.identities[0].host-names[0]", "a.test")).getValue())
			.isEqualTo("a.test");
	}

}
