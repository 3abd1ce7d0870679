package io.github.sslstarter.core;

import java.time.Instant;
import java.util.List;

/**
 * One reload of a context's key and trust material, successful or not: what the
 * {@link TlsReloadListener}s are told, the {@code tls.reload} counter counts and
 * {@code /actuator/tls} shows. It holds no secret: the problem is the reason a file was refused
 * (never its content), the fingerprint a public certificate's.
 *
 * @param context the context's name
 * @param time when the reload was tried
 * @param succeeded whether the new material is in use (when not, the old one still is)
 * @param sources what caused it: the files that changed, or {@code SSL bundle 'name'}
 * @param problem why the new material was refused (the property and the reason), or {@code null}
 * @param fingerprint the SHA-256 fingerprint of our certificate in use after the reload (OpenSSL's
 * {@code AB:CD:...} form), or {@code null} when the context has no identity
 * @param change what changed, or {@code null} when the reload failed
 */
public record TlsReload(String context, Instant time, boolean succeeded, List<String> sources, String problem,
		String fingerprint, MaterialChange change) {

	public TlsReload {
		sources = List.copyOf(sources);
	}

	/** {@code success} or {@code failure}, as the metric's tag. */
	public String outcome() {
		return this.succeeded ? "success" : "failure";
	}

	/** The SHA-256 fingerprint of a context's certificate in use, or {@code null} when it has no identity. */
	public static String fingerprintOf(SslContextFactory factory) {
		io.github.sslstarter.material.Identity identity = factory.settings().identity();
		return (identity != null) ? MaterialChange.fingerprint(identity.certificate()) : null;
	}

}
