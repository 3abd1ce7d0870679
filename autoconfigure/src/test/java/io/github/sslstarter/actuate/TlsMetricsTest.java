package io.github.sslstarter.actuate;

import java.time.Duration;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.sslstarter.core.HandshakeEvent;
import io.github.sslstarter.core.TlsFailure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TlsMetrics} keeps each timer it registered: handshakes alike add to one timer, and
 * any tag that differs (outcome, failure class, resumption, protocol, side, peer host when
 * asked for) gives a timer of its own, with the tags it would have had without the cache.
 */
class TlsMetricsTest {

	private static HandshakeEvent event(boolean client, String host, String protocol, boolean resumed,
			TlsFailure failure, long millis) {
		return new HandshakeEvent("mail", client, host, 40000 + (int) millis, (failure == null) ? protocol : null,
				(failure == null) ? "TLS_AES_128_GCM_SHA256" : null, resumed, Duration.ofMillis(millis), failure);
	}

	@Test
	void handshakesAlikeShareATimerAndEachDifferenceHasItsOwn() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		TlsMetrics metrics = new TlsMetrics(registry);
		metrics.handshake(event(true, "a.example", "TLSv1.3", false, null, 2));
		metrics.handshake(event(true, "b.example", "TLSv1.3", false, null, 4));
		metrics.handshake(event(true, "a.example", "TLSv1.3", true, null, 1));
		metrics.handshake(event(false, "a.example", "TLSv1.3", false, null, 3));
		metrics.handshake(event(true, "a.example", "TLSv1.2", false, null, 5));
		metrics.handshake(event(true, "a.example", null, false, TlsFailure.UNTRUSTED_ISSUER, 6));
		metrics.handshake(event(true, "a.example", null, false, TlsFailure.TIMEOUT, 7));
		metrics.handshake(event(true, "a.example", null, false, TlsFailure.TIMEOUT, 8));

		Timer full = registry.get(TlsMetrics.HANDSHAKE)
			.tags("context", "mail", "side", "client", "protocol", "TLSv1.3", "resumed", "false", "outcome", "success")
			.timer();
		assertThat(full.count()).isEqualTo(2);
		assertThat(full.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(6.0);
		assertThat(registry.get(TlsMetrics.HANDSHAKE).tags("resumed", "true").timer().count()).isEqualTo(1);
		assertThat(registry.get(TlsMetrics.HANDSHAKE).tags("side", "server").timer().count()).isEqualTo(1);
		assertThat(registry.get(TlsMetrics.HANDSHAKE).tags("protocol", "TLSv1.2").timer().count()).isEqualTo(1);
		assertThat(registry.get(TlsMetrics.HANDSHAKE).tags("failure", TlsFailure.TIMEOUT.tag()).timer().count())
			.isEqualTo(2);
		assertThat(registry.get(TlsMetrics.HANDSHAKE)
			.tags("failure", TlsFailure.UNTRUSTED_ISSUER.tag(), "outcome", "failure", "protocol", "none")
			.timer()
			.count()).isEqualTo(1);
		assertThat(registry.find(TlsMetrics.HANDSHAKE).timers()).hasSize(6);
		assertThat(registry.find(TlsMetrics.HANDSHAKE).tagKeys("peer.host").timers()).isEmpty();
	}

	@Test
	void withPeerTagsEachHostHasItsTimer() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		TlsMetrics metrics = new TlsMetrics(registry, true);
		metrics.handshake(event(true, "a.example", "TLSv1.3", false, null, 2));
		metrics.handshake(event(true, "b.example", "TLSv1.3", false, null, 4));
		metrics.handshake(event(true, "b.example", "TLSv1.3", false, null, 4));
		assertThat(registry.get(TlsMetrics.HANDSHAKE).tags("peer.host", "a.example").timer().count()).isEqualTo(1);
		assertThat(registry.get(TlsMetrics.HANDSHAKE).tags("peer.host", "b.example").timer().count()).isEqualTo(2);
	}

}
