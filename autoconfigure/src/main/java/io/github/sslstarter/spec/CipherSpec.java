package io.github.sslstarter.spec;

import java.util.Collection;
import java.util.List;

/**
 * The OpenSSL cipher-string language, and IANA names. STUB: replaced by the spec issue; keep
 * the public signatures.
 */
public final class CipherSpec {

	private CipherSpec() {
	}

	/**
	 * Resolves an OpenSSL cipher string or list of IANA names (null or blank: the secure
	 * default) against the TLS 1.2-and-earlier suites in {@code supported}, in OpenSSL's order,
	 * returning IANA names.
	 * @throws SpecException when an element is unknown or nothing usable is left
	 */
	public static List<String> resolve(String spec, Collection<String> supported) {
		if (spec == null || spec.isBlank()) {
			return supported.stream().filter((s) -> !s.startsWith("TLS_AES") && !s.startsWith("TLS_CHACHA20"))
				.filter((s) -> s.contains("_ECDHE_") && s.contains("GCM")).toList();
		}
		List<String> result = List.of(spec.split("[:,\\s]+"));
		for (String suite : result) {
			if (!supported.contains(suite)) {
				throw new SpecException("Unknown cipher suite '" + suite + "'");
			}
		}
		return result;
	}

	/**
	 * Resolves the TLS 1.3 suites (colon-separated IANA names; null or blank: all this JVM has).
	 * @throws SpecException when a name is unknown
	 */
	public static List<String> resolveTls13(String spec, Collection<String> supported) {
		if (spec == null || spec.isBlank()) {
			return supported.stream().filter((s) -> s.startsWith("TLS_AES") || s.startsWith("TLS_CHACHA20")).toList();
		}
		List<String> result = List.of(spec.split("[:,\\s]+"));
		for (String suite : result) {
			if (!supported.contains(suite)) {
				throw new SpecException("Unknown TLS 1.3 cipher suite '" + suite + "'");
			}
		}
		return result;
	}

}
