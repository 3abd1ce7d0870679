package io.github.sslstarter.actuate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of every configured TLS peer ({@code ssl.health.peers}): one component per peer,
 * by its name, each a {@link TlsPeerHealthIndicator}. Answers from the peers' last results.
 */
public final class TlsPeerHealthContributor implements CompositeHealthContributor {

	private final Map<String, TlsPeerHealthIndicator> indicators;

	/**
	 * A contributor for the peers of {@code checks}.
	 * @param checks the background checks
	 * @param expiringStatus the status of a reachable peer whose chain expires within its
	 * threshold (Spring Boot's own SSL indicator uses {@code UP})
	 */
	public TlsPeerHealthContributor(TlsPeerChecks checks, Status expiringStatus) {
		this(checks, expiringStatus, Clock.systemUTC());
	}

	TlsPeerHealthContributor(TlsPeerChecks checks, Status expiringStatus, Clock clock) {
		Map<String, TlsPeerHealthIndicator> indicators = new LinkedHashMap<>();
		checks.peers()
			.forEach((peer) -> indicators.put(peer.name(),
					new TlsPeerHealthIndicator(checks, peer, expiringStatus, clock)));
		this.indicators = indicators;
	}

	@Override
	public HealthContributor getContributor(String name) {
		return this.indicators.get(name);
	}

	@Override
	public Stream<Entry> stream() {
		return this.indicators.entrySet().stream().map((entry) -> new Entry(entry.getKey(), entry.getValue()));
	}

}
