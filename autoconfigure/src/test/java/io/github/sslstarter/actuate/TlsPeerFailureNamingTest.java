package io.github.sslstarter.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.core.ClientAuth;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.testing.TestTlsServer;

import static io.github.sslstarter.actuate.TlsPeerFixtures.check;
import static io.github.sslstarter.actuate.TlsPeerFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A failure names the peer as it was configured and the setting that actually stopped it.
 */
class TlsPeerFailureNamingTest {

	@Test
	void aRefusedMutualTlsCheckNamesTheConfiguredHost() throws Exception {
		SslContextFactory server = new SslContextFactory(SslSettings.builder()
			.name("mtls-server")
			.protocols("TLSv1.3")
			.identity(TlsPeerFixtures.localhost())
			.trustedCertificates(List.of(TlsPeerFixtures.CA.certificate()))
			.trustSystemDefaults(false)
			.clientAuth(ClientAuth.NEED)
			.build());
		try (TestTlsServer mtls = TestTlsServer.start(server, "127.0.0.1")) {
			TlsPeerResult result = check(peer("mtls", "localhost", mtls.port(), null), Duration.ofSeconds(5)).run();
			assertThat(result.failure()).as(result.toString()).isEqualTo(TlsFailure.CLIENT_CERTIFICATE_REQUIRED.tag());
			assertThat(result.message()).contains("localhost:" + mtls.port()).doesNotContain("127.0.0.1");
		}
	}

	@Test
	void aCheckStoppedByTheHealthTimeoutNamesThatSetting() throws Exception {
		try (TestTlsServer stalled = TestTlsServer.misbehaving(TestTlsServer.Mode.STALL)) {
			TlsPeerResult result = check(peer("stalled", stalled.port()), Duration.ofMillis(300)).run();
			assertThat(result.failure()).isEqualTo(TlsFailure.TIMEOUT.tag());
			assertThat(result.message()).contains("ssl.health.timeout", "raise ssl.health.timeout")
				.doesNotContain("timeouts.handshake");
		}
	}

	@Test
	void aConnectTimeoutNamesTimeoutsConnect() throws Exception {
		// a listening socket that never accepts: once its backlog is full, new SYNs go unanswered
		try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			List<Socket> fillers = new ArrayList<>();
			try {
				SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(
						TlsPeerFixtures.CLIENT.settings().toBuilder().connectTimeout(Duration.ofMillis(200)).build()));
				SslConnectionException timeout = null;
				for (int i = 0; i < 16 && timeout == null; i++) {
					try {
						Socket filler = new Socket();
						filler.connect(new InetSocketAddress("127.0.0.1", full.getLocalPort()), 200);
						fillers.add(filler);
					}
					catch (IOException ex) {
						// the backlog is full: the factory's connect now times out
						try {
							factory.connect("127.0.0.1", full.getLocalPort()).close();
						}
						catch (SslConnectionException failure) {
							timeout = failure;
						}
					}
				}
				assertThat(timeout).as("a connect that timed out").isNotNull();
				assertThat(timeout.failure()).isEqualTo(TlsFailure.TIMEOUT);
				assertThat(timeout.getMessage()).contains("raise timeouts.connect").doesNotContain("timeouts.handshake");
			}
			finally {
				for (Socket filler : fillers) {
					filler.close();
				}
			}
		}
	}

}
