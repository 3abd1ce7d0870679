package io.github.sslstarter.autoconfigure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;


import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.core.SslContextFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ssl.security-level} at startup: our own weak certificate stops the application with a
 * failure analysis naming the property and the level, unless the level allows it; the level is
 * inherited like every setting; and the cipher string's {@code @SECLEVEL=n}, the same setting, wins
 * or loses by the rule of the nearer one.
 */
class SecurityLevelStartupTest {

	private static final TestCertificate ca = TestCertificate.authority("Security Level CA");

	@TempDir
	static Path dir;

	private static String rsa1024;

	private static String sha1;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
				org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class));

	@BeforeAll
	static void identities() throws Exception {
		rsa1024 = identity("rsa1024", 1024, "SHA256withECDSA");
		sha1 = identity("sha1", 2048, "SHA1withECDSA");
	}

	/** Writes a leaf with an RSA key of {@code bits}, signed by the CA with {@code algorithm}. */
	private static String identity(String name, int bits, String algorithm) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(bits);
		TestCertificate.builder()
			.commonName(name + ".localhost")
			.keyPair(generator.generateKeyPair())
			.signatureAlgorithm(algorithm)
			.signedBy(ca)
			.build()
			.writeTo(dir, name);
		return name;
	}

	private static String[] identity(String prefix, String name) {
		return new String[] { prefix + "identity.certificate=" + dir.resolve(name + ".pem"),
				prefix + "identity.private-key=" + dir.resolve(name + "-key.pem") };
	}

	private static String[] with(String[] first, String... more) {
		String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
		System.arraycopy(more, 0, all, first.length, more.length);
		return all;
	}

	private FailureAnalysis analysis(String... properties) {
		FailureAnalysis[] result = new FailureAnalysis[1];
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			result[0] = SslFailureAnalysisTest.analysis(context.getStartupFailure());
		});
		assertThat(result[0]).as("a failure analysis").isNotNull();
		System.out.println("ANALYSIS " + String.join(" ", properties) + "\n  " + result[0].getDescription() + "\n  "
				+ result[0].getAction());
		return result[0];
	}

	private int level(String bean, String... properties) {
		int[] level = new int[1];
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasNotFailed();
			level[0] = context.getBean(bean, SslContextFactory.class).settings().securityLevel();
		});
		return level[0];
	}

	@Test
	void ourWeakKeyStopsStartupWithAnAnalysisNamingThePropertyAndTheLevel() {
		FailureAnalysis analysis = analysis(identity("ssl.", rsa1024));
		assertThat(analysis.getDescription()).contains("'ssl.identity'")
			.contains("'CN=rsa1024.localhost' (depth 0) has an RSA key of 1024 bits")
			.contains("below security level 2 (112 bits)");
		assertThat(analysis.getAction()).contains("Fix 'ssl.identity'").contains("lower security-level to 1");
	}

	@Test
	void aNamedContextsWeakSignatureIsNamedWithItsPrefix() {
		FailureAnalysis analysis = analysis(identity("ssl.contexts.partner.", sha1));
		assertThat(analysis.getDescription()).contains("'ssl.contexts.partner.identity'")
			.contains("'CN=sha1.localhost' (depth 0) has the signature algorithm SHA1withECDSA")
			.contains("security level 2");
		assertThat(analysis.getAction()).contains("lower security-level to 0");
	}

	@Test
	void startsWhenTheLevelAllowsOurCertificate() {
		assertThat(level("sslContextFactory", with(identity("ssl.", rsa1024), "ssl.security-level=1"))).isEqualTo(1);
		assertThat(level("legacySslContextFactory",
				with(identity("ssl.contexts.legacy.", sha1), "ssl.contexts.legacy.security-level=0"))).isZero();
		assertThat(analysis(with(identity("ssl.", sha1), "ssl.security-level=1")).getDescription())
			.contains("below security level 1 (80 bits)");
	}

	@Test
	void aNamedContextInheritsTheLevelAndMayOverrideIt() {
		String[] properties = { "ssl.security-level=3", "ssl.contexts.mail.protocols=TLSv1.3",
				"ssl.contexts.legacy.security-level=1" };
		assertThat(level("sslContextFactory", properties)).isEqualTo(3);
		assertThat(level("mailSslContextFactory", properties)).isEqualTo(3);
		assertThat(level("legacySslContextFactory", properties)).isEqualTo(1);
		assertThat(level("sslContextFactory")).isEqualTo(2);
	}

	@Test
	void seclevelInTheCipherStringSetsTheLevelWhenThePropertyIsNotGiven() {
		assertThat(level("sslContextFactory", with(identity("ssl.", rsa1024), "ssl.ciphers=DEFAULT:@SECLEVEL=1")))
			.isEqualTo(1);
	}

	@Test
	void bothGivenAtTheSamePlaceMustAgree() {
		assertThat(level("sslContextFactory", "ssl.security-level=1", "ssl.ciphers=DEFAULT:@SECLEVEL=1")).isEqualTo(1);
		FailureAnalysis top = analysis("ssl.security-level=3", "ssl.ciphers=DEFAULT:@SECLEVEL=1");
		assertThat(top.getDescription()).contains("'ssl.security-level'")
			.contains("security-level is 3 but ssl.ciphers says @SECLEVEL=1");
		assertThat(top.getAction()).contains("remove ssl.security-level or the @SECLEVEL in ssl.ciphers");
		FailureAnalysis named = analysis("ssl.contexts.mail.security-level=3",
				"ssl.contexts.mail.ciphers=DEFAULT:@SECLEVEL=1");
		assertThat(named.getDescription()).contains("'ssl.contexts.mail.security-level'")
			.contains("ssl.contexts.mail.ciphers says @SECLEVEL=1");
	}

	@Test
	void aNamedContextsOwnCipherStringWinsOverTheInheritedLevel() {
		String[] properties = with(identity("ssl.contexts.legacy.", rsa1024), "ssl.security-level=3",
				"ssl.contexts.legacy.ciphers=DEFAULT:@SECLEVEL=1");
		assertThat(level("legacySslContextFactory", properties)).isEqualTo(1);
		assertThat(level("sslContextFactory", properties)).isEqualTo(3);
	}

	@Test
	void aNamedContextsOwnLevelWinsOverTheInheritedCipherStringAndItsSuitesFollow() {
		String[] properties = { "ssl.ciphers=ECDHE+AESGCM:AES128-GCM-SHA256:@SECLEVEL=1",
				"ssl.contexts.strict.security-level=3" };
		this.runner.withPropertyValues(properties).run((context) -> {
			SslContextFactory strict = context.getBean("strictSslContextFactory", SslContextFactory.class);
			SslContextFactory primary = context.getBean(SslContextFactory.class);
			assertThat(strict.settings().securityLevel()).isEqualTo(3);
			assertThat(strict.settings().ciphers()).isEqualTo("ECDHE+AESGCM:AES128-GCM-SHA256:@SECLEVEL=3");
			assertThat(strict.cipherSuites()).doesNotContain("TLS_RSA_WITH_AES_128_GCM_SHA256");
			assertThat(primary.settings().securityLevel()).isEqualTo(1);
			// Java 24+ have no TLS_RSA_ suite left for level 1 to let through
			if (List.of(primary.sslContext().getSupportedSSLParameters().getCipherSuites())
				.contains("TLS_RSA_WITH_AES_128_GCM_SHA256")) {
				assertThat(primary.cipherSuites()).contains("TLS_RSA_WITH_AES_128_GCM_SHA256");
			}
		});
	}

	@Test
	void aLevelOutsideZeroToFiveIsRefused() {
		FailureAnalysis analysis = analysis("ssl.contexts.mail.security-level=6");
		assertThat(analysis.getDescription()).contains("'ssl.contexts.mail.security-level'").contains("not 0 to 5");
	}

	@Test
	void theMetadataDescribesTheLevelsAndTheDefault() throws Exception {
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			List<Object> defaults = JsonPath.read(json, "$.properties[?(@.name == 'ssl.security-level')].defaultValue");
			List<Object> values = JsonPath.read(json, "$.hints[?(@.name == 'ssl.security-level')].values[*].value");
			List<String> descriptions = JsonPath.read(json,
					"$.properties[?(@.name == 'ssl.security-level')].description");
			assertThat(defaults).containsExactly(2);
			assertThat(values).containsExactly(0, 1, 2, 3, 4, 5);
			assertThat(descriptions).singleElement().asString().contains("@SECLEVEL");
		}
	}

}
