package io.github.sslstarter.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import io.github.sslstarter.core.HandshakeEvent;
import io.github.sslstarter.core.HandshakeListener;

/**
 * Times every handshake as {@code tls.handshake} (a Micrometer timer, in seconds) with
 * low-cardinality tags: {@code context}, {@code side} ({@code client}/{@code server}),
 * {@code protocol}, {@code cipher.suite}, {@code outcome} ({@code success}/{@code failure}),
 * {@code failure} (the failure class, or {@code none}) and {@code resumed}. The peer's host is
 * a tag ({@code peer.host}) only when asked for: one time series per peer can be many. Each
 * timer is looked up in the registry once and kept: building the tags and finding the meter on
 * every handshake took 350 ns a call, a kept timer takes 50 ns ({@code BookkeepingBenchmark}).
 */
public final class TlsMetrics implements HandshakeListener {

	/** The timer's name. */
	public static final String HANDSHAKE = "tls.handshake";

	private static final String NONE = "none";

	private final MeterRegistry registry;

	private final boolean peerTags;

	private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

	/** Times handshakes into {@code registry}, without peer tags. */
	public TlsMetrics(MeterRegistry registry) {
		this(registry, false);
	}

	/** Times handshakes into {@code registry}, with {@code peer.host} tags if {@code peerTags}. */
	public TlsMetrics(MeterRegistry registry, boolean peerTags) {
		this.registry = registry;
		this.peerTags = peerTags;
	}

	@Override
	public void handshake(HandshakeEvent event) {
		Key key = new Key(event.context(), event.client(), event.protocol(), event.cipherSuite(),
				event.succeeded() ? null : event.failure().tag(), event.resumed(), this.peerTags ? event.host() : null);
		Timer timer = this.timers.get(key);
		if (timer == null) {
			timer = this.timers.computeIfAbsent(key, (k) -> register(event));
		}
		timer.record(event.duration());
	}

	private Timer register(HandshakeEvent event) {
		Tags tags = Tags.of("context", event.context(), "side", event.client() ? "client" : "server", "protocol",
				orNone(event.protocol()), "cipher.suite", orNone(event.cipherSuite()), "outcome",
				event.succeeded() ? "success" : "failure", "failure",
				event.succeeded() ? NONE : event.failure().tag(), "resumed",
				String.valueOf(event.resumed()));
		if (this.peerTags) {
			tags = tags.and("peer.host", orNone(event.host()));
		}
		return Timer.builder(HANDSHAKE)
			.description("TLS handshakes, successful or not")
			.tags(tags)
			.register(this.registry);
	}

	private static String orNone(String value) {
		return (value != null) ? value : NONE;
	}

	/** What tells one timer from another. */
	private record Key(String context, boolean client, String protocol, String cipherSuite, String failure,
			boolean resumed, String host) {
	}

}
