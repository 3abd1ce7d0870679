package io.github.sslstarter.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A hostname verification scheme (IO::Socket::SSL's {@code SSL_verifycn_scheme}): whether the
 * subject's common name is consulted, where wildcards may stand in subjectAltNames and in the CN,
 * and whether an IP address may match the CN. A scheme may instead hand the decision to a
 * {@link HostnameCallback}, in which case the four settings are not used.
 *
 * <p>Predefined schemes, by name and alias (see {@link #named(String)}):
 * <pre>
 * strict, rfc6125 (used when none is configured)        CN when_only, SAN *full,     CN *full,     IP in CN no
 * default (IO::Socket::SSL's lenient default)           CN always,    SAN *anywhere, CN *anywhere, IP in CN any
 * http, www                                             CN when_only, SAN *anywhere, CN *anywhere, IP in CN IPv4
 * rfc2818, xmpp, ftp                                    CN when_only, SAN *anywhere, CN *anywhere, IP in CN no
 * ldap                                                  CN always,    SAN *full,     CN none,      IP in CN no
 * smtp, imap, pop3, acap, nntp, netconf, syslog, snmp   CN always,    SAN *full,     CN *full,     IP in CN no
 * gist                                                  CN when_only, SAN *full,     CN *full,     IP in CN no
 * sip                                                   CN always,    SAN none,      CN none,      IP in CN no
 * none                                                  nothing is checked
 * </pre>
 *
 * @param name the scheme's name, shown in messages
 * @param commonName whether the CN is consulted
 * @param sanWildcards where a wildcard may stand in a dNSName subjectAltName
 * @param cnWildcards where a wildcard may stand in the CN
 * @param ipInCommonName whether an IP address identity may match the CN
 * @param callback decides instead of the settings when not {@code null}
 */
public record HostnameScheme(String name, CommonName commonName, Wildcards sanWildcards, Wildcards cnWildcards,
		IpInCommonName ipInCommonName, HostnameCallback callback) {

	/** Whether the subject's common name is consulted. */
	public enum CommonName {

		/** The CN is checked in addition to the subjectAltNames. */
		ALWAYS,
		/** The CN is checked only when the certificate has no dNSName subjectAltName. */
		WHEN_ONLY,
		/** The CN is never checked. */
		NEVER

	}

	/** Where a wildcard may stand. */
	public enum Wildcards {

		/** Nowhere: names with a wildcard match nothing. */
		NONE,
		/** Only as the whole leftmost label: {@code *.example.org}. */
		FULL_LABEL,
		/** Also as part of the leftmost label: {@code w*.example.org}. */
		ANYWHERE

	}

	/** Whether an IP address identity may match the common name. */
	public enum IpInCommonName {

		/** IPv4 and IPv6 addresses may match the CN. */
		ANY,
		/** Only IPv4 addresses may match the CN. */
		IPV4,
		/** IP addresses match iPAddress subjectAltNames only. */
		NONE

	}

	/**
	 * Scheme {@code strict}, the one used when no scheme is configured: the modern rule of
	 * RFC 6125 and the CA/Browser Forum, as browsers, OkHttp and the JDK's HTTPS check apply it.
	 * The CN is consulted only when the certificate has no DNS subjectAltName, a wildcard stands
	 * only for a whole leftmost label, and an IP address matches iPAddress subjectAltNames only.
	 */
	public static final HostnameScheme STRICT = new HostnameScheme("strict", CommonName.WHEN_ONLY,
			Wildcards.FULL_LABEL, Wildcards.FULL_LABEL, IpInCommonName.NONE);

	/**
	 * Scheme {@code default}: IO::Socket::SSL's lenient default, kept by name for compatibility.
	 * The CN is checked even when the certificate has DNS subjectAltNames, wildcards may be
	 * partial, and an IP address may match the CN.
	 */
	public static final HostnameScheme DEFAULT = new HostnameScheme("default", CommonName.ALWAYS, Wildcards.ANYWHERE,
			Wildcards.ANYWHERE, IpInCommonName.ANY);

	/** Scheme {@code none}: no host name check at all. */
	public static final HostnameScheme NONE = new HostnameScheme("none", CommonName.NEVER, Wildcards.NONE,
			Wildcards.NONE, IpInCommonName.NONE);

	private static final Map<String, HostnameScheme> NAMED = predefined();

	public HostnameScheme {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(commonName, "commonName");
		Objects.requireNonNull(sanWildcards, "sanWildcards");
		Objects.requireNonNull(cnWildcards, "cnWildcards");
		Objects.requireNonNull(ipInCommonName, "ipInCommonName");
	}

	/** A scheme from the four settings, without callback. */
	public HostnameScheme(String name, CommonName commonName, Wildcards sanWildcards, Wildcards cnWildcards,
			IpInCommonName ipInCommonName) {
		this(name, commonName, sanWildcards, cnWildcards, ipInCommonName, null);
	}

	private static Map<String, HostnameScheme> predefined() {
		Map<String, HostnameScheme> named = new LinkedHashMap<>();
		named.put("strict", STRICT);
		define(named, CommonName.WHEN_ONLY, Wildcards.FULL_LABEL, Wildcards.FULL_LABEL, IpInCommonName.NONE, "rfc6125");
		named.put("default", DEFAULT);
		define(named, CommonName.WHEN_ONLY, Wildcards.ANYWHERE, Wildcards.ANYWHERE, IpInCommonName.IPV4, "http", "www");
		define(named, CommonName.WHEN_ONLY, Wildcards.ANYWHERE, Wildcards.ANYWHERE, IpInCommonName.NONE, "rfc2818",
				"xmpp", "ftp");
		define(named, CommonName.ALWAYS, Wildcards.FULL_LABEL, Wildcards.NONE, IpInCommonName.NONE, "ldap");
		define(named, CommonName.ALWAYS, Wildcards.FULL_LABEL, Wildcards.FULL_LABEL, IpInCommonName.NONE, "smtp",
				"imap", "pop3", "acap", "nntp", "netconf", "syslog", "snmp");
		define(named, CommonName.WHEN_ONLY, Wildcards.FULL_LABEL, Wildcards.FULL_LABEL, IpInCommonName.NONE, "gist");
		define(named, CommonName.ALWAYS, Wildcards.NONE, Wildcards.NONE, IpInCommonName.NONE, "sip");
		named.put("none", NONE);
		return Collections.unmodifiableMap(named);
	}

	private static void define(Map<String, HostnameScheme> named, CommonName commonName, Wildcards sanWildcards,
			Wildcards cnWildcards, IpInCommonName ipInCommonName, String... names) {
		for (String name : names) {
			named.put(name, new HostnameScheme(name, commonName, sanWildcards, cnWildcards, ipInCommonName));
		}
	}

	/**
	 * The predefined scheme of that name or alias, case-insensitive; {@code null} or blank means
	 * {@code strict}, the scheme used when none is configured. The scheme keeps the name it was asked by (so {@code ftp} reports as {@code ftp}).
	 * @throws IllegalArgumentException for an unknown name, listing the known ones
	 */
	public static HostnameScheme named(String name) {
		if (name == null || name.isBlank()) {
			return STRICT;
		}
		HostnameScheme scheme = NAMED.get(name.strip().toLowerCase(Locale.ROOT));
		if (scheme == null) {
			throw new IllegalArgumentException("Unknown hostname scheme '" + name + "'; known schemes are " + names());
		}
		return scheme;
	}

	/** Every predefined scheme name and alias, in table order (for property metadata hints). */
	public static List<String> names() {
		return new ArrayList<>(NAMED.keySet());
	}

	/** A scheme named {@code custom} from the four settings. */
	public static HostnameScheme custom(CommonName commonName, Wildcards sanWildcards, Wildcards cnWildcards,
			IpInCommonName ipInCommonName) {
		return new HostnameScheme("custom", commonName, sanWildcards, cnWildcards, ipInCommonName);
	}

	/** A scheme that asks {@code callback}; {@code name} is shown in messages. */
	public static HostnameScheme custom(String name, HostnameCallback callback) {
		Objects.requireNonNull(callback, "callback");
		return new HostnameScheme(name, CommonName.NEVER, Wildcards.NONE, Wildcards.NONE, IpInCommonName.NONE,
				callback);
	}

	/** A callback scheme named {@code callback}. */
	public static HostnameScheme custom(HostnameCallback callback) {
		return custom("callback", callback);
	}

	/** {@code true} for the scheme that checks nothing. */
	public boolean checksNothing() {
		return this.callback == null && this.commonName == CommonName.NEVER && this.sanWildcards == Wildcards.NONE
				&& "none".equals(this.name);
	}

	@Override
	public String toString() {
		if (this.callback != null) {
			return "HostnameScheme[" + this.name + ", callback]";
		}
		return "HostnameScheme[" + this.name + ": cn " + this.commonName + ", wildcards in SAN " + this.sanWildcards
				+ ", in CN " + this.cnWildcards + ", IP in CN " + this.ipInCommonName + "]";
	}

}
