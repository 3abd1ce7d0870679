package io.github.sslstarter.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.TestCertificate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad configuration stops startup with a failure analysis that names the property, says
 * what is wrong and what to do, and shows no secret.
 */
class SslFailureAnalysisTest {

	private static final String SECRET = "s3cr3t-Passw0rd";

	private static final TestCertificate ca = TestCertificate.authority("Analysis CA");

	private static final TestCertificate localhost = TestCertificate.builder().localhost().signedBy(ca).build();

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
				org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class));

	private FailureAnalysis analyze(String... properties) {
		FailureAnalysis[] result = new FailureAnalysis[1];
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			result[0] = analysis(context.getStartupFailure());
		});
		assertThat(result[0]).as("a failure analysis").isNotNull();
		assertThat(result[0].getDescription() + result[0].getAction()).doesNotContain(SECRET);
		System.out.println("ANALYSIS " + String.join(" ", properties) + "\n  " + result[0].getDescription() + "\n  "
				+ result[0].getAction());
		return result[0];
	}

	static FailureAnalysis analysis(Throwable failure) {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, (SpringFactoriesLoader.FailureHandler) (type, name, ex) -> {
			});
		for (FailureAnalyzer analyzer : analyzers) {
			if (analyzer != null && analyzer.getClass().getPackageName().startsWith("io.github.sslstarter")) {
				FailureAnalysis analysis = analyzer.analyze(failure);
				if (analysis != null) {
					return analysis;
				}
			}
		}
		return null;
	}

	private Path write(String name, String content) {
		try {
			return Files.writeString(this.dir.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String pem(X509Certificate certificate) throws Exception {
		return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
				+ "\n-----END CERTIFICATE-----\n";
	}

	private static String pem(java.security.PrivateKey key) {
		return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
	}

	@Test
	void unknownProtocol() {
		FailureAnalysis analysis = analyze("ssl.contexts.mail.protocols=TLSv1.9");
		assertThat(analysis.getDescription()).contains("'ssl.contexts.mail.protocols'").contains("TLSv1.9");
		assertThat(analysis.getAction()).contains("TLSv1.2");
	}

	@Test
	void refusedProtocol() {
		FailureAnalysis analysis = analyze("ssl.protocols=SSLv3");
		assertThat(analysis.getDescription()).contains("'ssl.protocols'").contains("SSLv3");
	}

	@Test
	void unknownCipherSuite() {
		FailureAnalysis analysis = analyze("ssl.ciphers=TLS_NO_SUCH_SUITE");
		assertThat(analysis.getDescription()).contains("'ssl.ciphers'").contains("TLS_NO_SUCH_SUITE");
	}

	@Test
	void nothingLeftToEnable() {
		FailureAnalysis analysis = analyze("ssl.protocols=TLSv1.3", "ssl.tls13-ciphers=TLS_NOPE_SHA256");
		assertThat(analysis.getDescription()).contains("'ssl.tls13-ciphers'");
	}

	@Test
	void cipherStringThatLeavesNothing() {
		FailureAnalysis analysis = analyze("ssl.protocols=TLSv1.2", "ssl.ciphers=CAMELLIA:!aNULL");
		assertThat(analysis.getDescription()).contains("'ssl.ciphers'").contains("CAMELLIA");
	}

	@Test
	void dhParametersThatAreNoNamedGroup() throws Exception {
		ExternalTool.openssl().require();
		ExternalTool.openssl().in(this.dir).timeout(java.time.Duration.ofSeconds(60)).run("dhparam", "-out", "dh512.pem",
				"512");
		FailureAnalysis analysis = analyze("ssl.dh-file=" + this.dir.resolve("dh512.pem"));
		assertThat(analysis.getDescription()).contains("'ssl.dh-file'");
		assertThat(analysis.getAction()).contains("ffdhe2048");
	}

	@Test
	void aNamedContextCalledPrimary() {
		FailureAnalysis analysis = analyze("ssl.contexts.primary.protocols=TLSv1.3");
		assertThat(analysis.getDescription()).contains("'ssl.contexts.primary'").contains("top-level context");
	}

	@Test
	void unknownHostnameScheme() {
		FailureAnalysis analysis = analyze("ssl.contexts.dir.verify.scheme=ldapx");
		assertThat(analysis.getDescription()).contains("'ssl.contexts.dir.verify.scheme'").contains("ldapx");
	}

	@Test
	void missingCertificateFile() {
		FailureAnalysis analysis = analyze("ssl.identity.certificate=" + this.dir.resolve("missing.pem"),
				"ssl.identity.private-key=" + this.dir.resolve("missing-key.pem"));
		assertThat(analysis.getDescription()).contains("'ssl.identity.certificate'").contains("missing.pem");
	}

	@Test
	void certificateWithoutPrivateKey() throws Exception {
		Path certificate = write("cert.pem", pem(localhost.certificate()));
		FailureAnalysis analysis = analyze("ssl.identity.certificate=" + certificate);
		assertThat(analysis.getDescription()).contains("'ssl.identity.private-key'").contains("no private key");
	}

	@Test
	void unparseablePem() throws Exception {
		Path certificate = write("cert.pem", pem(localhost.certificate()));
		Path key = write("key.pem", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
		FailureAnalysis analysis = analyze("ssl.identity.certificate=" + certificate,
				"ssl.identity.private-key=" + key);
		assertThat(analysis.getDescription()).contains("'ssl.identity.private-key'").contains("key.pem");
	}

	@Test
	void keyNotMatchingCertificate() throws Exception {
		TestCertificate one = localhost;
		TestCertificate other = TestCertificate.builder().commonName("other").dnsNames("other").signedBy(ca).build();
		Path certificate = write("cert.pem", pem(one.certificate()));
		Path key = write("key.pem", pem(other.privateKey()));
		FailureAnalysis analysis = analyze("ssl.identity.certificate=" + certificate,
				"ssl.identity.private-key=" + key);
		assertThat(analysis.getDescription()).contains("'ssl.identity.private-key'").contains("does not belong to the certificate 'CN=localhost'");
	}

	@Test
	void wrongKeystorePassword() throws Exception {
		Path keystore = keystore("right-password");
		FailureAnalysis analysis = analyze("ssl.identity.keystore.location=" + keystore,
				"ssl.identity.keystore.password=" + SECRET);
		assertThat(analysis.getDescription()).contains("'ssl.identity.keystore.location'").containsIgnoringCase("password");
	}

	@Test
	void aliasNotInKeystore() throws Exception {
		Path keystore = keystore(SECRET);
		FailureAnalysis analysis = analyze("ssl.identity.keystore.location=" + keystore,
				"ssl.identity.keystore.password=" + SECRET, "ssl.identity.alias=nope");
		assertThat(analysis.getDescription()).contains("'ssl.identity.alias'").contains("nope").contains("server");
	}

	@Test
	void unreadableCaDirectory() {
		FailureAnalysis analysis = analyze("ssl.trust.ca-path=" + this.dir.resolve("no-such-dir"));
		assertThat(analysis.getDescription()).contains("'ssl.trust.ca-path'").contains("no-such-dir");
	}

	@Test
	void noTrustAnchors() {
		FailureAnalysis analysis = analyze("ssl.trust.system-defaults=false");
		assertThat(analysis.getDescription()).contains("'ssl.trust'").contains("no trust anchors");
		assertThat(analysis.getAction()).contains("ca-file");
	}

	@Test
	void unknownSslBundle() {
		FailureAnalysis analysis = analyze("ssl.trust.bundle=partners");
		assertThat(analysis.getDescription()).contains("'ssl.trust.bundle'").contains("partners");
	}

	@Test
	void unknownBean() {
		FailureAnalysis analysis = analyze("ssl.trust.ca-file=bean:partnerCa");
		assertThat(analysis.getDescription()).contains("'ssl.trust.ca-file'").contains("partnerCa");
	}

	@Test
	void unknownProvider() {
		FailureAnalysis analysis = analyze("ssl.provider=NoSuchProvider");
		assertThat(analysis.getDescription()).contains("'ssl.provider'").contains("NoSuchProvider");
	}

	@Test
	void unknownContextReferenced() {
		NoSuchSslContextException failure = new NoSuchSslContextException("smtp", "ssl.health.peers[0].context",
				java.util.Set.of("primary", "mail"));
		FailureAnalysis analysis = analysis(failure);
		assertThat(analysis.getDescription()).contains("'ssl.health.peers[0].context'").contains("'smtp'");
		assertThat(analysis.getAction()).contains("ssl.contexts.smtp");
	}

	private Path keystore(String password) throws Exception {
		TestCertificate identity = localhost;
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("server", identity.privateKey(), password.toCharArray(),
				identity.chain().toArray(new X509Certificate[0]));
		Path path = this.dir.resolve("server.p12");
		try (var out = Files.newOutputStream(path)) {
			store.store(out, password.toCharArray());
		}
		return path;
	}

}
