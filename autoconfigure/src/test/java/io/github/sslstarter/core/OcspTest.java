package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.RunningTool;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestOcspResponder;
import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.testing.LogRecords;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * OCSP ({@code trust.ocsp.*}) against real peers on loopback: {@code openssl s_server
 * -status_file} staples a response {@code openssl ocsp} made, and {@code openssl ocsp} answers
 * as the responder each certificate names in its authority information access extension.
 */
class OcspTest {

	private static final TestCertificate ca = TestCertificate.authority("OCSP Test CA");

	@RegisterExtension
	final LogRecords log = LogRecords.of(OcspChecking.class);

	@TempDir
	Path dir;

	private TestOcspResponder responder;

	private TestCertificate good;

	private TestCertificate revoked;

	private final Instant revokedAt = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

	@BeforeEach
	void startResponder() {
		this.responder = TestOcspResponder.start(ca, this.dir.resolve("responder"));
		this.good = TestCertificate.builder().localhost().signedBy(ca).ocspResponder(this.responder.uri()).build();
		this.revoked = TestCertificate.builder().localhost().signedBy(ca).ocspResponder(this.responder.uri()).build();
		this.responder.good(this.good).revoked(this.revoked, this.revokedAt);
	}

	@AfterEach
	void stopResponder() {
		this.responder.close();
	}

	@Test
	void aStapledGoodResponseIsAccepted() throws Exception {
		try (RunningTool server = stapling(this.good)) {
			assertConnects(client(OcspMode.MUST_STAPLE), server.port());
		}
		assertThat(this.responder.requests()).as("a staple needs no request").isZero();
	}

