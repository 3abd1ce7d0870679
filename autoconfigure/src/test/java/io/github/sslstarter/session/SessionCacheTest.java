package io.github.sslstarter.session;

import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;

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
