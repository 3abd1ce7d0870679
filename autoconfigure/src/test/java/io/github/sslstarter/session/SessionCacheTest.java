package io.github.sslstarter.session;

import java.net.Socket;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.test.TestSslContexts;

import static io.github.sslstarter.session.SessionResumptionTest.client;
import static io.github.sslstarter.session.SessionResumptionTest.echo;
import static io.github.sslstarter.session.SessionResumptionTest.exchange;
import static io.github.sslstarter.session.SessionResumptionTest.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The session cache of a context: its settings, statistics and invalidation.
 */
class SessionCacheTest {

	@Test
	void countsHitsMissesAndSize() throws Exception {
		try (ResumingServer server = new ResumingServer(server("TLSv1.2"))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			for (int i = 0; i < 4; i++) {
				exchange(factory, "localhost", server.port());
			}
			SessionStatistics statistics = factory.contextFactory().sessionCache().statistics(SessionSide.CLIENT);
			assertThat(statistics.misses()).isEqualTo(1);
			assertThat(statistics.hits()).isEqualTo(3);
			assertThat(statistics.hitRatio()).isEqualTo(0.75);
			assertThat(statistics.size()).isEqualTo(1);
			assertThat(statistics.evictions()).isZero();
		}
	}

	@Test
	void appliesSizeAndTimeoutToBothSides() {
		SessionCache cache = new SslContextFactory(
				client("TLSv1.2").sessionCacheSize(7).sessionCacheTimeout(Duration.ofMinutes(3)).build())
			.sessionCache();
		for (SessionSide side : SessionSide.values()) {
			assertThat(cache.maximumSize(side)).isEqualTo(7);
			assertThat(cache.timeout(side)).isEqualTo(Duration.ofMinutes(3));
		}
	}

	@Test
	void invalidatingOnePeerForcesAFullHandshakeWithItOnly() throws Exception {
		try (ResumingServer one = new ResumingServer(server("TLSv1.2"));
				ResumingServer two = new ResumingServer(server("TLSv1.2"))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			exchange(factory, "localhost", one.port());
			exchange(factory, "localhost", two.port());
			SessionCache cache = factory.contextFactory().sessionCache();
			assertThat(cache.invalidate("LOCALHOST", one.port())).isEqualTo(1);
			assertThat(exchange(factory, "localhost", one.port())).isFalse();
			assertThat(exchange(factory, "localhost", two.port())).isTrue();
			assertThat(cache.statistics(SessionSide.CLIENT).invalidations()).isEqualTo(1);
		}
	}

	@Test
	void invalidatingAllForcesAFullHandshake() throws Exception {
		try (ResumingServer server = new ResumingServer(server("TLSv1.2"))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			exchange(factory, "localhost", server.port());
			assertThat(factory.contextFactory().sessionCache().invalidateAll()).isEqualTo(1);
			assertThat(exchange(factory, "localhost", server.port())).isFalse();
		}
	}

	@Test
	void jsseServerResumesFromStatelessTicketsAndCachesNothing() throws Exception {
		// JDK 13+ servers issue RFC 5077 / TLS 1.3 tickets sealed with the context's own key
		try (ResumingServer server = new ResumingServer(server("TLSv1.2"))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			exchange(factory, "localhost", server.port());
			assertThat(exchange(factory, "localhost", server.port())).isTrue();
			assertThat(server.context().sessionCache().size(SessionSide.SERVER)).isZero();
		}
	}

	@Test
	void countsSessionsDroppedFromAFullCacheAsEvictions() throws Exception {
		try (ResumingServer one = new ResumingServer(server("TLSv1.2"));
				ResumingServer two = new ResumingServer(server("TLSv1.2"))) {
			SslSocketFactory factory = new SslSocketFactory(
					new SslContextFactory(client("TLSv1.2").sessionCacheSize(1).build()));
			exchange(factory, "localhost", one.port());
			exchange(factory, "localhost", two.port());
			SessionStatistics statistics = factory.contextFactory().sessionCache().statistics(SessionSide.CLIENT);
			assertThat(statistics.size()).isEqualTo(1);
			assertThat(statistics.evictions()).isEqualTo(1);
			assertThat(exchange(factory, "localhost", one.port())).isFalse();
		}
	}

