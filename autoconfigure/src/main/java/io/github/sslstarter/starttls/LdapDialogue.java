package io.github.sslstarter.starttls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * LDAP (RFC 4511 section 4.14): the StartTLS ExtendedRequest, answered by an ExtendedResponse
 * whose resultCode must be 0 (success). Both are BER; the response is read by its encoded
 * length, never beyond.
 */
final class LdapDialogue implements Dialogue {

	static final String START_TLS_OID = "1.3.6.1.4.1.1466.20037";

	static final int SEQUENCE = 0x30;

	static final int INTEGER = 0x02;

	static final int ENUMERATED = 0x0a;

	static final int OCTET_STRING = 0x04;

	static final int EXTENDED_REQUEST = 0x77;

	static final int EXTENDED_RESPONSE = 0x78;

	static final int REQUEST_NAME = 0x80;

	private static final String EXPECTED = "an ExtendedResponse with resultCode 0 (success)";

	private static final Map<Integer, String> RESULT_NAMES = Map.ofEntries(Map.entry(0, "success"),
			Map.entry(1, "operationsError"), Map.entry(2, "protocolError"), Map.entry(3, "timeLimitExceeded"),
			Map.entry(7, "authMethodNotSupported"), Map.entry(8, "strongerAuthRequired"),
			Map.entry(11, "adminLimitExceeded"), Map.entry(12, "unavailableCriticalExtension"),
			Map.entry(13, "confidentialityRequired"), Map.entry(50, "insufficientAccessRights"),
			Map.entry(51, "busy"), Map.entry(52, "unavailable"), Map.entry(53, "unwillingToPerform"),
			Map.entry(80, "other"));

	@Override
	public void run(PlaintextChannel channel, String host, String clientName) throws StartTlsException {
		channel.send(request(1));
		Ber message = new Ber(readMessage(channel, EXPECTED), channel, EXPECTED);
		long messageId = message.integer(INTEGER, "messageID");
		int op = message.tag();
		if (op != EXTENDED_RESPONSE) {
			throw channel.unexpected(EXPECTED, String.format("an LDAPMessage with protocolOp tag 0x%02x", op));
		}
		Ber response = new Ber(message.value("ExtendedResponse"), channel, EXPECTED);
		long resultCode = response.integer(ENUMERATED, "resultCode");
		response.value("matchedDN");
		String diagnostic = new String(response.value("diagnosticMessage"), StandardCharsets.UTF_8);
		if (messageId != 1 || resultCode != 0) {
			String said = "resultCode " + resultCode + " (" + RESULT_NAMES.getOrDefault((int) resultCode, "unknown")
					+ ")" + (diagnostic.isEmpty() ? "" : ", diagnosticMessage '" + diagnostic + "'");
			if (messageId == 0) {
				// RFC 4511 4.4: messageID 0 is an unsolicited notification, e.g. the Notice of Disconnection
				said = "an unsolicited notification with " + said;
			}
			else if (messageId != 1) {
				said = "messageID " + messageId + " instead of 1, " + said;
			}
			throw channel.unexpected(EXPECTED, said);
		}
		channel.expectNothingMore("the StartTLS ExtendedResponse");
	}

	/** One LDAPMessage's contents (after its SEQUENCE tag and length), read by its length, never beyond. */
	static byte[] readMessage(PlaintextChannel channel, String expected) throws StartTlsException {
		ByteArrayOutputStream received = new ByteArrayOutputStream(64);
		int tag = channel.readByte(expected, received);
		if (tag != SEQUENCE) {
			throw channel.unexpected(expected + " (an LDAPMessage, BER SEQUENCE 0x30)",
					String.format("first byte 0x%02x", tag));
		}
		int length = readLength(channel, expected, received);
		return channel.readFully(length, expected, received);
	}

	static byte[] request(int messageId) {
		byte[] oid = START_TLS_OID.getBytes(StandardCharsets.US_ASCII);
		byte[] name = tlv(REQUEST_NAME, oid);
		byte[] body = concat(tlv(INTEGER, new byte[] { (byte) messageId }), tlv(EXTENDED_REQUEST, name));
		return tlv(SEQUENCE, body);
	}

