package io.github.sslstarter.verify;

/**
 * A hostname verification scheme (IO::Socket::SSL's {@code SSL_verifycn_scheme}).
 * STUB: the verify issue replaces this with the full engine; keep the public signatures.
 */
public record HostnameScheme(String name, CommonName commonName, Wildcards sanWildcards, Wildcards cnWildcards,
		IpInCommonName ipInCommonName) {

	/** Whether the subject's common name is consulted. */
	public enum CommonName { ALWAYS, WHEN_ONLY, NEVER }

	/** Where a wildcard may stand. */
	public enum Wildcards { NONE, FULL_LABEL, ANYWHERE }

	/** Whether an IP address identity may match the common name. */
	public enum IpInCommonName { ANY, IPV4, NONE }

	public static final HostnameScheme DEFAULT = new HostnameScheme("default", CommonName.ALWAYS, Wildcards.ANYWHERE,
			Wildcards.ANYWHERE, IpInCommonName.ANY);

	public static final HostnameScheme NONE = new HostnameScheme("none", CommonName.NEVER, Wildcards.NONE,
			Wildcards.NONE, IpInCommonName.NONE);

	/** The scheme of that name or alias, case-insensitive; unknown names throw IllegalArgumentException. */
	public static HostnameScheme named(String name) {
		if (name == null || name.isBlank() || name.equalsIgnoreCase("default")) {
			return DEFAULT;
		}
		if (name.equalsIgnoreCase("none")) {
			return NONE;
		}
		throw new IllegalArgumentException("Unknown hostname scheme '" + name + "'");
	}

	/** {@code true} for the scheme that checks nothing. */
	public boolean checksNothing() {
		return this.commonName == CommonName.NEVER && this.sanWildcards == Wildcards.NONE && "none".equals(this.name);
	}

}
