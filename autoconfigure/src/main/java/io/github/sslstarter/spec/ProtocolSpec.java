package io.github.sslstarter.spec;

import java.util.Collection;
import java.util.List;

/**
 * The protocol-version language: JSSE names and IO::Socket::SSL's {@code SSL_version} syntax.
 * STUB: replaced by the spec issue; keep the public signatures.
 */
public final class ProtocolSpec {

	private ProtocolSpec() {
	}

	/**
	 * Resolves {@code spec} (null or blank: TLS 1.2 and 1.3) against the protocols this JVM
	 * supports and enables, returning JSSE names.
	 * @throws SpecException when an element is unknown or refused, or nothing is left
	 */
	public static List<String> resolve(String spec, Collection<String> supported) {
		if (spec == null || spec.isBlank()) {
			return List.of("TLSv1.3", "TLSv1.2");
		}
		List<String> result = List.of(spec.split("[:,\\s]+"));
		for (String protocol : result) {
			if (!supported.contains(protocol)) {
				throw new SpecException("Unknown protocol '" + protocol + "'; this JVM supports " + supported);
			}
		}
		return result;
	}

}
