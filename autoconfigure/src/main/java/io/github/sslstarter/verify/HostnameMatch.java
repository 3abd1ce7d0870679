package io.github.sslstarter.verify;

import java.util.List;

/**
 * The outcome of matching one host name against one certificate under one scheme.
 *
 * @param matched whether the certificate is valid for the host
 * @param host the identity checked, as given
 * @param scheme the scheme's name
 * @param presentedNames the names the certificate carries (DNS and IP subjectAltNames, then the CN)
 */
public record HostnameMatch(boolean matched, String host, String scheme, List<String> presentedNames) {

	/** A sentence for a person: which host, which scheme, which names the certificate carries. */
	public String describe() {
		return (this.matched ? "Host name '" + this.host + "' matches" : "Host name '" + this.host + "' does not match")
				+ " the certificate (scheme " + this.scheme + "); the certificate is valid for " + this.presentedNames;
	}

}
