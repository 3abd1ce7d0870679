package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code provider: conscrypt} (BoringSSL) behaves like the JDK's provider: verification, SNI,
 * resumption and its flag, for TLS 1.2 and 1.3 against an in-process JSSE server.
 */
class ConscryptProviderTest {

	private static final TestCertificate ca = TestCertificate.authority("Conscrypt Test CA");

	private static final Identity localhost = identity(TestCertificate.builder().localhost().signedBy(ca).build());

	private static final TestCertificate otherCa = TestCertificate.authority("Conscrypt Unknown CA");

	private static SslSocketFactory conscrypt(String protocols, TestCertificate trusted) {
		return new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("conscrypt")
			.provider("conscrypt")
			.protocols(protocols)
			.trustedCertificates(List.of(trusted.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(5))
			.build()));
	}

	private static TestTlsServer server() throws IOException {
		return TestTlsServer.start(new SslContextFactory(
				SslSettings.builder().name("server").identity(localhost).build()));
	}

	private static String echo(SSLSocket socket, String line) throws IOException {
		socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void conscryptClientVerifiesAndSendsSni(String protocol) throws Exception {
		SslSocketFactory factory = conscrypt(protocol, ca);
		assertThat(factory.contextFactory().sslContext().getProvider().getName()).isEqualTo("Conscrypt");
		try (TestTlsServer server = server(); SSLSocket socket = factory.connect("localhost", server.port())) {
			assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
			assertThat(echo(socket, "hello")).isEqualTo("hello");
			assertThat(server.serverNames()).containsExactly(List.of(new SNIHostName("localhost")));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void conscryptClientRefusesAnUntrustedServer(String protocol) throws Exception {
		SslSocketFactory factory = conscrypt(protocol, otherCa);
		try (TestTlsServer server = server()) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory.connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.UNTRUSTED_ISSUER));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void conscryptClientRefusesAWrongHostName(String protocol) throws Exception {
		SslSocketFactory factory = conscrypt(protocol, ca);
		try (TestTlsServer server = server()) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory.connect("127.0.0.1", server.port(), null, "other.example"))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void conscryptClientResumesAndSaysSo(String protocol) throws Exception {
		SslSocketFactory factory = conscrypt(protocol, ca);
		try (TestTlsServer server = server()) {
			for (boolean expected : new boolean[] { false, true, true }) {
				try (SSLSocket socket = factory.connect("localhost", server.port())) {
					assertThat(echo(socket, "x")).isEqualTo("x");
					assertThat(factory.reused(socket)).as(protocol).isEqualTo(expected);
				}
			}
		}
	}

	@org.junit.jupiter.api.Test
	void conscryptSessionCacheRefusesToInvalidateSessions() throws Exception {
		SslSocketFactory factory = conscrypt("TLSv1.2", ca);
		try (TestTlsServer server = server()) {
			try (SSLSocket socket = factory.connect("localhost", server.port())) {
				echo(socket, "x");
			}
			org.assertj.core.api.Assertions
				.assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> factory.contextFactory().sessionCache().invalidateAll())
				.withMessageContaining("cannot invalidate");
		}
	}

}
