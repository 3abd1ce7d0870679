package io.github.sslstarter.verify;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

import io.github.sslstarter.verify.HostnameScheme.CommonName;
import io.github.sslstarter.verify.HostnameScheme.IpInCommonName;

/**
 * Matches host names against certificates by scheme; plain Java, usable without Spring.
 *
 * <p>Rules common to every scheme: at most one wildcard, only in the leftmost label, standing for
 * one or more characters of that label; a partial wildcard ({@code w*.example.org}) never matches
 * an IDN ({@code xn--}) label; a wildcard never covers a whole public suffix of the ICANN section
 * of the public suffix list ({@code *.co.uk}, {@code *.com}; but {@code *.github.io} is allowed,
 * as {@code github.io} is in the private section) nor a single label; a trailing dot is ignored
 * and case does not matter; a Unicode host is converted to punycode first and must then hold only
 * letters, digits, {@code -}, {@code _} and {@code .}; NUL bytes match nothing. An IP address
 * (IPv4, or IPv6 in any textual form, optionally in brackets) matches iPAddress subjectAltNames
 * byte for byte, and the CN where the scheme allows it; a malformed IP such as {@code 127.1},
 * {@code 1.2.3.256} or {@code 12345.6} (any name whose last label is numeric) matches nothing and
 * is never resolved.
 */
public final class HostnameVerification {

	private HostnameVerification() {
	}

	/**
	 * Matches {@code host} against {@code certificate} under {@code scheme}. A callback scheme's
	 * exceptions propagate.
	 */
	public static HostnameMatch verify(String host, X509Certificate certificate, HostnameScheme scheme) {
		Objects.requireNonNull(certificate, "certificate");
		Objects.requireNonNull(scheme, "scheme");
		CertificateNames names = CertificateNames.of(certificate);
		boolean matched;
		if (scheme.checksNothing()) {
			matched = true;
		}
		else if (scheme.callback() != null) {
			matched = scheme.callback().verify(host, names.commonName, names.subjectAltNames);
		}
		else {
			matched = matches(host, names, scheme);
		}
		return new HostnameMatch(matched, host, scheme.name(), names.presentedNames);
	}

	/** Matches under the scheme of that name or alias (see {@link HostnameScheme#named(String)}). */
	public static HostnameMatch verify(String host, X509Certificate certificate, String scheme) {
		return verify(host, certificate, HostnameScheme.named(scheme));
	}

	static boolean matches(String host, CertificateNames names, HostnameScheme scheme) {
		HostNames.Identity identity = HostNames.parse(host);
		if (identity == null) {
			return false;
		}
		boolean checkCommonName = scheme.commonName() == CommonName.ALWAYS
				|| (scheme.commonName() == CommonName.WHEN_ONLY && !names.hasDnsNames);
		byte[] address = identity.address;
		if (address != null) {
			for (byte[] presented : names.ipAddresses) {
				if (Arrays.equals(presented, address)) {
					return true;
				}
			}
			IpInCommonName ipInCommonName = scheme.ipInCommonName();
			return checkCommonName && names.commonNameAddress != null
					&& (ipInCommonName == IpInCommonName.ANY
							|| (ipInCommonName == IpInCommonName.IPV4 && address.length == 4))
					&& Arrays.equals(names.commonNameAddress, address);
		}
		String name = identity.name;
		HostnameScheme.Wildcards sanWildcards = scheme.sanWildcards();
		for (NamePattern presented : names.dnsNames) {
			if (presented.matches(name, sanWildcards)) {
				return true;
			}
		}
		return checkCommonName && names.commonNamePattern.matches(name, scheme.cnWildcards());
	}

}