	/** A BER value; the definite length in its short form, or the long form up to 255. */
	static byte[] tlv(int tag, byte[] value) {
		if (value.length > 255) {
			throw new IllegalArgumentException("BER value too long: " + value.length);
		}
		byte[] header = (value.length < 0x80) ? new byte[] { (byte) tag, (byte) value.length }
				: new byte[] { (byte) tag, (byte) 0x81, (byte) value.length };
		return concat(header, value);
	}

	/** A non-negative INTEGER or ENUMERATED value, minimal two's complement. */
	static byte[] integer(int tag, long value) {
		int length = 1;
		while (length < 8 && (value >> (8 * length - 1)) != 0) {
			length++;
		}
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[length - 1 - i] = (byte) (value >> (8 * i));
		}
		return tlv(tag, bytes);
	}

	static byte[] concat(byte[] first, byte[] second) {
		byte[] all = new byte[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	private static int readLength(PlaintextChannel channel, String expected, ByteArrayOutputStream received)
			throws StartTlsException {
		int first = channel.readByte(expected, received);
		if (first < 0x80) {
			return first;
		}
		int count = first & 0x7f;
		if (count == 0 || count > 4) {
			throw channel.fail("expected " + expected + ", but the " + channel.peer()
					+ " sent a BER length LDAP does not allow (0x" + Integer.toHexString(first) + ")");
		}
		long length = 0;
		for (int i = 0; i < count; i++) {
			length = (length << 8) | channel.readByte(expected, received);
		}
		if (length > PlaintextChannel.MAX_BYTES) {
			throw channel.fail("expected " + expected + ", but the " + channel.peer() + " announced an LDAPMessage of "
					+ length + " bytes (more than " + PlaintextChannel.MAX_BYTES + " bytes)");
		}
		return (int) length;
	}

	/** A cursor over the contents of a constructed BER value, definite lengths only. */
	static final class Ber {

		private final byte[] bytes;

		private final PlaintextChannel channel;

		private final String expected;

		private int position;

		Ber(byte[] bytes, PlaintextChannel channel, String expected) {
			this.bytes = bytes;
			this.channel = channel;
			this.expected = expected;
		}

		boolean hasMore() {
			return this.position < this.bytes.length;
		}

		int tag() throws StartTlsException {
			ensure(1, "a tag");
			return this.bytes[this.position] & 0xff;
		}

		long integer(int expectedTag, String field) throws StartTlsException {
			int tag = tag();
			if (tag != expectedTag) {
				throw malformed(String.format("%s has tag 0x%02x, expected 0x%02x", field, tag, expectedTag));
			}
			byte[] value = value(field);
			if (value.length == 0 || value.length > 4) {
				throw malformed(field + " has " + value.length + " bytes");
			}
			long result = value[0];
			for (int i = 1; i < value.length; i++) {
				result = (result << 8) | (value[i] & 0xff);
			}
			return result;
		}

		byte[] value(String field) throws StartTlsException {
			ensure(2, field);
			this.position++;
			int length = this.bytes[this.position++] & 0xff;
			if (length >= 0x80) {
				int count = length & 0x7f;
				if (count == 0 || count > 3) {
					throw malformed(field + " has an unsupported length form");
				}
				ensure(count, field);
				length = 0;
				for (int i = 0; i < count; i++) {
					length = (length << 8) | (this.bytes[this.position++] & 0xff);
				}
			}
			ensure(length, field);
			byte[] value = new byte[length];
			System.arraycopy(this.bytes, this.position, value, 0, length);
			this.position += length;
			return value;
		}

		private void ensure(int count, String field) throws StartTlsException {
			if (this.position + count > this.bytes.length) {
				throw malformed(field + " runs past the end of the message");
			}
		}

		private StartTlsException malformed(String detail) {
			return this.channel.fail("expected " + this.expected + ", but the " + this.channel.peer()
					+ " sent malformed BER: " + detail);
		}

	}

}
