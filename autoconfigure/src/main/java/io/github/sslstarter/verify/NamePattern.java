package io.github.sslstarter.verify;

import java.util.Locale;

import io.github.sslstarter.verify.HostnameScheme.Wildcards;

/**
 * One DNS name presented by a certificate (a dNSName subjectAltName or the common name), checked
 * and split once so that matching a host is a few region comparisons.
 */
final class NamePattern {

	private static final NamePattern UNUSABLE = new NamePattern(Kind.UNUSABLE, null, null, null);

	private enum Kind {

		EXACT, FULL_LABEL_WILDCARD, PARTIAL_WILDCARD, UNUSABLE

	}

	private final Kind kind;

	// the whole name for EXACT; the text before '*' for wildcards
	private final String prefix;

	// the text between '*' and the first dot
	private final String suffix;

	// from the first dot on, e.g. ".example.org"
	private final String domain;

	private NamePattern(Kind kind, String prefix, String suffix, String domain) {
		this.kind = kind;
		this.prefix = prefix;
		this.suffix = suffix;
		this.domain = domain;
	}

	/**
	 * Parses a presented name. Names that could never match safely (NUL bytes, characters outside
	 * letters, digits, {@code -}, {@code _}, {@code .}, empty labels, more than one wildcard, a
	 * wildcard outside the leftmost label or covering a public suffix) become unusable.
	 */
	static NamePattern of(String presented) {
		if (presented == null) {
			return UNUSABLE;
		}
		String name = presented;
		if (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1);
		}
		if (name.isEmpty() || name.startsWith(".") || name.contains("..")) {
			return UNUSABLE;
		}
		int star = -1;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '*') {
				if (star >= 0) {
					return UNUSABLE;
				}
				star = i;
			}
			else if (!HostNames.isNameChar(c)) {
				return UNUSABLE;
			}
		}
		name = name.toLowerCase(Locale.ROOT);
		if (star < 0) {
			return new NamePattern(Kind.EXACT, name, null, null);
		}
		int dot = name.indexOf('.');
		if (dot < 0 || star > dot) {
			return UNUSABLE;
		}
		String base = name.substring(dot + 1);
		if (PublicSuffixes.icann().isPublicSuffix(base)) {
			return UNUSABLE;
		}
		Kind kind = (dot == 1) ? Kind.FULL_LABEL_WILDCARD : Kind.PARTIAL_WILDCARD;
		return new NamePattern(kind, name.substring(0, star), name.substring(star + 1, dot), name.substring(dot));
	}

	/** Whether {@code host} (normalized by {@link HostNames#normalize}) matches under that wildcard policy. */
	boolean matches(String host, Wildcards wildcards) {
		switch (this.kind) {
			case EXACT:
				return host.equals(this.prefix);
			case FULL_LABEL_WILDCARD:
				return wildcards != Wildcards.NONE && matchesWildcard(host);
			case PARTIAL_WILDCARD:
				return wildcards == Wildcards.ANYWHERE && !host.startsWith("xn--") && matchesWildcard(host);
			default:
				return false;
		}
	}

	private boolean matchesWildcard(String host) {
		int dot = host.indexOf('.');
		String domain = this.domain;
		if (dot < 0 || host.length() - dot != domain.length() || !host.regionMatches(dot, domain, 0, domain.length())) {
			return false;
		}
		// the wildcard stands for at least one character
		String prefix = this.prefix;
		String suffix = this.suffix;
		return dot > prefix.length() + suffix.length() && host.startsWith(prefix)
				&& host.regionMatches(dot - suffix.length(), suffix, 0, suffix.length());
	}

}
