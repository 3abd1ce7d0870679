package io.github.sslstarter.starttls;

import java.io.ByteArrayOutputStream;

/**
 * PostgreSQL: the SSLRequest packet (length 8, code 80877103), answered by one byte, {@code S}
 * to proceed or {@code N} to refuse.
 */
final class PostgresDialogue implements Dialogue {

	private static final byte[] SSL_REQUEST = { 0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f };

	private static final String EXPECTED = "'S' (SSL accepted) in reply to SSLRequest";

	@Override
	public void run(PlaintextChannel channel, String host, String clientName) throws StartTlsException {
		channel.send(SSL_REQUEST);
		int answer = channel.readByte(EXPECTED, new ByteArrayOutputStream(1));
		if (answer == 'N') {
			throw channel.fail("expected " + EXPECTED + ", but the server said 'N': the server does not support SSL");
		}
		if (answer == 'E') {
			throw channel.fail("expected " + EXPECTED
					+ ", but the server said 'E' (an ErrorResponse): the server does not understand SSLRequest");
		}
		if (answer != 'S') {
			throw channel.unexpected(EXPECTED, String.valueOf((char) answer));
		}
		// CVE-2021-23222: bytes already waiting after 'S' would be taken for TLS records
		channel.expectNothingMore("'S'");
	}

}