	@Test
	void invalidationsAreNotEvictions() throws Exception {
		try (ResumingServer server = new ResumingServer(server("TLSv1.2"))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			exchange(factory, "localhost", server.port());
			SessionCache cache = factory.contextFactory().sessionCache();
			cache.invalidateAll();
			assertThat(cache.statistics(SessionSide.CLIENT).evictions()).isZero();
		}
	}

	@Test
	void reusedRefusesASocketItDidNotHandshake() throws Exception {
		try (ResumingServer server = new ResumingServer(server("TLSv1.2"))) {
			SslContextFactory context = new SslContextFactory(client("TLSv1.2").build());
			try (SSLSocket socket = (SSLSocket) context.sslContext()
				.getSocketFactory()
				.createSocket("localhost", server.port())) {
				assertThatIllegalArgumentException().isThrownBy(() -> context.ledger().resumed(socket))
					.withMessageContaining("'client'");
			}
		}
	}

	@Test
	void aSessionIsNotResumedByAContextWithOtherVerificationSettings() throws Exception {
		try (ResumingServer server = new ResumingServer(server("TLSv1.2"))) {
			SslSocketFactory verifying = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			SslSocketFactory other = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").name("other")
				.verifyName("localhost")
				.build()));
			exchange(verifying, "localhost", server.port());
			try (SSLSocket socket = other.connect("localhost", server.port())) {
				echo(socket, "x");
				assertThat(other.reused(socket)).isFalse();
			}
		}
	}

	@Test
	void countersAreReadWithoutGoingThroughTheCache() throws Exception {
		try (ResumingServer server = new ResumingServer(server("TLSv1.2"))) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client("TLSv1.2").build()));
			for (int i = 0; i < 3; i++) {
				exchange(factory, "localhost", server.port());
			}
			SessionCache cache = factory.contextFactory().sessionCache();
			cache.invalidateAll();
			SessionStatistics statistics = cache.statistics(SessionSide.CLIENT);
			long sweeps = cache.sweeps(SessionSide.CLIENT);
			assertThat(cache.hits(SessionSide.CLIENT)).isEqualTo(statistics.hits()).isEqualTo(2);
			assertThat(cache.misses(SessionSide.CLIENT)).isEqualTo(statistics.misses()).isEqualTo(1);
			assertThat(cache.invalidations(SessionSide.CLIENT)).isEqualTo(statistics.invalidations()).isEqualTo(1);
			assertThat(cache.sweeps(SessionSide.CLIENT)).isEqualTo(sweeps);
		}
	}

	@Test
	void recordingIntoACacheWithoutLimitSweepsItOnlyNowAndThen() throws Exception {
		// size 0: no limit (-Djavax.net.ssl.sessionCacheSize=0); each sweep goes through every session,
		// so sweeping on every handshake once the cache holds more than the minimum would be quadratic
		try (ResumingServer server = new ResumingServer(server("TLSv1.2"))) {
			SSLContext jsse = TestSslContexts.client(SessionResumptionTest.ca().certificate());
			jsse.getClientSessionContext().setSessionCacheSize(0);
			SessionCache cache = new SessionCache("unlimited", jsse, 4);
			for (int i = 0; i < 30; i++) {
				// a host name of its own per connection: a session of its own in the cache
				try (Socket plain = new Socket("localhost", server.port());
						SSLSocket socket = (SSLSocket) jsse.getSocketFactory()
							.createSocket(plain, "h" + i + ".test", server.port(), true)) {
					socket.startHandshake();
					cache.record(socket, SessionSide.CLIENT, false);
				}
			}
			// sweeps when 8 were seen, then 18 (twice the 9 present then): not 22 times, once per handshake from the 9th
			assertThat(cache.sweeps(SessionSide.CLIENT)).isBetween(1L, 3L);
			assertThat(cache.size(SessionSide.CLIENT)).isEqualTo(30);
			assertThat(cache.statistics(SessionSide.CLIENT).evictions()).isZero();
		}
	}

	@Test
	void settingsWithoutSessionOptionsKeepTheJdkDefaults() {
		SessionCache cache = new SslContextFactory(SslSettings.builder()
			.name("defaults")
			.trustedCertificates(List.of(SessionResumptionTest.ca().certificate()))
			.trustSystemDefaults(false)
			.build()).sessionCache();
		// the JDK's defaults: 20480 sessions, 86400 s
		assertThat(cache.maximumSize(SessionSide.CLIENT)).isEqualTo(20480);
		assertThat(cache.timeout(SessionSide.CLIENT)).isEqualTo(Duration.ofDays(1));
	}

}
