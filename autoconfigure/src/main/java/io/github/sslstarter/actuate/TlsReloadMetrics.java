package io.github.sslstarter.actuate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.sslstarter.core.TlsReload;
import io.github.sslstarter.core.TlsReloadListener;

/**
 * Counts every reload of a context's material as {@code tls.reload}, tagged {@code context} and
 * {@code outcome} ({@code success}/{@code failure}). A failure is counted once for material that
 * cannot be used, not for each silent retry of it.
 */
public final class TlsReloadMetrics implements TlsReloadListener {

	/** The counter's name. */
	public static final String RELOAD = "tls.reload";

	private final MeterRegistry registry;

	/** Counts reloads into {@code registry}. */
	public TlsReloadMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void reloaded(TlsReload reload) {
		Counter.builder(RELOAD)
			.description("Reloads of a TLS context's key and trust material")
			.tag("context", reload.context())
			.tag("outcome", reload.outcome())
			.register(this.registry)
			.increment();
	}

}