	@Test
	void aStapledRevokedResponseIsRevokedNamingTheCertificateAndTheTime() throws Exception {
		try (RunningTool server = stapling(this.revoked)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(OcspMode.STAPLE).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).as(ex.getMessage()).isEqualTo(TlsFailure.REVOKED))
				.withMessageContaining("'CN=localhost'")
				.withMessageContaining("0x" + this.revoked.certificate().getSerialNumber().toString(16))
				.withMessageContaining("revoked since " + this.revokedAt)
				.withMessageContaining("KEY_COMPROMISE")
				.withMessageContaining("stapled OCSP response");
		}
	}

	@Test
	void aStapledRevokedResponseIsRevokedOverTls12Too() throws Exception {
		// TLS 1.2 carries the staple in a CertificateStatus message of its own, TLS 1.3 in the Certificate
		Path staple = this.responder.writeResponse(this.revoked, this.dir.resolve("staple-12.der"));
		try (RunningTool server = ExternalTool.opensslServer(this.dir, this.revoked, "-www", "-tls1_2", "-status_file",
				staple.toString())) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(OcspMode.STAPLE).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).as(ex.getMessage()).isEqualTo(TlsFailure.REVOKED))
				.withMessageContaining("revoked since " + this.revokedAt);
		}
	}

	@Test
	void anEngineChecksTheStapleToo() throws Exception {
		try (RunningTool server = stapling(this.revoked)) {
			javax.net.ssl.SSLEngine engine = new SslContextFactory(settings(OcspMode.STAPLE)).createEngine("localhost",
					server.port());
			try (Socket raw = new Socket("127.0.0.1", server.port())) {
				assertThatExceptionOfType(SslConnectionException.class)
					.isThrownBy(() -> EngineClassificationTest.exchange(engine, raw))
					.satisfies((ex) -> assertThat(ex.failure()).as(ex.getMessage()).isEqualTo(TlsFailure.REVOKED))
					.withMessageContaining("stapled OCSP response");
			}
		}
	}

	@Test
	void offDoesNotLookAtAStapledRevokedResponse() throws Exception {
		try (RunningTool server = stapling(this.revoked)) {
			assertConnects(client(OcspMode.OFF), server.port());
		}
	}

	@Test
	void stapleModeAcceptsAServerThatStaplesNothingWithoutAskingTheResponder() throws Exception {
		try (RunningTool server = ExternalTool.opensslServer(this.dir, this.revoked, "-www")) {
			assertConnects(client(OcspMode.STAPLE), server.port());
		}
		assertThat(this.responder.requests()).isZero();
	}

	@Test
	void mustStapleRefusesAServerThatStaplesNothing() throws Exception {
		try (RunningTool server = ExternalTool.opensslServer(this.dir, this.good, "-www")) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(OcspMode.MUST_STAPLE).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).as(ex.getMessage())
					.isEqualTo(TlsFailure.REVOCATION_UNKNOWN))
				.withMessageContaining("stapled no OCSP response for 'CN=localhost'")
				.withMessageContaining("trust.ocsp.mode=must-staple");
		}
	}

	@Test
	void aCertificateThatMustStapleIsRefusedWithoutAStapleInStapleMode() throws Exception {
		TestCertificate mustStaple = TestCertificate.builder()
			.localhost()
			.signedBy(ca)
			.ocspResponder(this.responder.uri())
			.mustStaple()
			.build();
		this.responder.good(mustStaple);
		try (RunningTool server = ExternalTool.opensslServer(this.dir, mustStaple, "-www")) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(OcspMode.STAPLE).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.REVOCATION_UNKNOWN))
				.withMessageContaining("must-staple (RFC 7633)");
		}
		try (RunningTool server = stapling(mustStaple)) {
			assertConnects(client(OcspMode.STAPLE), server.port());
		}
	}

	@Test
	void fullChainAsksTheResponderOnceAndThenAnswersFromItsCache() throws Exception {
		SslSocketFactory client = client(OcspMode.FULL_CHAIN);
		try (TestTlsServer server = jsseServer(this.good)) {
			assertConnects(client, server.port());
			assertThat(this.responder.requests()).isEqualTo(1);
			assertConnects(client, server.port());
			assertThat(this.responder.requests()).as("the answer is cached until its nextUpdate").isEqualTo(1);
		}
	}

	@Test
	void fullChainRefusesWhatTheResponderSaysIsRevoked() throws Exception {
		try (TestTlsServer server = jsseServer(this.revoked)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(OcspMode.FULL_CHAIN).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.REVOKED))
				.withMessageContaining("revoked since " + this.revokedAt)
				.withMessageContaining("OCSP responder " + this.responder.uri());
		}
	}

	@Test
	void fullChainChecksTheIntermediateWithItsOwnResponder() throws Exception {
		TestCertificate root = TestCertificate.builder().commonName("OCSP Root").certificateAuthority(1).build();
		try (TestOcspResponder rootResponder = TestOcspResponder.start(root, this.dir.resolve("root"))) {
			TestCertificate intermediate = TestCertificate.builder()
				.commonName("OCSP Intermediate")
				.certificateAuthority(0)
				.signedBy(root)
				.ocspResponder(rootResponder.uri())
				.build();
			try (TestOcspResponder intermediateResponder = TestOcspResponder.start(intermediate,
					this.dir.resolve("intermediate"))) {
				TestCertificate leaf = TestCertificate.builder()
					.localhost()
					.signedBy(intermediate)
					.ocspResponder(intermediateResponder.uri())
					.build();
				intermediateResponder.good(leaf);
				rootResponder.revoked(intermediate, this.revokedAt);
				SslSocketFactory client = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
					.name("chain")
					.trustSystemDefaults(false)
					.trustedCertificates(List.of(root.certificate()))
					.trustOcspMode(OcspMode.FULL_CHAIN)
					.build()));
				try (TestTlsServer server = jsseServer(leaf)) {
					assertThatExceptionOfType(SslConnectionException.class)
						.isThrownBy(() -> client.connect("localhost", server.port()))
						.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.REVOKED))
						.withMessageContaining("'CN=OCSP Intermediate'");
					assertThat(intermediateResponder.requests()).isEqualTo(1);
					assertThat(rootResponder.requests()).isEqualTo(1);
				}
			}
		}
	}

	@Test
	void anUnreachableResponderIsRevocationUnknownNamingItUnderHardFail() throws Exception {
		this.responder.failWith(503);
		try (TestTlsServer server = jsseServer(this.good)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(OcspMode.FULL_CHAIN).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.REVOCATION_UNKNOWN))
				.withMessageContaining("OCSP status of 'CN=localhost' is unknown")
				.withMessageContaining(this.responder.uri() + " answered HTTP 503")
				.withMessageContaining("trust.revocation-unknown=accept");
		}
	}

	@Test
	void aResponderThatDoesNotListenIsRevocationUnknownWithinTheTimeout() throws Exception {
		int closed = ExternalTool.freePort();
		TestCertificate nowhere = TestCertificate.builder()
			.localhost()
			.signedBy(ca)
			.ocspResponder("http://127.0.0.1:" + closed + "/")
			.build();
		try (TestTlsServer server = jsseServer(nowhere)) {
			long start = System.nanoTime();
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(OcspMode.FULL_CHAIN).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.REVOCATION_UNKNOWN))
				.withMessageContaining("cannot be reached");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void softFailAcceptsAnUnknownStatusWithOneWarningAndACount() throws Exception {
		this.responder.failWith(503);
		SslContextFactory context = new SslContextFactory(settings(OcspMode.FULL_CHAIN).toBuilder()
			.trustRevocationUnknown(RevocationUnknown.ACCEPT)
			.build());
		try (TestTlsServer server = jsseServer(this.good)) {
			assertConnects(new SslSocketFactory(context), server.port());
		}
		assertThat(context.trustManager().ocspUnknownAccepted()).isEqualTo(1);
		assertThat(this.log.records()).singleElement().satisfies((record) -> {
			assertThat(record.getLevel()).isEqualTo(Level.WARNING);
			assertThat(record.getMessage()).contains("'ocsp'", "CN=localhost", "answered HTTP 503",
					"trust.revocation-unknown=accept");
		});
	}

	@Test
	void softFailStillRefusesARevokedCertificate() throws Exception {
		SslContextFactory context = new SslContextFactory(settings(OcspMode.FULL_CHAIN).toBuilder()
			.trustRevocationUnknown(RevocationUnknown.ACCEPT)
			.build());
		try (TestTlsServer server = jsseServer(this.revoked)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> new SslSocketFactory(context).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.REVOKED));
		}
	}

	@Test
	void aCertificateTheResponderDoesNotKnowIsRevocationUnknown() throws Exception {
		TestCertificate stranger = TestCertificate.builder()
			.localhost()
			.signedBy(ca)
			.ocspResponder(this.responder.uri())
			.build();
		try (TestTlsServer server = jsseServer(stranger)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(OcspMode.FULL_CHAIN).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.REVOCATION_UNKNOWN))
				.withMessageContaining("does not settle its status");
		}
	}

	private RunningTool stapling(TestCertificate certificate) {
		Path staple = this.responder.writeResponse(certificate,
				this.dir.resolve("staple-" + certificate.certificate().getSerialNumber() + ".der"));
		return ExternalTool.opensslServer(this.dir, certificate, "-www", "-status_file", staple.toString());
	}

	private static TestTlsServer jsseServer(TestCertificate certificate) throws IOException {
		return TestTlsServer.start(new SslContextFactory(
				SslSettings.builder().name("server").identity(Identities.identity(certificate)).build()));
	}

	private static SslSettings settings(OcspMode mode) {
		return SslSettings.builder()
			.name("ocsp")
			.trustSystemDefaults(false)
			.trustedCertificates(List.of(ca.certificate()))
			.trustOcspMode(mode)
			.trustOcspTimeout(Duration.ofSeconds(2))
			.build();
	}

	private static SslSocketFactory client(OcspMode mode) {
		return new SslSocketFactory(new SslContextFactory(settings(mode)));
	}

	private static void assertConnects(SslSocketFactory factory, int port) throws Exception {
		try (Socket socket = factory.connect("localhost", port)) {
			socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			String first = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			assertThat(first).isNotNull();
		}
	}

}
