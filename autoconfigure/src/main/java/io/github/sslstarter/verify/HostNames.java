package io.github.sslstarter.verify;

import java.net.IDN;
import java.util.Locale;

/**
 * Turns the host a caller wants to reach into the identity that is compared with certificates:
 * a lower-case ASCII DNS name or the bytes of an IP address. Anything else matches nothing.
 */
final class HostNames {

	private HostNames() {
	}

	/** A parsed identity: exactly one of {@code name} and {@code address} is set. */
	static final class Identity {

		final String name;

		final byte[] address;

		Identity(String name, byte[] address) {
			this.name = name;
			this.address = address;
		}

	}

	/** Letters, digits, {@code -}, {@code _} and {@code .}: all a host name may hold once in ASCII. */
	static boolean isNameChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || (c >= 'A' && c <= 'Z')
				|| c == '_';
	}

	/**
	 * The identity of {@code host}, or {@code null} when it can match nothing: empty, NUL bytes or
	 * other junk, a malformed IP literal such as {@code 127.1} or {@code 1.2.3.256}, a Unicode name
	 * that IDNA refuses or that turns into an IP address.
	 */
	static Identity parse(String host) {
		if (host == null || host.isEmpty()) {
			return null;
		}
		char first = host.charAt(0);
		if (first == '[' || host.indexOf(':') >= 0) {
			byte[] address = ipv6(host);
			return (address != null) ? new Identity(null, address) : null;
		}
		boolean upper = false;
		boolean ascii = true;
		for (int i = 0, n = host.length(); i < n; i++) {
			char c = host.charAt(i);
			if (c >= 0x80) {
				ascii = false;
			}
			else if (!isNameChar(c)) {
				return null;
			}
			else if (c >= 'A' && c <= 'Z') {
				upper = true;
			}
		}
		String name = host;
		if (!ascii) {
			name = toAscii(host);
			if (name == null) {
				return null;
			}
			upper = true;
		}
		int end = name.length();
		if (name.charAt(end - 1) == '.') {
			end--;
		}
		if (end == 0 || name.charAt(0) == '.') {
			return null;
		}
		// a name whose last label is numeric is an IP address attempt, never a DNS name
		int lastDot = name.lastIndexOf('.', end - 1);
		if (isNumericLabel(name, lastDot + 1, end)) {
			byte[] address = ascii ? IpLiterals.parseIpv4(host) : null;
			return (address != null) ? new Identity(null, address) : null;
		}
		for (int i = 1; i < end; i++) {
			if (name.charAt(i) == '.' && name.charAt(i - 1) == '.') {
				return null;
			}
		}
		if (end != name.length()) {
			name = name.substring(0, end);
		}
		if (upper) {
			name = name.toLowerCase(Locale.ROOT);
		}
		return new Identity(name, null);
	}

	private static byte[] ipv6(String host) {
		int end = host.length();
		if (host.charAt(0) == '[') {
			if (end < 3 || host.charAt(end - 1) != ']') {
				return null;
			}
			return IpLiterals.parseIpv6(host.substring(1, end - 1));
		}
		return IpLiterals.parseIpv6(host);
	}

	// decimal, or hexadecimal with 0x as some resolvers read it
	private static boolean isNumericLabel(String name, int start, int end) {
		if (start >= end) {
			return false;
		}
		if (end - start > 2 && name.charAt(start) == '0' && (name.charAt(start + 1) | 0x20) == 'x') {
			return true;
		}
		for (int i = start; i < end; i++) {
			char c = name.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static String toAscii(String host) {
		if (host.indexOf('\0') >= 0) {
			return null;
		}
		String ascii;
		try {
			ascii = IDN.toASCII(host, 0);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (ascii.isEmpty()) {
			return null;
		}
		for (int i = 0; i < ascii.length(); i++) {
			if (!isNameChar(ascii.charAt(i))) {
				return null;
			}
		}
		return ascii;
	}

}
