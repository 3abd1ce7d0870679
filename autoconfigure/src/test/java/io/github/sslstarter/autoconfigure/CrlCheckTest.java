package io.github.sslstarter.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.testing.LogRecords;
import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.TestCrl;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code trust.check-crl} (IO::Socket::SSL's {@code SSL_check_crl}): on when a CRL file is
 * given or when set; then the CRLs of {@code trust.crl-file} and of the CA directory
 * ({@code hash.rN}, as {@code openssl rehash} names them) are checked for every certificate of
 * the chain, and one that no CRL covers is refused, or accepted with a WARN under
 * {@code trust.revocation-unknown: accept}.
 */
class CrlCheckTest {

	private static final TestCertificate ca = TestCertificate.authority("CRL CA");

	private static final TestCertificate uncovered = TestCertificate.authority("Uncovered CA");

	private static final Identity revoked = Identities.identity(TestCertificate.builder().localhost().signedBy(ca).build());

	private static final Identity good = Identities.identity(TestCertificate.builder().localhost().signedBy(ca).build());

	private static final Identity elsewhere = Identities.identity(TestCertificate.builder().localhost().signedBy(uncovered).build());

	private static final X509CRL caCrl = TestCrl.builder(ca).revoke(revoked.certificate()).build().crl();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
				org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class))
		.withPropertyValues("ssl.trust.system-defaults=false", "ssl.timeouts.handshake=5s");

	@RegisterExtension
	final LogRecords log = LogRecords.of("io.github.sslstarter.core.SoftFailTrustManager");

	@TempDir
	Path dir;

	@Test
	void aCaDirectoryCrlAloneRefusesARevokedLeafWhenCheckCrlIsOn() throws Exception {
		Path caPath = caDirectory(caCrl);
		this.runner.withPropertyValues("ssl.trust.ca-path=" + caPath, "ssl.trust.check-crl=true").run((spring) -> {
			SslSocketFactory factory = spring.getBean(SslSocketFactory.class);
			assertRefused(factory, revoked, TlsFailure.REVOKED, "CN=localhost");
			assertConnects(factory, good);
		});
	}

	@Test
	void aCertificateNoCrlCoversHasAnUnknownRevocationStatusAndIsRefusedByDefault() throws Exception {
		Path caPath = caDirectory(caCrl);
		this.runner.withPropertyValues("ssl.trust.ca-path=" + caPath, "ssl.trust.check-crl=true").run((spring) -> {
			assertThat(spring.getBean(SslContextFactory.class).settings().trustRevocationUnknown())
				.isEqualTo(io.github.sslstarter.core.RevocationUnknown.FAIL);
			assertRefused(spring.getBean(SslSocketFactory.class), elsewhere, TlsFailure.REVOCATION_UNKNOWN,
					"no CRL of 'CN=Uncovered CA");
		});
	}

	@Test
	void revocationUnknownAcceptConnectsWithOneWarning() throws Exception {
		Path caPath = caDirectory(caCrl);
		this.runner
			.withPropertyValues("ssl.trust.ca-path=" + caPath, "ssl.trust.check-crl=true",
					"ssl.trust.revocation-unknown=accept")
			.run((spring) -> {
				assertConnects(spring.getBean(SslSocketFactory.class), elsewhere);
				assertThat(this.log.records()).singleElement().satisfies((record) -> {
					assertThat(record.getLevel()).isEqualTo(Level.WARNING);
					assertThat(record.getMessage()).contains("'primary'", "CN=localhost", "CN=Uncovered CA",
							"trust.revocation-unknown=accept");
				});
			});
	}

	@Test
	void revocationUnknownAcceptStillRefusesARevokedLeafAndWarnsOfNothingItCouldCheck() throws Exception {
		Path caPath = caDirectory(caCrl);
		this.runner
			.withPropertyValues("ssl.trust.ca-path=" + caPath, "ssl.trust.check-crl=true",
					"ssl.trust.revocation-unknown=accept")
			.run((spring) -> {
				SslSocketFactory factory = spring.getBean(SslSocketFactory.class);
				assertRefused(factory, revoked, TlsFailure.REVOKED, "CN=localhost");
				assertConnects(factory, good);
				assertThat(this.log.records()).isEmpty();
			});
	}

	@Test
	void checkCrlOffChecksNoCrlEvenWithACrlFile() throws Exception {
		Path crlFile = writeCrl(this.dir.resolve("file.crl"), caCrl);
		this.runner
			.withPropertyValues("ssl.trust.ca-file=" + writeCa(), "ssl.trust.crl-file=" + crlFile,
					"ssl.trust.check-crl=false")
			.run((spring) -> {
				assertThat(spring.getBean(SslContextFactory.class).settings().crls()).isEmpty();
				assertConnects(spring.getBean(SslSocketFactory.class), revoked);
			});
	}

	@Test
	void withoutCheckCrlOrACrlFileTheCaDirectoryCrlsAreNotChecked() throws Exception {
		Path caPath = caDirectory(caCrl);
		this.runner.withPropertyValues("ssl.trust.ca-path=" + caPath).run((spring) -> {
			assertThat(spring.getBean(SslContextFactory.class).settings().crls()).isEmpty();
			assertConnects(spring.getBean(SslSocketFactory.class), revoked);
		});
	}

	@Test
	void aCrlFileTurnsCheckingOnAndTheCaDirectoryCrlsCountToo() throws Exception {
		Path caPath = caDirectory(caCrl);
		Path crlFile = writeCrl(this.dir.resolve("uncovered.crl"), TestCrl.builder(uncovered).build().crl());
		this.runner.withPropertyValues("ssl.trust.ca-path=" + caPath, "ssl.trust.crl-file=" + crlFile)
			.run((spring) -> {
				SslSocketFactory factory = spring.getBean(SslSocketFactory.class);
				assertThat(factory.contextFactory().settings().crls()).hasSize(2);
				// the directory's CRL revokes it
				assertRefused(factory, revoked, TlsFailure.REVOKED, "CN=localhost");
				// the file's CRL covers it
				assertConnects(factory, elsewhere);
			});
	}

	@Test
	void checkCrlOnWithoutAnyCrlFailsAtStartup() throws Exception {
		this.runner.withPropertyValues("ssl.trust.ca-file=" + writeCa(), "ssl.trust.check-crl=true")
			.run((spring) -> {
				assertThat(spring).hasFailed();
				FailureAnalysis analysis = SslFailureAnalysisTest.analysis(spring.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("ssl.trust.check-crl", "no CRL was found");
				assertThat(analysis.getAction()).contains("trust.revocation-unknown=accept");
			});
	}

	/** A CA directory of both CAs and the given CRLs, hashed by {@code openssl rehash}. */
	private Path caDirectory(X509CRL... crls) throws Exception {
		ExternalTool openssl = ExternalTool.openssl().require();
		Path caPath = Files.createDirectories(this.dir.resolve("ca-path"));
		ca.writeCertificate(caPath.resolve("crl-ca.pem"));
		uncovered.writeCertificate(caPath.resolve("uncovered-ca.pem"));
		for (int i = 0; i < crls.length; i++) {
			writeCrl(caPath.resolve("crl-" + i + ".crl"), crls[i]);
		}
		openssl.in(this.dir).timeout(Duration.ofSeconds(20)).run("rehash", caPath.toString()).requireSuccess();
		try (var files = Files.list(caPath)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.as("openssl rehash named the CRL").anyMatch((name) -> name.matches("[0-9a-f]{8}\\.r0"));
		}
		return caPath;
	}

	private Path writeCa() throws Exception {
		return Files.writeString(this.dir.resolve("cas.pem"), ca.certificatePem() + uncovered.certificatePem());
	}

	private static Path writeCrl(Path file, X509CRL crl) throws Exception {
		return Files.writeString(file, "-----BEGIN X509 CRL-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(crl.getEncoded())
				+ "\n-----END X509 CRL-----\n");
	}

	private static TestTlsServer server(Identity identity) throws IOException {
		return TestTlsServer.start(new SslContextFactory(SslSettings.builder().name("server").identity(identity).build()));
	}

	private static void assertConnects(SslSocketFactory factory, Identity identity) throws Exception {
		try (TestTlsServer server = server(identity); Socket socket = factory.connect("localhost", server.port())) {
			socket.getOutputStream().write("fine\n".getBytes(StandardCharsets.UTF_8));
			assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine()).isEqualTo("fine");
		}
	}

	private static void assertRefused(SslSocketFactory factory, Identity identity, TlsFailure failure, String detail)
			throws Exception {
		try (TestTlsServer server = server(identity)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory.connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).as(ex.getMessage()).isEqualTo(failure))
				.withMessageContaining(detail);
		}
	}

}
