package io.github.sslstarter.actuate;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Metrics of the configured TLS peers:
 * <ul>
 * <li>{@code tls.peer.certificate.expiry} (gauge, seconds, tag {@code peer}): time until the
 * first certificate of the peer's chain expires, from the last successful check; {@code NaN}
 * before one or after a failed check;
 * <li>{@code tls.peer.check} (timer, tags {@code peer} and {@code outcome}: {@code success} or
 * the failure tag such as {@code hostname-mismatch}): how long each check took.
 * </ul>
 */
public final class TlsPeerMetrics implements MeterBinder {

	private final TlsPeerChecks checks;

	private final Clock clock;

	/** Metrics of the peers of {@code checks}. */
	public TlsPeerMetrics(TlsPeerChecks checks) {
		this(checks, Clock.systemUTC());
	}

	TlsPeerMetrics(TlsPeerChecks checks, Clock clock) {
		this.checks = checks;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (TlsPeer peer : this.checks.peers()) {
			Gauge.builder("tls.peer.certificate.expiry", this.checks, (checks) -> secondsToExpiry(checks, peer))
				.description("Seconds until the first certificate of the TLS peer's chain expires")
				.baseUnit("seconds")
				.tag("peer", peer.name())
				.strongReference(true)
				.register(registry);
		}
		this.checks.addListener((result) -> Timer.builder("tls.peer.check")
			.description("Time of one TLS peer check: connect, STARTTLS dialogue and handshake")
			.tag("peer", result.peer().name())
			.tag("outcome", result.succeeded() ? "success" : result.failure())
			.register(registry)
			.record(result.checkTime().toNanos(), TimeUnit.NANOSECONDS));
	}

	private double secondsToExpiry(TlsPeerChecks checks, TlsPeer peer) {
		TlsPeerResult result = checks.last(peer.name());
		return (result != null) ? result.secondsToExpiry(this.clock.instant()) : Double.NaN;
	}

}
