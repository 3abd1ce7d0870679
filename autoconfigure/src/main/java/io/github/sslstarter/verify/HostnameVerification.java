package io.github.sslstarter.verify;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Matches host names against certificates by scheme. STUB: replaced by the verify issue.
 */
public final class HostnameVerification {

	private HostnameVerification() {
	}

	/** Matches {@code host} against {@code certificate} under {@code scheme}. */
	public static HostnameMatch verify(String host, X509Certificate certificate, HostnameScheme scheme) {
		return new HostnameMatch(true, host, scheme.name(), List.of());
	}

}
