package io.github.sslstarter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.testing.TestTlsServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static io.github.sslstarter.actuate.TlsPeerFixtures.checks;
import static io.github.sslstarter.actuate.TlsPeerFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TlsPeerChecksTest {

	private static final Duration LONG_TTL = Duration.ofHours(1);

	@Test
	void stalledPeerDoesNotDelayAGoodOne() throws Exception {
		try (TestTlsServer stalled = TestTlsServer.misbehaving(TestTlsServer.Mode.STALL);
				TestTlsServer good = TestTlsServer.start(TlsPeerFixtures.goodServer())) {
			TlsPeerChecks checks = checks(LONG_TTL, 4, Duration.ofSeconds(3), peer("stalled", stalled.port()),
					peer("good", good.port()));
			try {
				long start = System.nanoTime();
				checks.start();
				TlsPeerResult result = await(checks, "good", Duration.ofSeconds(3));
				Duration goodTook = Duration.ofNanos(System.nanoTime() - start);
				System.out.println("good peer's result while the stalled one hangs: " + goodTook.toMillis() + " ms");
				assertThat(result.succeeded()).isTrue();
				// the stalled peer takes its whole 3 s timeout; the good one must not wait for it
				assertThat(goodTook).isLessThan(Duration.ofMillis(2500));
				assertThat(checks.last("stalled")).as("the stalled peer is still being checked").isNull();
			}
			finally {
				checks.stop();
			}
		}
	}

	@Test
	void healthAnswersAtOnceWhileAPeerHangs() throws Exception {
		try (TestTlsServer stalled = TestTlsServer.misbehaving(TestTlsServer.Mode.STALL)) {
			TlsPeerChecks checks = checks(LONG_TTL, 2, Duration.ofSeconds(5), peer("stalled", stalled.port()));
			try {
				checks.start();
				HealthIndicator indicator = (HealthIndicator) new TlsPeerHealthContributor(checks, Status.UP)
					.getContributor("stalled");
				long start = System.nanoTime();
				Health health = indicator.health();
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				// the stalled check holds on for 5 s: health() must not wait for it
				assertThat(took).isLessThan(Duration.ofMillis(1000));
				assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(health.getDetails()).containsEntry("reason", "first check pending");
			}
			finally {
				checks.stop();
			}
		}
	}

	@Test
	void resultsAreReusedWithinTheCacheTtl() throws Exception {
		try (TestTlsServer good = TestTlsServer.start(TlsPeerFixtures.goodServer())) {
			TlsPeerChecks checks = checks(LONG_TTL, 2, Duration.ofSeconds(5), peer("good", good.port()));
			try {
				checks.start();
				await(checks, "good", Duration.ofSeconds(3));
				HealthIndicator indicator = (HealthIndicator) new TlsPeerHealthContributor(checks, Status.UP)
					.getContributor("good");
				for (int i = 0; i < 100; i++) {
					assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
				}
				Thread.sleep(100);
				assertThat(good.serverNames()).as("handshakes the peer saw").hasSize(1);
			}
			finally {
				checks.stop();
			}
		}
	}

	@Test
	void peersAreCheckedAgainAfterTheCacheTtl() throws Exception {
		try (TestTlsServer good = TestTlsServer.start(TlsPeerFixtures.goodServer())) {
			TlsPeerChecks checks = checks(Duration.ofMillis(200), 2, Duration.ofSeconds(5),
					peer("good", "localhost", good.port(), null));
			try {
				checks.start();
				TlsPeerResult first = await(checks, "good", Duration.ofSeconds(3));
				Thread.sleep(1000);
				TlsPeerResult later = checks.last("good");
				assertThat(later.checkedAt()).isAfter(first.checkedAt());
				// about one check per 200 ms: neither once nor continuously
				assertThat(good.serverNames().size()).isBetween(3, 7);
			}
			finally {
				checks.stop();
			}
		}
	}

	@Test
	void failedPeerIsDownWithTheClassifiedFailureAndItsMessage() throws Exception {
		try (TestTlsServer untrusted = TestTlsServer.start(TlsPeerFixtures.untrustedServer())) {
			TlsPeerChecks checks = checks(LONG_TTL, 2, Duration.ofSeconds(5), peer("untrusted", untrusted.port()));
			checks.checkAll().get();
			Health health = new TlsPeerHealthIndicator(checks, checks.peers().get(0), Status.UP,
					java.time.Clock.systemUTC())
				.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("failure", TlsFailure.UNTRUSTED_ISSUER.tag())
				.containsEntry("reason", "untrusted issuer");
			assertThat((String) health.getDetails().get("message")).contains("Action:");
		}
	}

	@Test
	void expiringPeerIsUpWithAWarningByDefault() throws Exception {
		try (TestTlsServer expiring = TestTlsServer.start(TlsPeerFixtures.expiringServer(Duration.ofDays(5)))) {
			TlsPeerChecks checks = checks(LONG_TTL, 2, Duration.ofSeconds(5), peer("expiring", expiring.port()));
			checks.checkAll().get();
			Health health = health(checks, "expiring", Status.UP);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("daysLeft", 4L).containsKey("warning");
		}
	}

	@Test
	void expiringPeerTakesTheConfiguredExpiringStatus() throws Exception {
		try (TestTlsServer expiring = TestTlsServer.start(TlsPeerFixtures.expiringServer(Duration.ofDays(5)));
				TestTlsServer good = TestTlsServer.start(TlsPeerFixtures.goodServer())) {
			TlsPeerChecks checks = checks(LONG_TTL, 2, Duration.ofSeconds(5), peer("expiring", expiring.port()),
					peer("good", good.port()));
			checks.checkAll().get();
			assertThat(health(checks, "expiring", Status.OUT_OF_SERVICE).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(health(checks, "good", Status.OUT_OF_SERVICE).getStatus()).isEqualTo(Status.UP);
		}
	}

	@Test
	void metricsShowSecondsToExpiryAndTimeEachCheck() throws Exception {
		try (TestTlsServer expiring = TestTlsServer.start(TlsPeerFixtures.expiringServer(Duration.ofDays(5)))) {
			TlsPeerChecks checks = checks(LONG_TTL, 2, Duration.ofSeconds(5), peer("expiring", expiring.port()),
					peer("closed", 1));
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			new TlsPeerMetrics(checks).bindTo(registry);
			Gauge gauge = registry.get("tls.peer.certificate.expiry").tag("peer", "expiring").gauge();
			assertThat(gauge.value()).isNaN();
			checks.checkAll().get();
			assertThat(gauge.value()).isCloseTo(Duration.ofDays(5).toSeconds(), within(60.0));
			assertThat(registry.get("tls.peer.certificate.expiry").tag("peer", "closed").gauge().value()).isNaN();
			Timer success = registry.get("tls.peer.check").tags("peer", "expiring", "outcome", "success").timer();
			assertThat(success.count()).isEqualTo(1);
			assertThat(success.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
			assertThat(registry.get("tls.peer.check").tags("peer", "closed", "outcome", TlsFailure.CONNECT_FAILED.tag()).timer()
				.count()).isEqualTo(1);
		}
	}

	private static Health health(TlsPeerChecks checks, String name, Status expiringStatus) {
		return ((HealthIndicator) new TlsPeerHealthContributor(checks, expiringStatus).getContributor(name)).health();
	}

	static TlsPeerResult await(TlsPeerChecks checks, String name, Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			TlsPeerResult result = checks.last(name);
			if (result != null) {
				return result;
			}
			Thread.sleep(5);
		}
		throw new AssertionError("no result for " + name + " within " + timeout);
	}

	static Map<String, TlsPeerResult> all(TlsPeerChecks checks) throws Exception {
		return checks.checkAll().get();
	}

	@Test
	void checksGoOnAfterAStopAndAStart() throws Exception {
		TlsPeerChecks checks = checks(Duration.ofMillis(200), 2, Duration.ofSeconds(2), peer("closed", 1));
		try {
			checks.start();
			await(checks, "closed", Duration.ofSeconds(3));
			checks.stop();
			checks.start();
			Thread.sleep(300);
			TlsPeerResult before = checks.last("closed");
			Thread.sleep(1000);
			assertThat(checks.last("closed")).isNotSameAs(before);
		}
		finally {
			checks.close();
		}
	}

	@Test
	void aFailingListenerNeitherStopsTheChecksNorHidesTheResult() throws Exception {
		TlsPeerChecks checks = checks(Duration.ofMillis(200), 2, Duration.ofSeconds(2), peer("closed", 1));
		java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
		checks.addListener((result) -> {
			calls.incrementAndGet();
			throw new IllegalStateException("listener failure");
		});
		try {
			checks.start();
			Thread.sleep(1200);
			assertThat(checks.last("closed")).isNotNull();
			assertThat(calls.get()).isGreaterThan(1);
		}
		finally {
			checks.close();
		}
	}

}
