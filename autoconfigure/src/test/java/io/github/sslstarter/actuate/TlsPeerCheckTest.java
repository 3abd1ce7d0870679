package io.github.sslstarter.actuate;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.sslstarter.core.ClientAuth;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.starttls.StartTls;
import io.github.sslstarter.starttls.StartTlsTestServer;
import io.github.sslstarter.testing.TestTlsServer;

import static io.github.sslstarter.actuate.TlsPeerFixtures.check;
import static io.github.sslstarter.actuate.TlsPeerFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

class TlsPeerCheckTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void goodPeerSucceedsWithProtocolCipherChainAndVerification() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(TlsPeerFixtures.goodServer())) {
			TlsPeerResult result = check(peer("good", "localhost", server.port(), null), TIMEOUT).run();
			assertThat(result.succeeded()).as(result.toString()).isTrue();
			assertThat(result.protocol()).isIn("TLSv1.3", "TLSv1.2");
			assertThat(result.cipherSuite()).startsWith("TLS_");
			assertThat(result.chain()).hasSize(2);
			assertThat(result.chain().get(0).subject()).isEqualTo("CN=localhost");
			assertThat(result.chain().get(0).issuer()).contains("CN=Peer Health CA");
			assertThat(result.chain().get(0).subjectAltNames()).contains("DNS:localhost", "IP:127.0.0.1");
			assertThat(result.verification()).contains("chain verified", "'localhost'", "scheme 'strict'");
			assertThat(result.handshakeTime()).isPositive().isLessThanOrEqualTo(result.checkTime());
			assertThat(result.details(Instant.now())).containsKeys("protocol", "cipherSuite", "notAfter", "daysLeft",
					"handshakeTime", "chain", "verification").doesNotContainKey("warning");
		}
	}

	@Test
	void peerWithAnUnknownIssuerFailsAsUntrustedIssuer() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(TlsPeerFixtures.untrustedServer())) {
			TlsPeerResult result = check(peer("untrusted", server.port()), TIMEOUT).run();
			assertThat(result.succeeded()).isFalse();
			assertThat(result.failure()).isEqualTo(TlsFailure.UNTRUSTED_ISSUER.tag());
			assertThat(result.message()).contains("127.0.0.1:" + server.port(), "Action:");
		}
	}

	@Test
	void peerWithAnExpiredCertificateFailsAsExpired() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(TlsPeerFixtures.expiredServer())) {
			TlsPeerResult result = check(peer("expired", server.port()), TIMEOUT).run();
			assertThat(result.failure()).as(result.toString()).isEqualTo(TlsFailure.EXPIRED.tag());
			assertThat(result.reason()).isEqualTo("certificate expired");
		}
	}

	@Test
	void peerWithACertificateForAnotherNameFailsAsHostnameMismatch() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(TlsPeerFixtures.wrongNameServer())) {
			TlsPeerResult result = check(peer("wrong-name", "localhost", server.port(), null), TIMEOUT).run();
			assertThat(result.failure()).as(result.toString()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH.tag());
		}
	}

	@Test
	void peerExpiringWithinTheThresholdSucceedsWithAWarning() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(TlsPeerFixtures.expiringServer(Duration.ofDays(3)))) {
			TlsPeerResult result = check(peer("expiring", server.port()), TIMEOUT).run();
			Instant now = Instant.now();
			assertThat(result.succeeded()).as(result.toString()).isTrue();
			assertThat(result.expiring(now)).isTrue();
			assertThat(result.details(now)).containsEntry("daysLeft", 2L);
			assertThat((String) result.details(now).get("warning")).contains("CN=expiring.localhost",
					"expires in 2 days", "warning threshold of 14 days");
		}
	}

	@Test
	void serverRequiringAClientCertificateRefusesAClientWithoutOne() throws Exception {
		SslContextFactory server = new SslContextFactory(SslSettings.builder()
			.name("mtls-server")
			.identity(TlsPeerFixtures.localhost())
			.trustedCertificates(java.util.List.of(TlsPeerFixtures.CA.certificate()))
			.trustSystemDefaults(false)
			.clientAuth(ClientAuth.NEED)
			.build());
		try (TestTlsServer mtls = TestTlsServer.start(server)) {
			TlsPeerResult result = check(peer("mtls", mtls.port()), TIMEOUT).run();
			assertThat(result.failure()).as(result.toString()).isEqualTo(TlsFailure.CLIENT_CERTIFICATE_REQUIRED.tag());
		}
	}

	@Test
	void closedPortFailsAsConnectFailed() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		TlsPeerResult result = check(peer("closed", port), TIMEOUT).run();
		assertThat(result.failure()).isEqualTo(TlsFailure.CONNECT_FAILED.tag());
		assertThat(result.message()).contains("127.0.0.1:" + port);
	}

	@Test
	void plaintextPeerFailsAsPlaintextPeer() throws Exception {
		try (TestTlsServer server = TestTlsServer.misbehaving(TestTlsServer.Mode.PLAIN)) {
			TlsPeerResult result = check(peer("plain", server.port()), TIMEOUT).run();
			assertThat(result.failure()).as(result.toString()).isEqualTo(TlsFailure.PLAINTEXT_PEER.tag());
		}
	}

	@Test
	void stalledPeerTimesOutAtTheCheckTimeout() throws Exception {
		try (TestTlsServer server = TestTlsServer.misbehaving(TestTlsServer.Mode.STALL)) {
			TlsPeerResult result = check(peer("stalled", server.port()), Duration.ofMillis(400)).run();
			assertThat(result.failure()).isEqualTo(TlsFailure.TIMEOUT.tag());
			assertThat(result.message()).contains("timed out during the TLS handshake", "400ms");
			assertThat(result.checkTime()).isBetween(Duration.ofMillis(350), Duration.ofMillis(3000));
		}
	}

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void startTlsPeerSucceedsAfterTheProtocolsDialogue(StartTls protocol) {
		try (StartTlsTestServer server = StartTlsTestServer.start(protocol,
				TlsPeerFixtures.goodServer().sslContext())) {
			TlsPeerResult result = check(peer(protocol.name(), "127.0.0.1", server.port(), protocol), TIMEOUT).run();
			assertThat(result.succeeded()).as(result.toString()).isTrue();
			assertThat(result.chain().get(0).subject()).isEqualTo("CN=localhost");
			assertThat(result.details(Instant.now())).containsEntry("startTls",
					protocol.name().toLowerCase(java.util.Locale.ROOT));
		}
	}

	@Test
	void refusedStartTlsFailsAsStartTlsFailedWithTheServersAnswer() {
		try (StartTlsTestServer server = StartTlsTestServer.start(StartTls.SMTP,
				TlsPeerFixtures.goodServer().sslContext(), StartTlsTestServer.Behaviour.REFUSE)) {
			TlsPeerResult result = check(peer("smtp", "127.0.0.1", server.port(), StartTls.SMTP), TIMEOUT).run();
			assertThat(result.failure()).isEqualTo("starttls-failed");
			assertThat(result.message()).contains("454", "Action:");
		}
	}

	@Test
	void silentStartTlsServerTimesOutDuringTheDialogue() {
		try (StartTlsTestServer server = StartTlsTestServer.start(StartTls.IMAP,
				TlsPeerFixtures.goodServer().sslContext(), StartTlsTestServer.Behaviour.SILENT)) {
			TlsPeerResult result = check(peer("imap", "127.0.0.1", server.port(), StartTls.IMAP),
					Duration.ofMillis(400)).run();
			assertThat(result.failure()).isEqualTo(TlsFailure.TIMEOUT.tag());
			assertThat(result.checkTime()).isLessThan(Duration.ofMillis(3000));
		}
	}

}
