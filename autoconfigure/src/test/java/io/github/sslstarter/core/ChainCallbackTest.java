package io.github.sslstarter.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;
import io.github.sslstarter.verify.ChainCallback;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * IO::Socket::SSL's {@code SSL_verify_callback}: asked per element, root-most first, after PKIX.
 */
class ChainCallbackTest {

	private static final TestCertificate trusted = TestCertificate.authority("Trusted CA");

	private static final TestCertificate unknown = TestCertificate.authority("Unknown CA");

	record Call(boolean preverified, int depth, String subject, String error) {

	}

	private static SslSocketFactory client(ChainCallback callback) {
		return new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.trustedCertificates(List.of(trusted.certificate()))
			.trustSystemDefaults(false)
			.verifyChainCallback(callback)
			.build()));
	}

	private static TestTlsServer server(TestCertificate ca, String name) throws Exception {
		return TestTlsServer.start(new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(identity(TestCertificate.builder().commonName(name).dnsNames(name).signedBy(ca).build()))
			.build()));
	}

	@Test
	void isAskedForEveryElementFromTheRootDown() throws Exception {
		List<Call> calls = new CopyOnWriteArrayList<>();
		try (TestTlsServer server = server(trusted, "localhost")) {
			client((ok, depth, certificate, error) -> calls
				.add(new Call(ok, depth, certificate.getSubjectX500Principal().getName(), error)) || true)
				.connect("localhost", server.port())
				.close();
		}
		assertThat(calls).extracting(Call::depth).containsExactly(1, 0);
		assertThat(calls).allMatch(Call::preverified);
		assertThat(calls.get(1).subject()).isEqualTo("CN=localhost");
	}

	@Test
	void canAcceptAChainPkixRefusesAndSeesWhy() throws Exception {
		List<Call> calls = new CopyOnWriteArrayList<>();
		try (TestTlsServer server = server(unknown, "localhost")) {
			client((ok, depth, certificate, error) -> calls.add(new Call(ok, depth, null, error)))
				.connect("localhost", server.port())
				.close();
		}
		assertThat(calls).extracting(Call::preverified).containsExactly(false, true);
		assertThat(calls.get(0).error()).contains("PKIX path building failed");
	}

	@Test
	void acceptingTheChainStillChecksTheHostName() throws Exception {
		try (TestTlsServer server = server(unknown, "elsewhere.example")) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client((ok, depth, certificate, error) -> true).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
		}
	}

	@Test
	void canRejectAChainPkixAccepts() throws Exception {
		try (TestTlsServer server = server(trusted, "localhost")) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client((ok, depth, certificate, error) -> depth != 0).connect("localhost",
						server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.REJECTED_BY_CALLBACK))
				.withMessageContaining("CN=localhost' at depth 0");
		}
	}

	@Test
	void rejectingAFailedElementKeepsThePkixReason() throws Exception {
		try (TestTlsServer server = server(unknown, "localhost")) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client((ok, depth, certificate, error) -> ok).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.UNTRUSTED_ISSUER));
		}
	}

}
