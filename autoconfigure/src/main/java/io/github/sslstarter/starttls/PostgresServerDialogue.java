package io.github.sslstarter.starttls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL, the server's side: an SSLRequest answered {@code S}; a GSSENCRequest first is
 * answered {@code N} (no GSSAPI encryption here), after which the client may send its
 * SSLRequest. A StartupMessage without SSLRequest gets an ErrorResponse: this server only
 * speaks TLS.
 */
final class PostgresServerDialogue implements ServerDialogue {

	private static final int SSL_REQUEST = 80877103;

	private static final int GSSENC_REQUEST = 80877104;

	private static final String EXPECTED = "an SSLRequest (length 8, code 80877103)";

	@Override
	public void run(PlaintextChannel channel, String serverName) throws StartTlsException {
		ByteArrayOutputStream received = new ByteArrayOutputStream(16);
		for (int i = 0; i < 2; i++) {
			received.reset();
			int length = int32(channel.readFully(4, EXPECTED, received));
			int code = int32(channel.readFully(4, EXPECTED, received));
			if (length == 8 && code == SSL_REQUEST) {
				// CVE-2021-23214: bytes already waiting after SSLRequest must not reach the TLS layer
				channel.goAhead("SSLRequest", new byte[] { 'S' },
						error("08P01", "received unencrypted data after SSL request"), false);
				return;
			}
			if (length == 8 && code == GSSENC_REQUEST) {
				channel.send(new byte[] { 'N' });
				continue;
			}
			channel.send(error("28000", "this server accepts only SSL connections"));
			String said = (code == 196608) ? "a StartupMessage (protocol 3.0) without SSLRequest"
					: "a packet of length " + length + " with code " + code;
			throw channel.fail("expected " + EXPECTED + ", but the client sent " + said);
		}
		channel.send(error("08P01", "expected SSLRequest"));
		throw channel.fail("expected " + EXPECTED + ", but the client sent a second GSSENCRequest");
	}

	private static int int32(byte[] bytes) {
		return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
	}

	/** An ErrorResponse: severity FATAL, the SQLSTATE code and the message. */
	static byte[] error(String sqlState, String message) {
		ByteArrayOutputStream fields = new ByteArrayOutputStream(64);
		field(fields, 'S', "FATAL");
		field(fields, 'V', "FATAL");
		field(fields, 'C', sqlState);
		field(fields, 'M', message);
		fields.write(0);
		int length = fields.size() + 4;
		ByteArrayOutputStream packet = new ByteArrayOutputStream(length + 1);
		packet.write('E');
		packet.writeBytes(new byte[] { (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
				(byte) length });
		packet.writeBytes(fields.toByteArray());
		return packet.toByteArray();
	}

	private static void field(ByteArrayOutputStream out, char type, String value) {
		out.write(type);
		out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
		out.write(0);
	}

}
