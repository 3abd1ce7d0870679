package io.github.sslstarter.verify;

/**
 * Strict parsing of IPv4 and IPv6 textual literals into their bytes, without any name resolution.
 * {@code InetAddress.getByName} is never used because it would resolve anything that is not a literal.
 */
final class IpLiterals {

	private IpLiterals() {
	}

	/**
	 * The four bytes of a dotted-quad IPv4 literal, or {@code null}. Exactly four decimal parts of
	 * at most 255 are accepted; leading zeros are refused because other parsers read them as octal.
	 */
	static byte[] parseIpv4(String text) {
		return parseIpv4(text, 0, text.length());
	}

	static byte[] parseIpv4(String text, int start, int end) {
		byte[] bytes = new byte[4];
		int part = 0;
		int i = start;
		while (part < 4) {
			int digits = 0;
			int value = 0;
			int partStart = i;
			while (i < end) {
				char c = text.charAt(i);
				if (c < '0' || c > '9') {
					break;
				}
				value = value * 10 + (c - '0');
				digits++;
				i++;
				if (digits > 3) {
					return null;
				}
			}
			if (digits == 0 || value > 255 || (digits > 1 && text.charAt(partStart) == '0')) {
				return null;
			}
			bytes[part++] = (byte) value;
			if (part < 4) {
				if (i >= end || text.charAt(i) != '.') {
					return null;
				}
				i++;
			}
		}
		return (i == end) ? bytes : null;
	}

	/**
	 * The sixteen bytes of an IPv6 literal in any RFC 4291 textual form (compressed, full, with an
	 * embedded IPv4 tail), or {@code null}. Zone identifiers ({@code %eth0}) are refused.
	 */
	static byte[] parseIpv6(String text) {
		int end = text.length();
		if (end < 2) {
			return null;
		}
		int[] groups = new int[8];
		int count = 0;
		int compressAt = -1;
		int i = 0;
		if (text.charAt(0) == ':') {
			if (text.charAt(1) != ':') {
				return null;
			}
			compressAt = 0;
			i = 2;
			if (i == end) {
				return new byte[16];
			}
		}
		byte[] tail = null;
		while (i < end) {
			if (count == 8) {
				return null;
			}
			int groupStart = i;
			int value = 0;
			while (i < end && i - groupStart < 5) {
				int digit = hexDigit(text.charAt(i));
				if (digit < 0) {
					break;
				}
				value = (value << 4) | digit;
				i++;
			}
			int length = i - groupStart;
			if (i < end && text.charAt(i) == '.') {
				// an embedded IPv4 tail takes the last two groups
				if (count > 6) {
					return null;
				}
				tail = parseIpv4(text, groupStart, end);
				if (tail == null) {
					return null;
				}
				groups[count++] = ((tail[0] & 0xff) << 8) | (tail[1] & 0xff);
				groups[count++] = ((tail[2] & 0xff) << 8) | (tail[3] & 0xff);
				i = end;
				break;
			}
			if (length == 0 || length > 4) {
				return null;
			}
			groups[count++] = value;
			if (i == end) {
				break;
			}
			if (text.charAt(i) != ':') {
				return null;
			}
			i++;
			if (i < end && text.charAt(i) == ':') {
				if (compressAt >= 0) {
					return null;
				}
				compressAt = count;
				i++;
				if (i == end) {
					break;
				}
			}
			else if (i == end) {
				return null;
			}
		}
		if (compressAt < 0 ? count != 8 : count > 7) {
			return null;
		}
		byte[] bytes = new byte[16];
		int zeros = 8 - count;
		int target = 0;
		for (int g = 0; g < count; g++) {
			if (g == compressAt) {
				target += zeros;
			}
			bytes[target * 2] = (byte) (groups[g] >>> 8);
			bytes[target * 2 + 1] = (byte) groups[g];
			target++;
		}
		return bytes;
	}

	// ASCII only: Character.digit would also accept other scripts' digits
	private static int hexDigit(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		return -1;
	}

	/** IPv4 or IPv6 literal (IPv6 optionally in brackets), or {@code null}. */
	static byte[] parse(String text) {
		if (text.indexOf(':') >= 0) {
			if (text.length() > 2 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']') {
				return parseIpv6(text.substring(1, text.length() - 1));
			}
			return parseIpv6(text);
		}
		return parseIpv4(text);
	}

}
