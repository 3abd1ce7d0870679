package io.github.sslstarter.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A resumed session skips the trust manager, so the factory checks the new connection's name
 * itself: resumption never weakens verification.
 */
class ResumedSessionVerificationTest {

	private static final TestCertificate ca = TestCertificate.authority("Resumption CA");

	private static final Identity localhost = identity(TestCertificate.builder().localhost().signedBy(ca).build());

	@Test
	void aResumedSessionIsStillCheckedAgainstTheNewName() throws Exception {
		List<HandshakeEvent> events = new CopyOnWriteArrayList<>();
		SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.protocols("TLSv1.2")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.build()), events::add);
		try (TestTlsServer server = TestTlsServer.start(
				new SslContextFactory(SslSettings.builder().name("server").identity(localhost).build()))) {
			factory.connect("localhost", server.port()).close();
			try (SSLSocket resumed = factory.connect("localhost", server.port())) {
				assertThat(events.get(1).resumed()).as("second connection resumed").isTrue();
			}
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> factory.connect("localhost", server.port(), null, "other.example.org"))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH))
				.withMessageContaining("other.example.org");
		}
		assertThat(events).extracting(HandshakeEvent::resumed).containsExactly(false, true, false);
	}

}
