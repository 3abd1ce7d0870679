package io.github.sslstarter.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.TestCertificate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Startup with {@code provider: conscrypt} and {@code ssl.identities}: a host name with an RSA and
 * an ECDSA identity, which a Conscrypt server cannot serve, fails with an analysis naming the
 * property and the fix; the same identities start on the JDK provider, and one key type per name
 * on Conscrypt.
 */
class ConscryptSniStartupTest {

	private static final TestCertificate ca = TestCertificate.authority("Conscrypt Startup CA");

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class));

	private String[] identities(String provider) {
		TestCertificate.PemFiles fallback = leaf(KeyType.EC_P256, "localhost").writeTo(this.dir, "default");
		TestCertificate.PemFiles rsa = leaf(KeyType.RSA_2048, "a.example.com").writeTo(this.dir, "a-rsa");
		TestCertificate.PemFiles ecdsa = leaf(KeyType.EC_P256, "a.example.com").writeTo(this.dir, "a-ecdsa");
		return new String[] { "ssl.provider=" + provider, "ssl.identity.certificate=" + fallback.chain(),
				"ssl.identity.private-key=" + fallback.privateKey(), "ssl.identities[0].host-names[0]=a.example.com",
				"ssl.identities[0].certificate=" + rsa.chain(), "ssl.identities[0].private-key=" + rsa.privateKey(),
				"ssl.identities[1].host-names[0]=a.example.com", "ssl.identities[1].certificate=" + ecdsa.chain(),
				"ssl.identities[1].private-key=" + ecdsa.privateKey() };
	}

	private static TestCertificate leaf(KeyType type, String name) {
		return TestCertificate.builder().commonName(name).dnsNames(name).keyType(type).signedBy(ca).build();
	}

	@Test
	void twoKeyTypesForOneNameFailOnConscryptNamingThePropertyAndTheFix() {
		this.runner.withPropertyValues(identities("conscrypt")).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = SslFailureAnalysisTest.analysis(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'ssl.identities[1].host-names[0]'")
				.contains("the host name 'a.example.com' has an RSA identity (ssl.identities[0].host-names[0]) and an"
						+ " EC identity (ssl.identities[1].host-names[0])")
				.contains("one certificate per connection");
			assertThat(analysis.getAction()).contains("identities of one key type").contains("use provider jdk");
		});
	}

	@Test
	void theSameIdentitiesStartOnTheJdkAndOneKeyTypePerNameOnConscrypt() {
		this.runner.withPropertyValues(identities("jdk")).run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues(identities("conscrypt"))
			.withPropertyValues("ssl.identities[1].host-names[0]=b.example.com")
			.run((context) -> assertThat(context).hasNotFailed());
	}

}
