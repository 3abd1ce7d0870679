package io.github.sslstarter.verify;

import java.util.Objects;

/**
 * One subjectAltName of a certificate, typed.
 *
 * @param type what kind of name it is
 * @param value the name as text: a DNS name, an IP address ({@code 127.0.0.1}, IPv6 in the JDK's
 * uncompressed form), an e-mail address, a URI, or for other kinds the JDK's text or {@code #} and
 * the hexadecimal DER bytes
 */
public record SubjectAltName(Type type, String value) {

	/** The kinds of subjectAltName told apart; the rest are {@link #OTHER}. */
	public enum Type {

		/** dNSName. */
		DNS,
		/** iPAddress. */
		IP,
		/** rfc822Name. */
		EMAIL,
		/** uniformResourceIdentifier. */
		URI,
		/** otherName, x400Address, directoryName, ediPartyName, registeredID. */
		OTHER

	}

	public SubjectAltName {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(value, "value");
	}

	@Override
	public String toString() {
		return this.type + ":" + this.value;
	}

}
