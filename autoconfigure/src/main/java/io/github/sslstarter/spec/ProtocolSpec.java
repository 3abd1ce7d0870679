package io.github.sslstarter.spec;

import java.security.Security;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The protocol-version language: JSSE names ({@code TLSv1.3}, {@code TLSv1.2}, ...) and
 * IO::Socket::SSL's {@code SSL_version} syntax ({@code SSLv23:!TLSv1:!TLSv11}, {@code TLSv1_2}),
 * case-insensitive, {@code :}-separated. {@code SSLv23} means every version this JVM supports and
 * enables; a spec of exclusions only starts from it.
 */
public final class ProtocolSpec {

	/** The security property whose protocol entries the JVM refuses to negotiate. */
	public static final String DISABLED_ALGORITHMS_PROPERTY = "jdk.tls.disabledAlgorithms";

	/** Newest first, as JSSE lists them. */
	private static final List<String> VERSIONS = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3", "SSLv2");

	private static final Map<String, String> ALIASES = aliases();

	private ProtocolSpec() {
	}

	/**
	 * Resolves {@code spec} (null or blank: TLS 1.2 and 1.3) against the protocols this JVM
	 * supports and enables, returning JSSE names, newest first.
	 * @param spec the protocol spec
	 * @param supported the protocols the JVM's provider supports
	 * @return the protocols to enable, never empty
	 * @throws SpecException when an element is unknown or refused, or nothing is left
	 */
	public static List<String> resolve(String spec, Collection<String> supported) {
		return resolve(spec, supported, Security.getProperty(DISABLED_ALGORITHMS_PROPERTY));
	}

	static List<String> resolve(String spec, Collection<String> supported, String disabledAlgorithms) {
		Set<String> disabled = disabledVersions(disabledAlgorithms);
		String effective = (spec == null || spec.isBlank()) ? "TLSv1.2:TLSv1.3" : spec.trim();
		Set<String> included = new LinkedHashSet<>();
		Set<String> excluded = new LinkedHashSet<>();
		boolean positive = false;
		for (String element : effective.split("[:,\\s]+")) {
			if (element.isEmpty()) {
				continue;
			}
			boolean exclude = element.startsWith("!");
			String name = exclude ? element.substring(1) : element;
			String canonical = ALIASES.get(name.toLowerCase(Locale.ROOT));
			if (canonical == null) {
				throw new SpecException("Unknown protocol version '" + name + "' in '" + effective
						+ "'; use JSSE names (TLSv1.3, TLSv1.2) or IO::Socket::SSL's (SSLv23, TLSv1_2, TLSv12, ...)");
			}
			if (exclude) {
				// Excluding what cannot be had anyway is harmless: IO::Socket::SSL specs say !SSLv2 routinely.
				if ("SSLv23".equals(canonical)) {
					throw new SpecException("'!SSLv23' excludes every protocol version in '" + effective + "'");
				}
				excluded.add(canonical);
				continue;
			}
			positive = true;
			if ("SSLv23".equals(canonical)) {
				for (String version : VERSIONS) {
					if (supported.contains(version) && !disabled.contains(version)) {
						included.add(version);
					}
				}
			}
			else {
				refuseUnusable(canonical, supported, disabled, disabledAlgorithms);
				included.add(canonical);
			}
		}
		if (!positive) {
			return resolve("SSLv23:" + effective, supported, disabledAlgorithms);
		}
		List<String> result = new ArrayList<>();
		for (String version : VERSIONS) {
			if (included.contains(version) && !excluded.contains(version)) {
				result.add(version);
			}
		}
		if (result.isEmpty()) {
			throw new SpecException("Protocol spec '" + effective + "' excludes every version this JVM can use "
					+ "(supported and enabled: " + usable(supported, disabled) + ")");
		}
		return result;
	}

	private static void refuseUnusable(String version, Collection<String> supported, Set<String> disabled,
			String disabledAlgorithms) {
		if ("SSLv2".equals(version)) {
			throw new SpecException("SSLv2 is not available: it is insecure (RFC 6176 prohibits it) and JSSE "
					+ "does not implement it; use TLSv1.2 or TLSv1.3");
		}
		if (!supported.contains(version)) {
			throw new SpecException(version + " is not supported by this JVM (it supports " + supported + ")");
		}
		if (disabled.contains(version)) {
			String why = "SSLv3".equals(version) ? " (it is insecure: POODLE, RFC 7568)"
					: (version.startsWith("TLSv1") && !version.equals("TLSv1.2") && !version.equals("TLSv1.3"))
							? " (deprecated by RFC 8996)" : "";
			throw new SpecException(version + " is disabled in this JVM by the security property "
					+ DISABLED_ALGORITHMS_PROPERTY + " (" + disabledAlgorithms + ")" + why
					+ "; remove it from the spec, or remove it from that property in the java.security file "
					+ "if a legacy peer truly needs it");
		}
	}

	private static List<String> usable(Collection<String> supported, Set<String> disabled) {
		return VERSIONS.stream().filter(supported::contains).filter((v) -> !disabled.contains(v)).toList();
	}

	/** The protocol versions named in a {@code jdk.tls.disabledAlgorithms} value. */
	static Set<String> disabledVersions(String disabledAlgorithms) {
		Set<String> versions = new LinkedHashSet<>();
		if (disabledAlgorithms == null) {
			return versions;
		}
		for (String entry : disabledAlgorithms.split(",")) {
			String algorithm = entry.trim().split("\\s+")[0];
			for (String version : VERSIONS) {
				if (version.equalsIgnoreCase(algorithm)) {
					versions.add(version);
				}
			}
		}
		return versions;
	}

	private static Map<String, String> aliases() {
		return Map.ofEntries(Map.entry("sslv23", "SSLv23"), Map.entry("sslv2", "SSLv2"), Map.entry("sslv3", "SSLv3"),
				Map.entry("tlsv1", "TLSv1"), Map.entry("tlsv1.0", "TLSv1"), Map.entry("tlsv1_0", "TLSv1"),
				Map.entry("tlsv10", "TLSv1"), Map.entry("tlsv1.1", "TLSv1.1"), Map.entry("tlsv1_1", "TLSv1.1"),
				Map.entry("tlsv11", "TLSv1.1"), Map.entry("tlsv1.2", "TLSv1.2"), Map.entry("tlsv1_2", "TLSv1.2"),
				Map.entry("tlsv12", "TLSv1.2"), Map.entry("tlsv1.3", "TLSv1.3"), Map.entry("tlsv1_3", "TLSv1.3"),
				Map.entry("tlsv13", "TLSv1.3"));
	}

}
