package io.github.sslstarter.verify;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import javax.security.auth.x500.X500Principal;

/**
 * Reads the common name out of a distinguished name's DER encoding: parsing the RFC 2253 text
 * form instead would have to undo its escaping and {@code #hex} values.
 */
final class SubjectNames {

	// OBJECT IDENTIFIER 2.5.4.3 (commonName): tag, length, content
	private static final byte[] COMMON_NAME_OID = { 0x06, 0x03, 0x55, 0x04, 0x03 };

	private SubjectNames() {
	}

	/**
	 * The most specific (last encoded) common name, or {@code null} when there is none or it cannot
	 * be read. Like OpenSSL's host check, the last CN wins when there are several.
	 */
	static String commonName(X500Principal principal) {
		if (principal == null) {
			return null;
		}
		try {
			return lastCommonName(principal.getEncoded());
		}
		catch (RuntimeException ex) {
			// a malformed name simply has no usable CN
			return null;
		}
	}

	static String lastCommonName(byte[] der) {
		Reader name = new Reader(der, 0, der.length);
		Reader rdns = name.enter(0x30);
		String found = null;
		while (rdns.hasMore()) {
			Reader attributes = rdns.enter(0x31);
			while (attributes.hasMore()) {
				Reader attribute = attributes.enter(0x30);
				if (attribute.startsWith(COMMON_NAME_OID)) {
					attribute.skip();
					int tag = attribute.peekTag();
					byte[] value = attribute.content();
					String text = decode(tag, value);
					if (text != null) {
						found = text;
					}
				}
			}
		}
		return found;
	}

	private static String decode(int tag, byte[] value) {
		switch (tag) {
			case 0x0C: // UTF8String
				return new String(value, StandardCharsets.UTF_8);
			case 0x12: // NumericString
			case 0x13: // PrintableString
			case 0x16: // IA5String
			case 0x1A: // VisibleString
				return new String(value, StandardCharsets.US_ASCII);
			case 0x14: // TeletexString, read as Latin-1 like most implementations
				return new String(value, StandardCharsets.ISO_8859_1);
			case 0x1E: // BMPString
				return new String(value, StandardCharsets.UTF_16BE);
			case 0x1C: // UniversalString
				return new String(value, Charset.forName("UTF-32BE"));
			default:
				return null;
		}
	}

	/** A cursor over a run of DER elements. */
	private static final class Reader {

		private final byte[] der;

		private int position;

		private final int end;

		Reader(byte[] der, int start, int end) {
			this.der = der;
			this.position = start;
			this.end = end;
		}

		boolean hasMore() {
			return this.position < this.end;
		}

		int peekTag() {
			check(this.position < this.end);
			return this.der[this.position] & 0xff;
		}

		boolean startsWith(byte[] bytes) {
			if (this.end - this.position < bytes.length) {
				return false;
			}
			for (int i = 0; i < bytes.length; i++) {
				if (this.der[this.position + i] != bytes[i]) {
					return false;
				}
			}
			return true;
		}

		/** Steps into the next element, which must carry {@code tag}, and returns a cursor over its content. */
		Reader enter(int tag) {
			check(peekTag() == tag);
			int[] bounds = next();
			return new Reader(this.der, bounds[0], bounds[1]);
		}

		byte[] content() {
			int[] bounds = next();
			byte[] content = new byte[bounds[1] - bounds[0]];
			System.arraycopy(this.der, bounds[0], content, 0, content.length);
			return content;
		}

		void skip() {
			next();
		}

		// returns {contentStart, contentEnd} and moves past the element
		private int[] next() {
			int p = this.position + 1;
			check(p < this.end);
			int length = this.der[p++] & 0xff;
			if (length >= 0x80) {
				int count = length & 0x7f;
				check(count >= 1 && count <= 3);
				length = 0;
				for (int i = 0; i < count; i++) {
					check(p < this.end);
					length = (length << 8) | (this.der[p++] & 0xff);
				}
			}
			check(length >= 0 && p + length <= this.end);
			this.position = p + length;
			return new int[] { p, p + length };
		}

		private static void check(boolean condition) {
			if (!condition) {
				throw new IllegalArgumentException("Malformed distinguished name");
			}
		}

	}

}
