package io.github.sslstarter.material;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Reads the few ASN.1 DER shapes this package needs (SEQUENCE, INTEGER, OCTET STRING, OBJECT
 * IDENTIFIER) from a byte array, element by element, and writes a definite-length element.
 * Malformed input throws {@link IllegalArgumentException}; nothing is read beyond the array.
 */
final class Der {

	static final int INTEGER = 0x02;

	static final int OCTET_STRING = 0x04;

	static final int NULL = 0x05;

	static final int OBJECT_IDENTIFIER = 0x06;

	static final int SEQUENCE = 0x30;

	private final byte[] bytes;

	private final int end;

	private int offset;

	private Der(byte[] bytes, int offset, int end) {
		this.bytes = bytes;
		this.offset = offset;
		this.end = end;
	}

	/** A reader over the whole array. */
	static Der of(byte[] bytes) {
		return new Der(bytes, 0, bytes.length);
	}

	boolean hasMore() {
		return this.offset < this.end;
	}

	/** The tag of the next element, or -1 at the end. */
	int peekTag() {
		return hasMore() ? this.bytes[this.offset] & 0xFF : -1;
	}

	/** Reads a SEQUENCE and returns a reader over its content. */
	Der sequence() {
		int[] element = next(SEQUENCE);
		return new Der(this.bytes, element[0], element[0] + element[1]);
	}

	/** Reads an element of any tag and returns a reader over its content. */
	Der any() {
		int[] element = next(-1);
		return new Der(this.bytes, element[0], element[0] + element[1]);
	}

	byte[] octetString() {
		int[] element = next(OCTET_STRING);
		return Arrays.copyOfRange(this.bytes, element[0], element[0] + element[1]);
	}

	BigInteger integer() {
		int[] element = next(INTEGER);
		if (element[1] == 0) {
			throw new IllegalArgumentException("empty INTEGER");
		}
		return new BigInteger(Arrays.copyOfRange(this.bytes, element[0], element[0] + element[1]));
	}

	/** An INTEGER that must lie in {@code [min, max]}. */
	int integer(int min, int max) {
		BigInteger value = integer();
		if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
			throw new IllegalArgumentException("INTEGER out of range: " + value);
		}
		return value.intValue();
	}

	/** Reads an OBJECT IDENTIFIER in dotted form. */
	String oid() {
		int[] element = next(OBJECT_IDENTIFIER);
		if (element[1] == 0 || element[1] > 64) {
			throw new IllegalArgumentException("bad OBJECT IDENTIFIER length");
		}
		StringBuilder dotted = new StringBuilder();
		long value = 0;
		boolean first = true;
		for (int i = element[0]; i < element[0] + element[1]; i++) {
			int b = this.bytes[i] & 0xFF;
			value = (value << 7) | (b & 0x7F);
			if (value > Integer.MAX_VALUE) {
				throw new IllegalArgumentException("OBJECT IDENTIFIER arc too large");
			}
			if ((b & 0x80) == 0) {
				if (first) {
					int top = (int) Math.min(value / 40, 2);
					dotted.append(top).append('.').append(value - 40L * top);
					first = false;
				}
				else {
					dotted.append('.').append(value);
				}
				value = 0;
			}
		}
		if (value != 0 || first) {
			throw new IllegalArgumentException("truncated OBJECT IDENTIFIER");
		}
		return dotted.toString();
	}

	/** Skips the next element, whatever it is. */
	void skip() {
		next(-1);
	}

	/** The remaining content of this reader as raw bytes. */
	byte[] rest() {
		byte[] rest = Arrays.copyOfRange(this.bytes, this.offset, this.end);
		this.offset = this.end;
		return rest;
	}

	/** Fails unless everything has been read. */
	void requireEnd() {
		if (hasMore()) {
			throw new IllegalArgumentException("unexpected trailing data");
		}
	}

	/** {content offset, content length} of the next element, which must have {@code tag} (-1: any). */
	private int[] next(int tag) {
		if (this.offset + 2 > this.end) {
			throw new IllegalArgumentException("truncated DER");
		}
		int actual = this.bytes[this.offset] & 0xFF;
		if (tag != -1 && actual != tag) {
			throw new IllegalArgumentException("expected tag " + tag + ", found " + actual);
		}
		if ((actual & 0x1F) == 0x1F) {
			throw new IllegalArgumentException("multi-byte tags are not used here");
		}
		int length = this.bytes[this.offset + 1] & 0xFF;
		int content = this.offset + 2;
		if (length > 0x80) {
			int count = length & 0x7F;
			if (count > 3 || content + count > this.end) {
				throw new IllegalArgumentException("bad DER length");
			}
			length = 0;
			for (int i = 0; i < count; i++) {
				length = (length << 8) | (this.bytes[content + i] & 0xFF);
			}
			content += count;
		}
		else if (length == 0x80) {
			throw new IllegalArgumentException("indefinite length is not DER");
		}
		if (content + length > this.end) {
			throw new IllegalArgumentException("DER element runs past its container");
		}
		this.offset = content + length;
		return new int[] { content, length };
	}

	/** Encodes one element with a definite length. */
	static byte[] element(int tag, byte[]... contents) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (byte[] part : contents) {
			content.writeBytes(part);
		}
		int length = content.size();
		ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
		out.write(tag);
		if (length < 0x80) {
			out.write(length);
		}
		else {
			int count = (length > 0xFFFF) ? 3 : (length > 0xFF) ? 2 : 1;
			out.write(0x80 | count);
			for (int i = count - 1; i >= 0; i--) {
				out.write(length >>> (8 * i));
			}
		}
		out.writeBytes(content.toByteArray());
		return out.toByteArray();
	}

	/** Encodes an OBJECT IDENTIFIER from its dotted form. */
	static byte[] oid(String dotted) {
		String[] arcs = dotted.split("\\.");
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		long[] values = new long[arcs.length - 1];
		values[0] = Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]);
		for (int i = 2; i < arcs.length; i++) {
			values[i - 1] = Long.parseLong(arcs[i]);
		}
		for (long value : values) {
			int groups = 1;
			while ((value >>> (7 * groups)) != 0) {
				groups++;
			}
			for (int g = groups - 1; g >= 0; g--) {
				content.write((int) ((value >>> (7 * g)) & 0x7F) | ((g > 0) ? 0x80 : 0));
			}
		}
		return element(OBJECT_IDENTIFIER, content.toByteArray());
	}

}
