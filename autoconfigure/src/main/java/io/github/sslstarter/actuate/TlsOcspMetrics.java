package io.github.sslstarter.actuate;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.sslstarter.core.VerifyingTrustManager;

/**
 * The {@code tls.ocsp.unknown.accepted} counter, tagged {@code context}: how many peer
 * certificates of unknown OCSP status a context accepted under
 * {@code trust.revocation-unknown=accept} (each also logged as a WARN). A rising count means
 * revocation is not being checked for those peers: an unreachable responder, say.
 */
public final class TlsOcspMetrics implements MeterBinder {

	private final Map<String, VerifyingTrustManager> trustManagers;

	// Spring Boot binds every MeterBinder bean, and the auto-configuration binds this one itself
	private final Set<MeterRegistry> bound = Collections.newSetFromMap(new WeakHashMap<>());

	/**
	 * Meters for these contexts.
	 * @param trustManagers each context's trust manager by context name
	 */
	public TlsOcspMetrics(Map<String, VerifyingTrustManager> trustManagers) {
		this.trustManagers = Map.copyOf(trustManagers);
	}

	/** Registers the counters; a registry this binder was already bound to is left as it is. */
	@Override
	public void bindTo(MeterRegistry registry) {
		synchronized (this.bound) {
			if (!this.bound.add(registry)) {
				return;
			}
		}
		this.trustManagers.forEach((context, trustManager) -> FunctionCounter
			.builder("tls.ocsp.unknown.accepted", trustManager, VerifyingTrustManager::ocspUnknownAccepted)
			.description("Peer certificates of unknown OCSP status accepted (trust.revocation-unknown=accept)")
			.tag("context", context)
			.register(registry));
	}

}
