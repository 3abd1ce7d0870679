package io.github.sslstarter.actuate;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.sslstarter.session.SessionCache;
import io.github.sslstarter.session.SessionSide;

/**
 * The session caches of contexts as meters, after Micrometer's cache conventions, tagged
 * {@code context} and {@code side}: {@code tls.session.cache.size} (gauge),
 * {@code tls.session.cache.gets} with {@code result} {@code hit}/{@code miss} (resumed and full
 * handshakes), {@code tls.session.cache.evictions} and {@code tls.session.cache.invalidations}
 * (counters). A scrape goes through each cache twice per side (size and evictions); the other
 * counters are read without looking at the cache.
 */
public final class TlsSessionMetrics implements MeterBinder {

	private final Iterable<SessionCache> caches;

	// Spring Boot binds every MeterBinder bean, and the auto-configuration binds this one itself
	private final Set<MeterRegistry> bound = Collections.newSetFromMap(new WeakHashMap<>());

	/** Meters for these caches. */
	public TlsSessionMetrics(Iterable<SessionCache> caches) {
		this.caches = caches;
	}

	/** Registers the meters; a registry this binder was already bound to is left as it is. */
	@Override
	public void bindTo(MeterRegistry registry) {
		synchronized (this.bound) {
			if (!this.bound.add(registry)) {
				return;
			}
		}
		for (SessionCache cache : this.caches) {
			for (SessionSide side : SessionSide.values()) {
				Tags tags = Tags.of("context", cache.name(), "side", side.tag());
				Gauge.builder("tls.session.cache.size", cache, (c) -> c.size(side))
					.description("TLS sessions in the cache")
					.baseUnit("sessions")
					.tags(tags)
					.register(registry);
				FunctionCounter.builder("tls.session.cache.gets", cache, (c) -> c.hits(side))
					.description("Handshakes that resumed a cached session (hit) or made a new one (miss)")
					.tags(tags.and("result", "hit"))
					.register(registry);
				FunctionCounter.builder("tls.session.cache.gets", cache, (c) -> c.misses(side))
					.description("Handshakes that resumed a cached session (hit) or made a new one (miss)")
					.tags(tags.and("result", "miss"))
					.register(registry);
				FunctionCounter.builder("tls.session.cache.evictions", cache, (c) -> c.statistics(side).evictions())
					.description("TLS sessions dropped before their timeout without being invalidated")
					.tags(tags)
					.register(registry);
				FunctionCounter
					.builder("tls.session.cache.invalidations", cache, (c) -> c.invalidations(side))
					.description("TLS sessions invalidated through the session cache")
					.tags(tags)
					.register(registry);
			}
		}
	}

}
