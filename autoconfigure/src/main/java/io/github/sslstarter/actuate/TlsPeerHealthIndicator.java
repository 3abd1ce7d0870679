package io.github.sslstarter.actuate;

import java.time.Clock;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of one TLS peer, from its last check: never connects itself, so it answers at
 * once however the peer behaves.
 * <ul>
 * <li>{@code UNKNOWN} until the first check has finished ({@code reason: first check pending});
 * <li>{@code DOWN} when the check failed, with the class of failure ({@code failure},
 * {@code reason}) and a {@code message} that says what to do;
 * <li>{@code UP} with the protocol, cipher suite, chain, verification, expiry and timings;
 * a chain expiring within the threshold stays {@code UP} (or the configured expiring status)
 * and carries a {@code warning}.
 * </ul>
 */
public final class TlsPeerHealthIndicator implements HealthIndicator {

	private final TlsPeerChecks checks;

	private final TlsPeer peer;

	private final Status expiringStatus;

	private final Clock clock;

	TlsPeerHealthIndicator(TlsPeerChecks checks, TlsPeer peer, Status expiringStatus, Clock clock) {
		this.checks = checks;
		this.peer = peer;
		this.expiringStatus = expiringStatus;
		this.clock = clock;
	}

	@Override
	public Health health() {
		TlsPeerResult result = this.checks.last(this.peer.name());
		if (result == null) {
			return Health.unknown()
				.withDetail("target", this.peer.target())
				.withDetail("context", this.peer.context())
				.withDetail("reason", "first check pending")
				.build();
		}
		Instant now = this.clock.instant();
		Status status = !result.succeeded() ? Status.DOWN : result.expiring(now) ? this.expiringStatus : Status.UP;
		return Health.status(status).withDetails(result.details(now)).build();
	}

}
